import { afterAll, describe, expect, it } from "vitest";
import { SeededRandom } from "../data/random";
import { onnxParity } from "../onnx/parity";
import { clearOnnxSessionCache } from "../onnx/runtime";
import type { Columns } from "./estimator";
import { ElasticNet, LinearRegression, elasticNetGap, LogisticRegression, Ridge, centredReference as centred, elasticNetReference, gaussSolveReference as gaussSolve, linearFromJSON, sigmoid } from "./linear";
import { StandardScaler } from "./scaler";

afterAll(() => clearOnnxSessionCache());

const f64 = (...v: number[]) => Float64Array.from(v);

function randomProblem(seed: number, n: number, beta: number[], intercept: number, noise: number, corr = 0) {
  const rng = new SeededRandom(seed);
  const p = beta.length;
  const X: Float64Array[] = Array.from({ length: p }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const common = rng.normal();
    let s = intercept;
    for (let j = 0; j < p; j++) {
      const v = (1 - corr) * rng.normal() * (j + 1) + corr * common + j;
      X[j]![i] = v;
      s += beta[j]! * v;
    }
    y[i] = s + noise * rng.normal();
  }
  return { X, y };
}

const rows = (X: Columns, from: number, to: number) => X.map((c) => c.slice(from, to));

describe("LinearRegression (OLS)", () => {
  it("fits a line exactly: y = 2x + 1", () => {
    const m = new LinearRegression().fit([f64(0, 1, 2, 3)], f64(1, 3, 5, 7));
    expect(m.coef[0]).toBeCloseTo(2, 12);
    expect(m.intercept).toBeCloseTo(1, 12);
    expect(Array.from(m.predict([f64(10)]))).toEqual([expect.closeTo(21, 10)]);
  });

  it("solves the normal equations (reference: Gaussian elimination on XᵀX β = Xᵀy with a ones column)", () => {
    const { X, y } = randomProblem(1, 200, [1.5, -0.7, 0.3], 2, 0.5, 0.4);
    const m = new LinearRegression().fit(X, y);
    const design = [X[0]!, X[1]!, X[2]!, new Float64Array(200).fill(1)];
    const A = design.map((a) => design.map((b) => a.reduce((s, v, i) => s + v * b[i]!, 0)));
    const bvec = design.map((a) => a.reduce((s, v, i) => s + v * y[i]!, 0));
    const ref = gaussSolve(A, bvec);
    for (let j = 0; j < 3; j++) expect(m.coef[j]).toBeCloseTo(ref[j]!, 9);
    expect(m.intercept).toBeCloseTo(ref[3]!, 9);
  });

  it("recovers y = 2·x1 − x2 (+ noise) and gives integer weights the same answer as repeated rows", () => {
    const { X, y } = randomProblem(7, 2000, [2, -1], 0, 0.01);
    const m = new LinearRegression().fit(X, y);
    expect(m.coef[0]).toBeCloseTo(2, 2);
    expect(m.coef[1]).toBeCloseTo(-1, 2);
    const Xs = rows(X, 0, 5), ys = y.slice(0, 5);
    const w = f64(1, 2, 1, 3, 1);
    const weighted = new LinearRegression().fit(Xs, ys, { sampleWeight: w });
    const idx = [0, 1, 1, 2, 3, 3, 3, 4];
    const rep = new LinearRegression().fit(Xs.map((c) => Float64Array.from(idx, (i) => c[i]!)), Float64Array.from(idx, (i) => ys[i]!));
    expect(weighted.coef[0]).toBeCloseTo(rep.coef[0]!, 9);
    expect(weighted.intercept).toBeCloseTo(rep.intercept, 9);
  });

  it("gives the minimum-norm solution for duplicated columns (as lstsq)", () => {
    const x = f64(0, 1, 2, 3);
    const m = new LinearRegression().fit([x, x], f64(1, 3, 5, 7));
    expect(m.coef[0]).toBeCloseTo(1, 9);
    expect(m.coef[1]).toBeCloseTo(1, 9);
    expect(m.intercept).toBeCloseTo(1, 9);
  });

  it("standardize: same predictions, coef in scaled units, unscaledCoef back in raw units", () => {
    const { X, y } = randomProblem(3, 300, [0.5, 2], 1, 0.1);
    const raw = new LinearRegression().fit(X, y);
    const st = new LinearRegression({ standardize: true }).fit(X, y);
    const u = st.unscaledCoef();
    expect(u.coef[0]).toBeCloseTo(raw.coef[0]!, 9);
    expect(u.intercept).toBeCloseTo(raw.intercept, 8);
    expect(st.coef[1]).toBeCloseTo(raw.coef[1]! * st.scaler!.scale[1]!, 9);
  });
});

