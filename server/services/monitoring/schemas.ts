import { z } from "zod";
import type { DriftCheckSettings } from "@/db/schema";
import { DeploymentName } from "../serving/schemas";
import { checkCronAndZone, ScheduleSettings } from "../schedules/schemas";

const count = (field: string, min: number, max: number) =>
  z
    .number({ message: `${field} must be a number` })
    .int({ message: `${field} must be a whole number` })
    .min(min, { message: `${field} must be ${min}–${max}` })
    .max(max, { message: `${field} must be ${min}–${max}` });
const hours = (field: string) => z.number({ message: `${field} must be a number` }).positive({ message: `${field} must be positive` }).max(24 * 3660, { message: `${field} must be at most 10 years` });
const Symbol = z.string().trim().min(1, { message: "symbol must not be empty" }).max(50).optional();

/** What a drift check compares (db/schema/monitoring.ts DriftCheckSettings), with defaults: the
 * last 24 h of logged requests (at most 5,000 rows), at least 50 rows, no outcomes. */
export const DriftCheckSettingsInput = z.object({
  current: z
    .discriminatedUnion(
      "source",
      [
        z.object({ source: z.literal("log"), hours: hours("current.hours").default(24), maxRows: count("current.maxRows", 10, 100_000).default(5_000) }),
        z.object({ source: z.literal("dataset"), datasetId: z.uuid({ message: "current.datasetId must be a dataset id" }), symbol: Symbol, bars: count("current.bars", 10, 100_000).default(250) }),
      ],
      { error: () => "current.source must be log or dataset" },
    )
    .default({ source: "log", hours: 24, maxRows: 5_000 }),
  minRows: count("minRows", 10, 100_000).default(50),
  /** Realised outcomes for performance drift: the bars of this dataset (and symbol) realise the
   * labels of the predictions logged in the last `hours`, scored over a rolling `window`. */
  outcomes: z
    .object({
      datasetId: z.uuid({ message: "outcomes.datasetId must be a dataset id" }),
      symbol: Symbol,
      hours: hours("outcomes.hours").default(24 * 90),
      window: count("outcomes.window", 5, 10_000).default(50),
    })
    .nullable()
    .default(null),
}) satisfies z.ZodType<DriftCheckSettings, unknown>;
export type DriftCheckSettingsInput = z.input<typeof DriftCheckSettingsInput>;

export const DeploymentRef = z.object({ deployment: DeploymentName });

/** A deployment's drift monitor: when checks run (cron in `timeZone`, as retrain schedules) and
 * what they compare. */
export const DriftMonitorInput = ScheduleSettings.pick({ cron: true, timeZone: true, enabled: true })
  .extend({ deployment: DeploymentName, settings: DriftCheckSettingsInput.prefault({}) })
  .superRefine(checkCronAndZone);
export type DriftMonitorInput = z.input<typeof DriftMonitorInput>;
