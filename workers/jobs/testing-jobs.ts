/**
 * A job kind for tests of the runners (never registered in production): `count_folds` computes
 * one step per "fold" and logs inside each, so tests count how often each fold really ran.
 * The local runner's tests load this module as their definitions module.
 */
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { JOB_DEFINITIONS as PRODUCTION } from "./registry";
import { abortableDelay, type JobDefinition } from "./step";

export const CountFoldsInput = z.object({
  folds: z.number().int().min(1).max(100),
  /** How long each fold computes (it stops early when the job is cancelled). */
  foldMs: z.number().int().min(0).default(0),
  /** Fold `failFold` throws while the attempt is ≤ `failUntilAttempt`. */
  failFold: z.number().int().min(0).default(0),
  failUntilAttempt: z.number().int().min(0).default(0),
  /** A durable pause after the folds. */
  sleepMs: z.number().int().min(0).default(0),
});

export const countFoldsJob: JobDefinition<z.output<typeof CountFoldsInput>, { sum: number }> = {
  input: CountFoldsInput,
  async run(step, input) {
    await step.log(`attempt ${step.attempt} starts`);
    let sum = 0;
    for (let i = 0; i < input.folds; i++) {
      const fold = await step.run(`fold-${i}`, async () => {
        await step.log(`fold ${i} computing`);
        if (i === input.failFold && step.attempt <= input.failUntilAttempt) throw new Error(`fold ${i} failed on attempt ${step.attempt}`);
        await abortableDelay(input.foldMs, step.signal);
        return { square: i * i };
      });
      sum += fold.square;
      await step.progress(i + 1, input.folds, `fold ${i + 1} of ${input.folds}`);
    }
    if (input.sleepMs) await step.sleep("pause", input.sleepMs);
    return { sum };
  },
};

export const JOB_DEFINITIONS = { ...PRODUCTION, count_folds: countFoldsJob };

export const TESTING_JOBS_MODULE = fileURLToPath(import.meta.url);
