import { z } from "zod";
import { describeCron, nextRuns } from "@/server/quant/schedule/cron";
import { checkCronAndZone, ScheduleSettings } from "./schemas";

export const PreviewScheduleInput = ScheduleSettings.pick({ cron: true, timeZone: true }).superRefine(checkCronAndZone);

/** What a cron means and when it would run next (for the schedule form, as the user types);
 * field errors name `cron` or `timeZone`. Pure: reads nothing. */
export function previewSchedule(input: z.input<typeof PreviewScheduleInput>, now = new Date()) {
  const { cron, timeZone } = PreviewScheduleInput.parse(input);
  return { description: describeCron(cron), upcoming: nextRuns(cron, timeZone, now, 3) };
}
