import { describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { CategoricalParzenEstimator, defaultWeights, NumericParzenEstimator } from "./parzen-estimator";
import { SearchSpaceSchema, type CategoricalParam, type FloatParam, type IntParam } from "./space";

const OPTUNA = { priorWeight: 1, considerMagicClip: true, considerEndpoints: false };
const param = <P>(p: unknown) => SearchSpaceSchema.parse([p])[0] as P;
const float = (low: number, high: number, extra = {}) => param<FloatParam>({ type: "float", name: "x", low, high, ...extra });
const int = (low: number, high: number, extra = {}) => param<IntParam>({ type: "int", name: "x", low, high, ...extra });
const f64 = (...v: number[]) => Float64Array.from(v);
const expectClose = (got: ArrayLike<number>, want: number[], digits = 12) => {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, digits));
};

describe("defaultWeights (Optuna's default_weights)", () => {
  it("1 each below 25 observations; from 25 on the oldest n − 25 ramp from 1/n to 1", () => {
    expect([...defaultWeights(0)]).toEqual([]);
    expect([...defaultWeights(3)]).toEqual([1, 1, 1]);
    expect([...defaultWeights(25)]).toEqual(Array(25).fill(1));
    expectClose(defaultWeights(26), [1 / 26, ...Array(25).fill(1)]);
    expectClose(defaultWeights(27), [1 / 27, ...Array(26).fill(1)]);
    // linspace(1/30, 1, 5) then 25 ones
    expectClose(defaultWeights(30), [0.03333333333333333, 0.275, 0.5166666666666667, 0.7583333333333333, 1, ...Array(25).fill(1)]);
  });
});

