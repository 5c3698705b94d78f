/**
 * A tuning study: ask → (report → shouldPrune)* → tell, over a search space, with a sampler and a
 * pruner. Its whole state is plain JSON (`toJSON`/`fromJSON`): the configuration and the trial
 * list. Sampling depends only on (seed, trial number, finished trials) (tpe.ts), so a study
 * rebuilt from its JSON asks exactly what the original would have.
 *
 * A job drives it one step at a time:
 *   const study = Study.fromJSON(saved) ?? Study.create({ space, seed: 0 });
 *   const trial = study.ask();                    // { number, params, ... } (state running)
 *   for each fold k: study.report(trial.number, k, runningMeanSoFar);
 *                    if (study.shouldPrune(trial.number)) { study.tell(trial.number, "pruned"); break; }
 *   study.tell(trial.number, objective);          // complete (a non-finite value fails it)
 *   save(study.toJSON());
 * After a crash, a trial still `running` in the saved JSON can be resumed with its params and the
 * intermediate values already reported (`study.trial(number)`), or failed with tell(n, "failed").
 */
import { z } from "zod";
import { PrunerSchema, shouldPrune, type PrunerConfig } from "./pruner";
import { SearchSpaceSchema, toInternal, type ParamValues, type SearchSpace } from "./space";
import { sampleParams, SamplerSchema, type SamplerConfig } from "./tpe";
import { Direction, TrialRecordSchema, type TrialRecord } from "./trial";

export const StudyConfigSchema = z.strictObject({
  direction: Direction.default("minimize"),
  space: SearchSpaceSchema,
  /** Default: TPE with Optuna's defaults. */
  sampler: SamplerSchema.default(() => SamplerSchema.parse({ kind: "tpe" })),
  /** Default: the median pruner with Optuna's defaults. */
  pruner: PrunerSchema.default(() => PrunerSchema.parse({ kind: "median" })),
  seed: z.number().int().min(0).max(0xffffffff).default(0),
});
export type StudyConfig = z.output<typeof StudyConfigSchema>;
export type StudyConfigInput = z.input<typeof StudyConfigSchema>;

export const STUDY_JSON_VERSION = 1;
export const StudyJSONSchema = StudyConfigSchema.extend({
  version: z.literal(STUDY_JSON_VERSION),
  trials: z.array(TrialRecordSchema),
});
export type StudyJSON = z.output<typeof StudyJSONSchema>;

/** What `tell` records: the objective value, or that the trial was pruned or failed. */
export type TrialOutcome = number | "pruned" | "failed";

const copyTrial = (t: TrialRecord): TrialRecord => ({ ...t, params: { ...t.params }, intermediate: t.intermediate.map(([s, v]) => [s, v]) });

export class Study {
  readonly direction: Direction;
  readonly space: SearchSpace;
  readonly sampler: SamplerConfig;
  readonly pruner: PrunerConfig;
  readonly seed: number;
  private readonly list: TrialRecord[];

  private constructor(config: StudyConfig, trials: TrialRecord[]) {
    this.direction = config.direction;
    this.space = config.space;
    this.sampler = config.sampler;
    this.pruner = config.pruner;
    this.seed = config.seed;
    this.list = trials;
  }

  static create(config: StudyConfigInput): Study {
    return new Study(StudyConfigSchema.parse(config), []);
  }

  /** Rebuilds a study from `toJSON`'s output (validated: trial numbers 0, 1, …; params in the space). */
  static fromJSON(json: unknown): Study {
    const s = StudyJSONSchema.parse(json);
    s.trials.forEach((t, i) => {
      if (t.number !== i) throw new RangeError(`trials[${i}].number is ${t.number}, expected ${i}`);
      checkParams(s.space, t.params, `trials[${i}].params`);
      if ((t.state === "complete") !== (t.value !== null)) throw new RangeError(`trials[${i}]: a value goes with state complete, and only with it`);
      if (t.value !== null && !Number.isFinite(t.value)) throw new RangeError(`trials[${i}].value must be finite`);
    });
    const { version: _version, trials, ...config } = s;
    return new Study(config, trials.map(copyTrial));
  }

  toJSON(): StudyJSON {
    return {
      version: STUDY_JSON_VERSION,
      direction: this.direction,
      space: this.space,
      sampler: this.sampler,
      pruner: this.pruner,
      seed: this.seed,
      trials: this.list.map(copyTrial),
    };
  }

  /** Every trial so far, by number (copies). */
  get trials(): TrialRecord[] {
    return this.list.map(copyTrial);
  }

  trial(number: number): TrialRecord {
    return copyTrial(this.get(number));
  }

  private get(number: number): TrialRecord {
    const t = this.list[number];
    if (!t) throw new RangeError(`no trial ${number} (the study has ${this.list.length})`);
    return t;
  }

  private running(number: number, verb: string): TrialRecord {
    const t = this.get(number);
    if (t.state !== "running") throw new RangeError(`cannot ${verb} trial ${number}: it is ${t.state}`);
    return t;
  }

  /** Starts the next trial with the sampler's parameters; returns it (state running). */
  ask(): TrialRecord {
    const number = this.list.length;
    const params = sampleParams(this.space, this.list, this.direction, this.sampler, this.seed, number);
    const t: TrialRecord = { number, state: "running", params, value: null, intermediate: [] };
    this.list.push(t);
    return copyTrial(t);
  }

  /**
   * Records an intermediate value (NaN allowed, stored as null) at integer `step` ≥ 0. A step
   * already reported keeps its first value (Optuna), so replaying a step after a crash is harmless.
   */
  report(number: number, step: number, value: number): void {
    const t = this.running(number, "report to");
    if (!Number.isInteger(step) || step < 0) throw new RangeError(`step must be an integer ≥ 0 (got ${step})`);
    if (!Number.isNaN(value) && !Number.isFinite(value)) throw new RangeError(`the intermediate value at step ${step} must be finite or NaN (got ${value})`);
    if (t.intermediate.some(([s]) => s === step)) return;
    t.intermediate.push([step, Number.isNaN(value) ? null : value]);
  }

  /** Whether the pruner stops this running trial now. */
  shouldPrune(number: number): boolean {
    return shouldPrune(this.pruner, this.running(number, "prune"), this.list, this.direction);
  }

  /** Finishes a running trial: complete with a finite value; a non-finite value fails it. */
  tell(number: number, outcome: TrialOutcome): TrialRecord {
    const t = this.running(number, "tell");
    if (outcome === "pruned" || outcome === "failed") t.state = outcome;
    else if (typeof outcome === "number" && Number.isFinite(outcome)) { t.state = "complete"; t.value = outcome; }
    else t.state = "failed";
    return copyTrial(t);
  }

  /** The complete trial with the best value (the earliest on ties); null before any. */
  get bestTrial(): TrialRecord | null {
    let best: TrialRecord | null = null;
    for (const t of this.list) {
      if (t.state !== "complete") continue;
      if (!best || (this.direction === "minimize" ? t.value! < best.value! : t.value! > best.value!)) best = t;
    }
    return best && copyTrial(best);
  }
}

function checkParams(space: SearchSpace, params: ParamValues, where: string): void {
  for (const p of space) {
    if (!(p.name in params)) throw new RangeError(`${where}: ${p.name} is missing`);
    toInternal(p, params[p.name]!);
  }
  for (const name of Object.keys(params)) if (!space.some((p) => p.name === name)) throw new RangeError(`${where}: ${name} is not in the search space`);
}
