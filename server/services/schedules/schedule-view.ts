import { and, asc, eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db";
import { jobs, modelVersions, registeredModels, retrainSchedules } from "@/db/schema";
import { describeCron, nextRuns } from "@/server/quant/schedule/cron";
import type { ScheduleRow } from "./access";

const lastJob = alias(jobs, "last_job");
const lastVersion = alias(modelVersions, "last_version");

/** How many upcoming runs a schedule shows. */
const UPCOMING = 3;

/**
 * Schedules as the API and the page show them: the row, its model's name, the cron in words,
 * its next runs, the last run's job (its live status: a queued run whose job failed or was
 * cancelled shows that) and the version the last passing run registered.
 */
export async function scheduleViews(db: Db, teamId: string, where: { modelId?: string; id?: string }) {
  const conditions: (SQL | undefined)[] = [
    eq(retrainSchedules.teamId, teamId),
    where.modelId ? eq(retrainSchedules.modelId, where.modelId) : undefined,
    where.id ? eq(retrainSchedules.id, where.id) : undefined,
  ];
  const rows = await db
    .select({
      schedule: retrainSchedules,
      model: registeredModels.name,
      job: { id: lastJob.id, status: lastJob.status, error: lastJob.error, finishedAt: lastJob.finishedAt },
      lastVersion: lastVersion.version,
    })
    .from(retrainSchedules)
    .innerJoin(registeredModels, eq(registeredModels.id, retrainSchedules.modelId))
    .leftJoin(lastJob, eq(lastJob.id, retrainSchedules.lastJobId))
    .leftJoin(lastVersion, eq(lastVersion.id, retrainSchedules.lastVersionId))
    .where(and(...conditions))
    .orderBy(asc(retrainSchedules.createdAt));
  const now = new Date();
  return rows.map((r) => scheduleView(r.schedule, { model: r.model, lastJob: r.job?.id ? r.job : null, lastVersion: r.lastVersion ?? null, now }));
}

export type ScheduleView = ReturnType<typeof scheduleView>;

function scheduleView(
  s: ScheduleRow,
  extra: { model: string; lastJob: { id: string; status: string; error: string | null; finishedAt: Date | null } | null; lastVersion: number | null; now: Date },
) {
  return {
    ...s,
    model: extra.model,
    description: describeCron(s.cron),
    upcoming: s.enabled ? nextRuns(s.cron, s.timeZone, extra.now, UPCOMING) : [],
    lastJob: extra.lastJob,
    lastVersion: extra.lastVersion,
  };
}