// Reference values: optuna 3.1.0 `_ParzenEstimator` (consider_prior, prior_weight 1, magic clip,
// no endpoints, univariate) as installed (Debian python3-optuna 3.1.0), `log_pdf` printed with repr.
describe("NumericParzenEstimator against Optuna 3.1's _ParzenEstimator", () => {
  it("float: weights, centres (prior last at mid-range), σ from neighbour gaps, log density", () => {
    const pe = new NumericParzenEstimator(float(-10, 10), f64(1, -3, 4, 4.5), OPTUNA);
    expectClose(pe.weights, [0.2, 0.2, 0.2, 0.2, 0.2]);
    expectClose(pe.mus, [1, -3, 4, 4.5, 0]);
    // gaps 4, 3, 0.5 … all below the clip floor 20/min(100, 6) = 3.33; the prior gets the range
    expectClose(pe.sigmas, [10 / 3, 10 / 3, 10 / 3, 10 / 3, 20]);
    expectClose([0, 4.2, -9.9].map((x) => pe.logPdf(x)), [-0.8839078742278251, -0.8475822586203087, -1.6384626881664202]);
  });

  it("no observation: the prior alone; one observation: its σ is its inner gap", () => {
    const prior = new NumericParzenEstimator(float(-10, 10), f64(), OPTUNA);
    expectClose(prior.weights, [1]);
    expectClose(prior.sigmas, [20]);
    expectClose([0, 7].map((x) => prior.logPdf(x)), [0.04097780049094957, -0.02027219950905046]);
    const one = new NumericParzenEstimator(float(-10, 10), f64(9), OPTUNA);
    expectClose(one.sigmas, [9, 20]);
    expectClose([0, 9.5].map((x) => one.logPdf(x)), [-0.28694683359332573, -0.17035403198740684]);
  });

  it("log float: centres and σ in ln space, scored in ln space", () => {
    const pe = new NumericParzenEstimator(float(0.01, 0.3, { log: true }), f64(0.02, 0.1, 0.25), OPTUNA);
    expectClose(pe.mus, [Math.log(0.02), Math.log(0.1), Math.log(0.25), 0.5 * (Math.log(0.01) + Math.log(0.3))]);
    expectClose(pe.sigmas, [1.0074515102711326, 0.9162907318741549, 0.9162907318741549, 3.401197381662155]);
    expectClose([0.015, 0.2].map((x) => pe.logPdf(x)), [-0.9554241012944262, -0.6840361643033701]);
  });

  it("int: range widened by ½, magic clip floor, probability of the value's cell", () => {
    const pe = new NumericParzenEstimator(int(5, 100), f64(5, 50, 51, 100), OPTUNA);
    expectClose(pe.mus, [5, 50, 51, 100, 52.5]);
    // range [4.5, 100.5] = 96; 51's gaps 1 and 1.5 → floor 96/6 = 16
    expectClose(pe.sigmas, [45, 45, 16, 47.5, 96]);
    expectClose([5, 50, 77].map((x) => pe.logPdf(x)), [-4.87734468534763, -4.279127690702004, -4.643488370003136]);
  });

  it("int with step 2", () => {
    const pe = new NumericParzenEstimator(int(0, 10, { step: 2 }), f64(0, 4, 10), OPTUNA);
    expectClose(pe.sigmas, [4, 4, 5, 12]);
    expectClose([0, 2, 10].map((x) => pe.logPdf(x)), [-1.7852760925264222, -1.6805868464850349, -2.0179068602928756]);
  });

  it("27 observations: the oldest two get ramp weights (1/27 and 1 before normalising)", () => {
    const obs = Float64Array.from({ length: 27 }, (_, i) => 0.01 + (0.98 * i) / 26);
    const pe = new NumericParzenEstimator(float(0, 1), obs, OPTUNA);
    expect(pe.weights[0]).toBeCloseTo(0.00136986301369863, 14);
    expect(pe.weights[1]).toBeCloseTo(0.036986301369863014, 14);
    expect(pe.logPdf(0.5)).toBeCloseTo(-2.5833617018795834, 12);
  });

  it("log int: σ in ln space over [ln ½, ln 64.5], scored by the density at ln x (3.1, not by cell)", () => {
    const pe = new NumericParzenEstimator(int(1, 64, { log: true }), f64(1, 2, 40), OPTUNA);
    expectClose(pe.sigmas, [0.9719624808723344, 1.0436118410609452, 1.9521204324930457, 4.859812404361672]);
    expectClose([1, 3, 64].map((x) => pe.logPdf(x)), [-0.7093033273286738, -0.6931528283849181, -0.9255489593650185]);
  });

  it("stepped float: range widened by half a step, scored by cell", () => {
    const pe = new NumericParzenEstimator(float(0, 1, { step: 0.25 }), f64(0.25, 1), OPTUNA);
    expectClose(pe.sigmas, [0.3125, 0.5, 1.25]);
    expectClose([0, 0.25, 1].map((x) => pe.logPdf(x)), [-1.7924786761394278, -1.5020324260518467, -1.6936008311847117]);
  });

  it("ints and stepped floats: the probabilities of all values sum to 1", () => {
    const cases: [FloatParam | IntParam, number[], Float64Array][] = [
      [int(5, 100), Array.from({ length: 96 }, (_, i) => 5 + i), f64(7, 30, 31, 99)],
      [int(0, 10, { step: 2 }), [0, 2, 4, 6, 8, 10], f64(2, 2, 10)],
      [float(0, 1, { step: 0.25 }), [0, 0.25, 0.5, 0.75, 1], f64(0.25, 1)],
    ];
    for (const [p, support, obs] of cases) {
      const pe = new NumericParzenEstimator(p, obs, OPTUNA);
      expect(support.reduce((s, x) => s + Math.exp(pe.logPdf(x)), 0)).toBeCloseTo(1, 12);
    }
  });

  it("samples follow the mixture it scores: int frequencies match exp(logPdf) (40,000 draws)", () => {
    const p = int(1, 12);
    const pe = new NumericParzenEstimator(p, f64(2, 3, 11), OPTUNA);
    const rng = new SeededRandom(5);
    const counts = new Float64Array(13);
    const N = 40_000;
    let offSupport = 0;
    for (let i = 0; i < N; i++) {
      const x = pe.sample(rng);
      if (Number.isInteger(x) && x >= 1 && x <= 12) counts[x]!++;
      else offSupport++;
    }
    expect(offSupport).toBe(0);
    // binomial sd ≤ sqrt(0.25/N) = 0.0025: 4 sd
    for (let x = 1; x <= 12; x++) expect(Math.abs(counts[x]! / N - Math.exp(pe.logPdf(x)))).toBeLessThan(0.01);
  });

  it("log float samples stay inside [low, high]", () => {
    const pe = new NumericParzenEstimator(float(0.01, 0.3, { log: true }), f64(0.01, 0.3), OPTUNA);
    const rng = new SeededRandom(1);
    for (let i = 0; i < 2000; i++) {
      const x = pe.sample(rng);
      expect(x >= 0.01 && x <= 0.3).toBe(true);
    }
  });
});

describe("CategoricalParzenEstimator", () => {
  const cat = param<CategoricalParam>({ type: "categorical", name: "c", choices: ["a", "b", "c"] });

  it("rows: prior/(n+1) everywhere plus 1 on the observed choice, renormalised; Optuna's log pdf", () => {
    const pe = new CategoricalParzenEstimator(cat, f64(0, 2, 2), OPTUNA);
    // row 0: (0.25 + 1, 0.25, 0.25) / 1.75
    expectClose(pe.choiceProbs.slice(0, 3), [1.25 / 1.75, 0.25 / 1.75, 0.25 / 1.75]);
    expectClose(pe.choiceProbs.slice(9, 12), [1 / 3, 1 / 3, 1 / 3]);
    expectClose([0, 1, 2].map((c) => pe.logPdf(c)), [-1.0986122886681096, -1.6582280766035324, -0.7419373447293772]);
  });

  it("draw frequencies match the mixture", () => {
    const pe = new CategoricalParzenEstimator(cat, f64(1, 1, 0), OPTUNA);
    const rng = new SeededRandom(9);
    const counts = [0, 0, 0];
    const N = 30_000;
    for (let i = 0; i < N; i++) counts[pe.sample(rng)]!++;
    for (let c = 0; c < 3; c++) expect(Math.abs(counts[c]! / N - Math.exp(pe.logPdf(c)))).toBeLessThan(0.012);
  });
});
