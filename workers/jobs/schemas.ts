/**
 * The input schema of every job kind, in one place: the enqueue verb validates with them, the
 * REST route answers their field errors, the OpenAPI document is generated from them, and the
 * runners parse a stored input with them before running the job (registry.ts).
 */
import { z } from "zod";
import { StrategySpec } from "@/server/quant/backtest/strategies";
import { StrategyGrid } from "@/server/quant/backtest/strategy-sweep";
import { BacktestTarget, EngineSettings } from "@/server/services/backtests/schemas";

/** The experiment a job's tracking run goes into (created when missing). */
const ExperimentName = (fallback: string) =>
  z.string().trim().min(1, { message: "experiment must not be empty" }).max(500).default(fallback);

/** A signal backtest (`strategy`) or a sweep of a parameter grid (`grid`) on one dataset window. */
export const BacktestJobInput = z
  .object({
    target: BacktestTarget,
    strategy: StrategySpec.optional(),
    grid: StrategyGrid.optional(),
    settings: EngineSettings.prefault({}),
    experiment: ExperimentName("Backtests"),
  })
  .refine((v) => (v.strategy === undefined) !== (v.grid === undefined), {
    message: "give either strategy (one backtest) or grid (a sweep), not both",
    path: ["strategy"],
  });

export const JOB_INPUT_SCHEMAS = {
  backtest: BacktestJobInput,
} as const;

export type JobKind = keyof typeof JOB_INPUT_SCHEMAS;
export const JOB_KINDS = Object.keys(JOB_INPUT_SCHEMAS) as JobKind[];
export type JobInput<K extends JobKind> = z.output<(typeof JOB_INPUT_SCHEMAS)[K]>;

const kindMessage = `kind must be one of ${JOB_KINDS.join(", ")}`;

/** `{ kind, input }`, as POST /api/v1/jobs takes it: one object schema per kind. */
export const JobRequest = z.discriminatedUnion(
  "kind",
  JOB_KINDS.map((kind) => z.object({ kind: z.literal(kind), input: JOB_INPUT_SCHEMAS[kind] })) as unknown as [
    z.ZodObject<{ kind: z.ZodLiteral<JobKind>; input: z.ZodType }>,
  ],
  { error: (issue) => (issue.code === "invalid_union" ? kindMessage : undefined) },
);
export type JobRequest = z.input<typeof JobRequest>;