describe("OLS and ridge partialFit (exact, from merged moments)", () => {
  it("chunked partialFit equals one fit (weighted, standardized, no intercept) and continues after a JSON round trip", () => {
    const { X, y } = randomProblem(13, 500, [1, -2, 0.5], 1000, 0.3, 0.5);
    const shifted = X.map((c) => c.map((v) => v + 5000)); // large means: the merge must stay stable
    const rng = new SeededRandom(2);
    const w = Float64Array.from({ length: 500 }, () => 0.5 + rng.uniform());
    const variants = [
      () => new LinearRegression(),
      () => new Ridge({ alpha: 7 }),
      () => new Ridge({ alpha: 7, standardize: true }),
      () => new LinearRegression({ fitIntercept: false }),
      () => new Ridge({ alpha: 2, standardize: true, fitIntercept: false }),
    ];
    for (const make of variants) {
      const one = make().fit(shifted, y, { sampleWeight: w });
      const s = make();
      for (const [a, b] of [[0, 1], [1, 120], [120, 121], [121, 500]] as const) {
        s.partialFit(rows(shifted, a, b), y.slice(a, b), { sampleWeight: w.slice(a, b) });
      }
      const label = JSON.stringify(one.toJSON().params);
      // relative 1e-7: the no-intercept Gram with feature means ~5000 has a condition number ~1e8
      for (let j = 0; j < 3; j++) expect(Math.abs(s.coef[j]! - one.coef[j]!), label).toBeLessThan(1e-7 * Math.max(1, Math.abs(one.coef[j]!)));
      expect(Math.abs(s.intercept - one.intercept), label).toBeLessThan(1e-7 * Math.max(1, Math.abs(one.intercept)));
      const a = make().partialFit(rows(shifted, 0, 250), y.slice(0, 250), { sampleWeight: w.slice(0, 250) });
      const restored = linearFromJSON(JSON.parse(JSON.stringify(a.toJSON()))) as LinearRegression | Ridge;
      restored.partialFit(rows(shifted, 250, 500), y.slice(250, 500), { sampleWeight: w.slice(250, 500) });
      for (let j = 0; j < 3; j++) expect(Math.abs(restored.coef[j]! - one.coef[j]!), label).toBeLessThan(1e-7 * Math.max(1, Math.abs(one.coef[j]!)));
    }
  });

  it("no-intercept OLS matches Gaussian elimination on XᵀX β = Xᵀy", () => {
    const { X, y } = randomProblem(14, 100, [1, 2], 3, 0.5);
    const m = new LinearRegression({ fitIntercept: false }).fit(X, y);
    const A = X.map((a) => X.map((b) => a.reduce((s, v, i) => s + v * b[i]!, 0)));
    const ref = gaussSolve(A, X.map((a) => a.reduce((s, v, i) => s + v * y[i]!, 0)));
    expect(m.coef[0]).toBeCloseTo(ref[0]!, 9);
    expect(m.coef[1]).toBeCloseTo(ref[1]!, 9);
    expect(m.intercept).toBe(0);
  });
});

