import { z } from "zod";
import { CreateScheduleInput, createSchedule } from "@/server/services/schedules/create-schedule";
import { deleteSchedule, ScheduleRef } from "@/server/services/schedules/delete-schedule";
import { listSchedules } from "@/server/services/schedules/list-schedules";
import { PreviewScheduleInput, previewSchedule } from "@/server/services/schedules/preview-schedule";
import { retrainNow } from "@/server/services/schedules/retrain-now";
import { UpdateScheduleInput, updateSchedule } from "@/server/services/schedules/update-schedule";
import { createTRPCRouter, teamProcedure } from "../trpc";

export const schedulesRouter = createTRPCRouter({
  /** A model's schedules with the cron in words and their last and next runs. */
  list: teamProcedure("schedule:read").input(z.object({ model: z.string().min(1) })).query(({ ctx, input }) => listSchedules({ ctx: ctx.svc, input })),
  /** The cron in words and its next runs, for the form as the user types (field errors name cron or timeZone). */
  preview: teamProcedure("schedule:read").input(PreviewScheduleInput).query(({ input }) => previewSchedule(input)),
  create: teamProcedure("schedule:write").input(CreateScheduleInput).mutation(({ ctx, input }) => createSchedule({ ctx: ctx.svc, input })),
  update: teamProcedure("schedule:write").input(UpdateScheduleInput).mutation(({ ctx, input }) => updateSchedule({ ctx: ctx.svc, input })),
  delete: teamProcedure("schedule:write").input(ScheduleRef).mutation(({ ctx, input }) => deleteSchedule({ ctx: ctx.svc, input })),
  /** Retrain now: queues the schedule's retrain job. */
  runNow: teamProcedure("schedule:run").input(ScheduleRef).mutation(({ ctx, input }) => retrainNow({ ctx: ctx.svc, input })),
});
