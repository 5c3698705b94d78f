import { describe, expect, it } from "vitest";
import { SearchSpaceSchema, W5_SPACE, type SearchSpaceInput } from "./space";
import { Study } from "./study";

const SPACE: SearchSpaceInput = [
  { type: "float", name: "x", low: -5, high: 5 },
  { type: "int", name: "n", low: 1, high: 100, log: true },
  { type: "categorical", name: "kind", choices: ["a", "b"] },
];
const objective = (p: Record<string, unknown>) => (Number(p.x) - 1) ** 2 + Math.abs(Math.log(Number(p.n)) - 2) + (p.kind === "b" ? 0 : 0.5);

/** Runs `k` trials; every 4th reports two steps and is pruned, every 7th fails. */
function run(study: Study, k: number): void {
  for (let i = 0; i < k; i++) {
    const t = study.ask();
    const v = objective(t.params);
    if (t.number % 7 === 6) study.tell(t.number, "failed");
    else if (t.number % 4 === 3) {
      study.report(t.number, 0, v + 1);
      study.report(t.number, 1, v);
      study.tell(t.number, "pruned");
    } else study.tell(t.number, v);
  }
}

describe("Study JSON round trip", () => {
  it("a study rebuilt from its JSON asks exactly what the original asks, trial after trial", () => {
    const a = Study.create({ space: SPACE, seed: 17 });
    run(a, 23);
    const b = Study.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(b.toJSON()).toEqual(a.toJSON());
    run(a, 12);
    run(b, 12);
    expect(b.trials).toEqual(a.trials);
    expect(b.ask()).toEqual(a.ask());
  });

  it("a trial running when the JSON was saved comes back running, with its reports, and can be finished", () => {
    const a = Study.create({ space: SPACE, seed: 2 });
    run(a, 12);
    const t = a.ask();
    a.report(t.number, 0, 0.25);
    a.report(t.number, 1, NaN);
    const b = Study.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(b.trial(t.number)).toEqual({ ...t, intermediate: [[0, 0.25], [1, null]] });
    b.tell(t.number, 0.5);
    expect(b.trial(t.number).state).toBe("complete");
  });

  it("refuses JSON whose trials do not fit the space, are misnumbered, or disagree on value and state", () => {
    const a = Study.create({ space: SPACE, seed: 1 });
    run(a, 3);
    const json = a.toJSON();
    const edit = (f: (j: typeof json) => void) => {
      const j = structuredClone(json);
      f(j);
      return () => Study.fromJSON(j);
    };
    expect(edit((j) => (j.trials[1]!.number = 5))).toThrow(/trials\[1\]\.number is 5/);
    expect(edit((j) => (j.trials[0]!.params.x = 6))).toThrow(/x: 6 is outside \[-5, 5\]/);
    expect(edit((j) => (j.trials[0]!.params.n = 2.5))).toThrow(/n: 2.5 is not an integer/);
    expect(edit((j) => (j.trials[0]!.params.kind = "c"))).toThrow(/kind: "c" is not one of the choices/);
    expect(edit((j) => delete j.trials[0]!.params.kind)).toThrow(/kind is missing/);
    expect(edit((j) => (j.trials[0]!.params.y = 1))).toThrow(/y is not in the search space/);
    expect(edit((j) => (j.trials[0]!.value = null))).toThrow(/a value goes with state complete/);
    expect(edit((j) => ((j as { version: number }).version = 2))).toThrow();
  });
});

describe("Study defaults", () => {
  it("Optuna's: minimize, seed 0, TPE (10 startup trials, 24 candidates, prior weight 1, magic clip, no endpoints), median pruner (5, 0, 1)", () => {
    const s = Study.create({ space: SPACE });
    expect([s.direction, s.seed]).toEqual(["minimize", 0]);
    expect(s.sampler).toEqual({ kind: "tpe", nStartupTrials: 10, nEiCandidates: 24, priorWeight: 1, considerMagicClip: true, considerEndpoints: false });
    expect(s.pruner).toEqual({ kind: "median", nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1 });
  });
});