describe("Ridge", () => {
  it("one feature: β = Sxy / (Sxx + α) (hand-computed)", () => {
    // x̄ = 2.5, ȳ = 4.75, Sxx = 5, Sxy = 9.5 → β = 9.5 / 6, b = 4.75 − 2.5 β
    const m = new Ridge({ alpha: 1 }).fit([f64(1, 2, 3, 4)], f64(2, 4, 5, 8));
    expect(m.coef[0]).toBeCloseTo(9.5 / 6, 12);
    expect(m.intercept).toBeCloseTo(4.75 - 2.5 * (9.5 / 6), 12);
  });

  it("matches the closed form (XcᵀXc + αI)β = Xcᵀyc on correlated features", () => {
    const { X, y } = randomProblem(11, 150, [1, -2, 0.5], -1, 1, 0.6);
    const m = new Ridge({ alpha: 25 }).fit(X, y);
    const { G, c, mx, my } = centred(X, y);
    const ref = gaussSolve(G.map((r, j) => r.map((v, k) => v + (j === k ? 25 : 0))), c);
    for (let j = 0; j < 3; j++) expect(m.coef[j]).toBeCloseTo(ref[j]!, 9);
    expect(m.intercept).toBeCloseTo(my - ref.reduce((s, b, j) => s + b * mx[j]!, 0), 9);
  });

  it("alpha = 0 is OLS and larger alpha shrinks ‖β‖", () => {
    const { X, y } = randomProblem(12, 100, [1, 1], 0, 1);
    const ols = new LinearRegression().fit(X, y);
    const r0 = new Ridge({ alpha: 0 }).fit(X, y);
    expect(r0.coef[0]).toBeCloseTo(ols.coef[0]!, 10);
    const norm = (a: Float64Array) => Math.hypot(...a);
    expect(norm(new Ridge({ alpha: 1000 }).fit(X, y).coef)).toBeLessThan(norm(new Ridge({ alpha: 10 }).fit(X, y).coef));
  });
});

