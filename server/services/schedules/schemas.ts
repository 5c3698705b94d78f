import { z } from "zod";
import { RETRAIN_ON_PASS } from "@/db/schema";
import { assertTimeZone, CronError, nextRun, parseCron } from "@/server/quant/schedule/cron";
import { ScheduleGatesInput } from "./gates";

/** A schedule's settings; cron and time zone are checked together by `checkCronAndZone`. */
export const ScheduleSettings = z.object({
  /** Five fields or a macro, read as wall-clock time in `timeZone` (server/quant/schedule/cron.ts). */
  cron: z.string().trim().min(1, { message: "cron must not be empty" }).max(200, { message: "cron must be at most 200 characters" }),
  /** An IANA time zone, e.g. Europe/London. */
  timeZone: z.string().trim().min(1, { message: "timeZone must not be empty" }).max(100).default("UTC"),
  enabled: z.boolean().default(true),
  gates: ScheduleGatesInput.default({}),
  /** What a retrain that passes its gates does with its version: open a Production request for
   * a reviewer to approve, or move it to Staging. */
  onPass: z.enum(RETRAIN_ON_PASS, { message: `onPass must be one of ${RETRAIN_ON_PASS.join(", ")}` }).default("request_production"),
});

/** Cron errors go to `cron` (the message names the cron field, e.g. "hour: 25 is out of range
 * 0–23"), time-zone errors to `timeZone`; a valid expression that never fires (31 February) is
 * refused too. */
export function checkCronAndZone(v: { cron: string; timeZone: string }, ctx: z.RefinementCtx) {
  const issue = (path: "cron" | "timeZone", err: unknown) => {
    if (!(err instanceof CronError)) throw err;
    ctx.addIssue({ code: "custom", path: [path], message: err.message });
  };
  let zoneOk = true;
  try {
    assertTimeZone(v.timeZone);
  } catch (err) {
    zoneOk = false;
    issue("timeZone", err);
  }
  try {
    const parsed = parseCron(v.cron);
    if (zoneOk) nextRun(parsed, v.timeZone, new Date());
  } catch (err) {
    issue("cron", err);
  }
}

export const ValidSchedule = ScheduleSettings.superRefine(checkCronAndZone);
export type ValidSchedule = z.output<typeof ValidSchedule>;