describe("Study ask / report / shouldPrune / tell", () => {
  it("tell: a finite value completes, a non-finite one fails, 'pruned' prunes; a finished trial takes nothing more", () => {
    const s = Study.create({ space: SPACE });
    const [a, b, c, d] = [s.ask(), s.ask(), s.ask(), s.ask()];
    expect(s.tell(a.number, 1.5)).toMatchObject({ state: "complete", value: 1.5 });
    expect(s.tell(b.number, NaN).state).toBe("failed");
    expect(s.tell(c.number, Infinity).state).toBe("failed");
    expect(s.tell(d.number, "pruned").state).toBe("pruned");
    expect(() => s.tell(a.number, 2)).toThrow(/cannot tell trial 0: it is complete/);
    expect(() => s.report(a.number, 0, 1)).toThrow(/cannot report to trial 0/);
    expect(() => s.shouldPrune(9)).toThrow(/no trial 9/);
  });

  it("report: steps are integers ≥ 0, values finite or NaN (stored null); a repeated step keeps its first value", () => {
    const s = Study.create({ space: SPACE });
    const t = s.ask();
    s.report(t.number, 0, 2);
    s.report(t.number, 0, 3);
    s.report(t.number, 2, NaN);
    expect(s.trial(t.number).intermediate).toEqual([[0, 2], [2, null]]);
    expect(() => s.report(t.number, 1.5, 1)).toThrow(/step must be an integer/);
    expect(() => s.report(t.number, 1, Infinity)).toThrow(/finite or NaN/);
  });

  it("the default median pruner stops a trial worse than the median of 5 complete trials at its step", () => {
    const s = Study.create({ space: SPACE });
    for (const v of [1, 2, 3, 4, 5]) {
      const t = s.ask();
      s.report(t.number, 0, v);
      s.tell(t.number, v);
    }
    const good = s.ask(), bad = s.ask();
    s.report(good.number, 0, 2.5);
    s.report(bad.number, 0, 3.5);
    expect([s.shouldPrune(good.number), s.shouldPrune(bad.number)]).toEqual([false, true]);
  });

  it("bestTrial: the best complete trial, earliest on ties; null before any", () => {
    const min = Study.create({ space: SPACE });
    expect(min.bestTrial).toBeNull();
    const max = Study.create({ space: SPACE, direction: "maximize" });
    for (const v of [3, 1, 5, 1, 5]) {
      min.tell(min.ask().number, v);
      max.tell(max.ask().number, v);
    }
    expect(min.bestTrial!.number).toBe(1);
    expect(max.bestTrial!.number).toBe(2);
  });
});

describe("search space validation", () => {
  const issue = (space: unknown) => {
    const r = SearchSpaceSchema.safeParse(space);
    return r.success ? null : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  };
  it("names the field at fault", () => {
    expect(issue([{ type: "float", name: "x", low: 1, high: 1 }])).toMatch(/^0\.high: high must be > low/);
    expect(issue([{ type: "float", name: "x", low: 0, high: 1, log: true }])).toMatch(/0\.low: low must be > 0 with log/);
    expect(issue([{ type: "float", name: "x", low: 0.1, high: 1, log: true, step: 0.1 }])).toMatch(/0\.step: step cannot be combined with log/);
    expect(issue([{ type: "float", name: "x", low: 0, high: 1, step: 0.3 }])).toMatch(/0\.step: high − low \(1\) must be a multiple of step/);
    expect(issue([{ type: "int", name: "n", low: 1, high: 10, step: 2 }])).toMatch(/0\.step: high − low \(9\)/);
    expect(issue([{ type: "int", name: "n", low: 0, high: 10, log: true }])).toMatch(/0\.low: low must be ≥ 1 with log/);
    expect(issue([{ type: "int", name: "n", low: 0.5, high: 10 }])).toMatch(/^0\.low/);
    expect(issue([{ type: "categorical", name: "c", choices: ["a", "a"] }])).toMatch(/0\.choices: choices must be distinct/);
    expect(issue([{ type: "int", name: "n", low: 1, high: 2 }, { type: "float", name: "n", low: 0, high: 1 }])).toMatch(/1\.name: parameter "n" appears twice/);
    expect(issue([])).toMatch(/at least one parameter/);
  });

  it("W5_SPACE is the benchmark's space", () => {
    expect(W5_SPACE.map((p) => [p.name, p.type, "low" in p ? p.low : null, "high" in p ? p.high : null])).toEqual([
      ["learningRate", "float", 0.01, 0.3],
      ["maxDepth", "int", 3, 8],
      ["minChildSamples", "int", 5, 100],
      ["featureFraction", "float", 0.5, 1],
    ]);
    expect(W5_SPACE[0]).toMatchObject({ log: true });
  });
});