describe("ElasticNet (coordinate descent)", () => {
  it("reproduces sklearn's Lasso docstring example: Lasso(alpha=0.1) on [[0,0],[1,1],[2,2]] → coef [0.85, 0], intercept 0.15", () => {
    const m = new ElasticNet({ alpha: 0.1, l1Ratio: 1 }).fit([f64(0, 1, 2), f64(0, 1, 2)], f64(0, 1, 2));
    expect(m.coef[0]).toBeCloseTo(0.85, 12);
    expect(m.coef[1]).toBe(0);
    expect(m.intercept).toBeCloseTo(0.15, 12);
  });

  it("orthogonal design: β_j = S(x_jᵀy/n, αρ) / (1 + α(1−ρ)) (closed form)", () => {
    // centred orthogonal columns with x_jᵀx_j / n = 1 (n = 4)
    const X = [f64(1, -1, 1, -1), f64(1, 1, -1, -1), f64(1, -1, -1, 1)];
    const y = f64(3, -1, 0.5, 1.5);
    const alpha = 0.4, rho = 0.7;
    const m = new ElasticNet({ alpha, l1Ratio: rho, tol: 1e-14 }).fit(X, y);
    const ybar = (3 - 1 + 0.5 + 1.5) / 4;
    for (let j = 0; j < 3; j++) {
      const z = X[j]!.reduce((s, v, i) => s + v * (y[i]! - ybar), 0) / 4;
      const want = (Math.sign(z) * Math.max(Math.abs(z) - alpha * rho, 0)) / (1 + alpha * (1 - rho));
      expect(m.coef[j]).toBeCloseTo(want, 12);
    }
    expect(m.intercept).toBeCloseTo(ybar, 12);
  });

  it("matches the active-set enumeration reference on correlated data (several α, l1Ratio)", () => {
    const { X, y } = randomProblem(5, 80, [1.2, 0, -0.4, 0.05], 0.5, 0.8, 0.7);
    for (const [alpha, rho] of [[0.05, 0.5], [0.3, 1], [0.2, 0.2], [1, 0.9]] as const) {
      const m = new ElasticNet({ alpha, l1Ratio: rho, tol: 1e-13, maxIter: 100000 }).fit(X, y);
      const ref = elasticNetReference(X, y, alpha, rho);
      expect(m.converged).toBe(true);
      for (let j = 0; j < 4; j++) expect(m.coef[j]).toBeCloseTo(ref.coef[j]!, 8);
      expect(m.intercept).toBeCloseTo(ref.intercept, 8);
    }
  });

  it("duality gap: ≈ 0 at the reference optimum, > 0 elsewhere; the default tol stops within its gap bound", () => {
    const { X, y } = randomProblem(6, 60, [1, 0.2, -0.7], 0, 0.5, 0.5);
    const alpha = 0.2, rho = 0.6, n = 60;
    const ref = elasticNetReference(X, y, alpha, rho);
    const { xc, yc } = centred(X, y);
    const Xc = xc.map((c) => Float64Array.from(c));
    const ycf = Float64Array.from(yc);
    const w = new Float64Array(n).fill(1);
    const gapAt = (beta: number[]) => {
      const r = Float64Array.from(ycf, (v, i) => v - beta.reduce((s, b, j) => s + b * Xc[j]![i]!, 0));
      return elasticNetGap(Xc, ycf, w, n, alpha * rho * n, alpha * (1 - rho) * n, Float64Array.from(beta), r);
    };
    expect(Math.abs(gapAt(ref.coef))).toBeLessThan(1e-9);
    expect(gapAt([0, 0, 0])).toBeGreaterThan(1e-3);
    const m = new ElasticNet({ alpha, l1Ratio: rho }).fit(X, y);
    expect(m.converged).toBe(true);
    expect(gapAt(Array.from(m.coef))).toBeLessThanOrEqual(1e-4 * ycf.reduce((s, v) => s + v * v, 0));
  });

  it("l1Ratio = 0 equals ridge with α_ridge = n·α", () => {
    const { X, y } = randomProblem(8, 60, [1, -1], 0, 0.5);
    const en = new ElasticNet({ alpha: 0.5, l1Ratio: 0, tol: 1e-14, maxIter: 100000 }).fit(X, y);
    const rd = new Ridge({ alpha: 60 * 0.5 }).fit(X, y);
    expect(en.coef[0]).toBeCloseTo(rd.coef[0]!, 9);
    expect(en.coef[1]).toBeCloseTo(rd.coef[1]!, 9);
  });

  it("a large α zeroes every coefficient and predicts the mean", () => {
    const { X, y } = randomProblem(9, 50, [1, 1], 3, 1);
    const m = new ElasticNet({ alpha: 1e6, l1Ratio: 0.5 }).fit(X, y);
    expect(Array.from(m.coef)).toEqual([0, 0]);
    expect(m.intercept).toBeCloseTo(y.reduce((a, b) => a + b, 0) / 50, 12);
  });
});

describe("sample weights", () => {
  it("integer weights equal repeated rows (elastic net, logistic)", () => {
    const { X, y } = randomProblem(15, 40, [1, -1], 0.5, 0.5);
    const rng = new SeededRandom(5);
    const w = Float64Array.from({ length: 40 }, () => 1 + rng.int(3));
    const idx = Array.from(w).flatMap((k, i) => Array.from({ length: k }, () => i));
    const Xr = X.map((c) => Float64Array.from(idx, (i) => c[i]!));
    const yr = Float64Array.from(idx, (i) => y[i]!);
    const en = new ElasticNet({ alpha: 0.1, l1Ratio: 0.7, tol: 1e-14, maxIter: 100000 });
    const a = en.fit(X, y, { sampleWeight: w }).coef.slice();
    const b = new ElasticNet({ alpha: 0.1, l1Ratio: 0.7, tol: 1e-14, maxIter: 100000 }).fit(Xr, yr).coef;
    for (let j = 0; j < 2; j++) expect(a[j]).toBeCloseTo(b[j]!, 10);
    const yc = Float64Array.from(y, (v) => (v > 0.5 ? 1 : 0));
    const ycr = Float64Array.from(idx, (i) => yc[i]!);
    const la = new LogisticRegression({ C: 0.5, tol: 1e-12 }).fit(X, yc, { sampleWeight: w });
    const lb = new LogisticRegression({ C: 0.5, tol: 1e-12 }).fit(Xr, ycr);
    for (let j = 0; j < 2; j++) expect(la.coef[0]![j]).toBeCloseTo(lb.coef[0]![j]!, 6);
    expect(la.intercept[0]).toBeCloseTo(lb.intercept[0]!, 6);
  });
});

