/**
 * A study's trials as plain JSON: the whole state a sampler and a pruner read, so a study is
 * rebuilt from its trial list alone (a job resumed after a crash continues identically).
 *
 * States as Optuna's: `running` (asked, not told), `complete` (has `value`), `pruned` (stopped
 * by the pruner; its intermediate values rank it), `failed` (ignored by sampler and pruner).
 * Intermediate values are [step, value] pairs in the order reported; NaN is stored as null
 * (JSON has no NaN).
 */
import { z } from "zod";

export const DIRECTIONS = ["minimize", "maximize"] as const;
export const Direction = z.enum(DIRECTIONS);
export type Direction = z.infer<typeof Direction>;

export const TRIAL_STATES = ["running", "complete", "pruned", "failed"] as const;
export type TrialState = (typeof TRIAL_STATES)[number];

export const TrialRecordSchema = z.strictObject({
  number: z.number().int().min(0),
  state: z.enum(TRIAL_STATES),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** The objective value of a complete trial; null otherwise. */
  value: z.number().nullable(),
  intermediate: z.array(z.tuple([z.number().int().min(0), z.number().nullable()])),
});
export type TrialRecord = z.output<typeof TrialRecordSchema>;

/** +1 when smaller is better, −1 when larger is: sign · value is a loss. */
export const directionSign = (d: Direction) => (d === "minimize" ? 1 : -1);

/** The intermediate value at the highest step reported, NaN for a stored null; null when none. */
export function lastIntermediate(t: TrialRecord): { step: number; value: number } | null {
  let best: { step: number; value: number } | null = null;
  for (const [step, v] of t.intermediate) if (!best || step > best.step) best = { step, value: v ?? NaN };
  return best;
}