describe("LogisticRegression", () => {
  it("one binary feature, no effective penalty: intercept and slope are the empirical log-odds", () => {
    // x = 0: 1 of 4 positive → logit(1/4); x = 1: 3 of 4 positive → logit(3/4)
    const x = f64(0, 0, 0, 0, 1, 1, 1, 1);
    const y = f64(0, 0, 0, 1, 1, 1, 1, 0);
    const m = new LogisticRegression({ C: 1e10, tol: 1e-12 }).fit([x], y);
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(m.intercept[0]).toBeCloseTo(logit(0.25), 6);
    expect(m.coef[0]![0]).toBeCloseTo(logit(0.75) - logit(0.25), 6);
    const proba = m.predictProba([f64(0, 1)]);
    expect(proba[1]![0]).toBeCloseTo(0.25, 6);
    expect(proba[1]![1]).toBeCloseTo(0.75, 6);
    expect(proba[0]![1]).toBeCloseTo(0.25, 6);
  });

  it("binary: the penalised gradient is zero at the solution, Xᵀ(p − y) + β/C = 0 and Σ(p − y) = 0", () => {
    const { X } = randomProblem(21, 300, [1, -1, 0.5], 0, 0);
    const rng = new SeededRandom(4);
    const y = Float64Array.from({ length: 300 }, (_, i) => (rng.uniform() < sigmoid(0.8 * X[0]![i]! - 0.5 * X[1]![i]! - 1) ? 1 : 0));
    const C = 0.3;
    const m = new LogisticRegression({ C, tol: 1e-12 }).fit(X, y);
    const p = m.predictProba(X)[1]!;
    for (let j = 0; j < 3; j++) {
      const g = X[j]!.reduce((s, v, i) => s + v * (p[i]! - y[i]!), 0) + m.coef[0]![j]! / C;
      expect(Math.abs(g)).toBeLessThan(1e-6);
    }
    expect(Math.abs(p.reduce((s, v, i) => s + v - y[i]!, 0))).toBeLessThan(1e-6);
  });

  it("multinomial (−1, 0, 1): KKT per class and probabilities summing to 1", () => {
    const { X } = randomProblem(31, 400, [1, 1], 0, 0);
    const rng = new SeededRandom(9);
    const y = Float64Array.from({ length: 400 }, (_, i) => {
      const s = X[0]![i]! - X[1]![i]! + 0.5 * rng.normal();
      return s > 0.5 ? 1 : s < -0.5 ? -1 : 0;
    });
    const C = 2;
    const m = new LogisticRegression({ C, tol: 1e-11 }).fit(X, y);
    expect(Array.from(m.classes)).toEqual([-1, 0, 1]);
    const P = m.predictProba(X);
    for (let i = 0; i < 400; i += 37) expect(P[0]![i]! + P[1]![i]! + P[2]![i]!).toBeCloseTo(1, 12);
    for (let k = 0; k < 3; k++) {
      const yk = Float64Array.from(y, (v) => (v === m.classes[k] ? 1 : 0));
      for (let j = 0; j < 2; j++) {
        const g = X[j]!.reduce((s, v, i) => s + v * (P[k]![i]! - yk[i]!), 0) + m.coef[k]![j]! / C;
        expect(Math.abs(g)).toBeLessThan(1e-5);
      }
      expect(Math.abs(P[k]!.reduce((s, v, i) => s + v - yk[i]!, 0))).toBeLessThan(1e-5);
    }
    const acc = m.predict(X).reduce((s, v, i) => s + (v === y[i] ? 1 : 0), 0) / 400;
    expect(acc).toBeGreaterThan(0.75);
  });
});

describe("StandardScaler", () => {
  it("fits mean and population std on training rows; constant features get scale 1; partialFit equals fit", () => {
    const X = [f64(1, 2, 3, 4), f64(5, 5, 5, 5)];
    const s = new StandardScaler().fit(X);
    expect(Array.from(s.mean)).toEqual([2.5, 5]);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(1.25), 14);
    expect(s.scale[1]).toBe(1);
    expect(Array.from(s.transform([f64(2.5), f64(7)]), (c) => c[0])).toEqual([0, 2]);
    const b = new StandardScaler().partialFit([f64(1), f64(5)]).partialFit([f64(2, 3, 4), f64(5, 5, 5)]);
    expect(b.mean[0]).toBeCloseTo(2.5, 14);
    expect(b.scale[0]).toBeCloseTo(s.scale[0]!, 14);
    expect(StandardScaler.fromJSON(JSON.parse(JSON.stringify(s.toJSON()))).transform(X)[0]).toEqual(s.transform(X)[0]);
  });

  it("exports Sub/Div nodes that run in onnxruntime", async () => {
    const { predictOnnx, outputToFloat64 } = await import("../onnx/runtime");
    const s = new StandardScaler().fit([f64(1, 2, 3, 4), f64(10, 20, 30, 50)]);
    const test = [f64(0, 5), f64(25, 100)];
    const out = outputToFloat64((await predictOnnx(s.toOnnx(), test, 2, 2)).transformed!);
    const native = s.transform(test);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(out[i * 2 + j]).toBeCloseTo(native[j]![i]!, 5);
  });
});

describe("linear models: ONNX parity on held-out rows and JSON round trip", () => {
  const { X, y } = randomProblem(42, 600, [0.8, -1.5, 0.2, 3], 10, 0.5, 0.3);
  const train = rows(X, 0, 500), test = rows(X, 500, 600);
  const yTrain = y.slice(0, 500);
  const rng = new SeededRandom(1);
  const yBin = Float64Array.from(y, (v) => (v + rng.normal() > 14 ? 1 : 0));
  const y3 = Float64Array.from(y, (v) => (v > 16 ? 1 : v < 12 ? -1 : 0));

  const cases = [
    ["ols", () => new LinearRegression().fit(train, yTrain)],
    ["ols standardized", () => new LinearRegression({ standardize: true }).fit(train, yTrain)],
    ["ridge", () => new Ridge({ alpha: 3 }).fit(train, yTrain)],
    ["ridge standardized", () => new Ridge({ alpha: 3, standardize: true }).fit(train, yTrain)],
    ["elastic net", () => new ElasticNet({ alpha: 0.1, l1Ratio: 0.5 }).fit(train, yTrain)],
    ["elastic net standardized", () => new ElasticNet({ alpha: 0.05, standardize: true }).fit(train, yTrain)],
    ["logistic binary", () => new LogisticRegression({ C: 1 }).fit(train, yBin.slice(0, 500))],
    ["logistic binary standardized", () => new LogisticRegression({ standardize: true }).fit(train, yBin.slice(0, 500))],
    ["logistic multinomial", () => new LogisticRegression({ C: 0.5, standardize: true }).fit(train, y3.slice(0, 500))],
  ] as const;

  for (const [name, make] of cases) {
    it(`${name}: ONNX Runtime matches native within 1e-5·max(1,|y|), same labels; JSON restores it`, async () => {
      const m = make();
      const r = await onnxParity(m, test);
      expect(r.labelMismatches).toBe(0);
      expect(r.maxScaledDiff).toBeLessThanOrEqual(1e-5);
      expect(r.ok).toBe(true);
      const back = linearFromJSON(JSON.parse(JSON.stringify(m.toJSON())));
      expect(back.predict(test)).toEqual(m.predict(test));
      expect(back.toJSON()).toEqual(m.toJSON());
    });
  }
});
