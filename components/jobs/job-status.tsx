import { humanize } from "@/lib/json-schema-form";
import { Badge } from "@/components/ui/badge";
import { Progress } from "@/components/ui/progress";

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

/** Queued and running jobs still change: their pages poll. */
export const isActive = (status: JobStatus) => status === "queued" || status === "running";

/** How often a page polls an active job (the issue asks for at least every 2 s). */
export const POLL_MS = 2000;

const KIND_LABELS: Record<string, string> = { walk_forward: "Walk-forward training", backtest: "Backtest", tune: "Tuning", model_backtest: "Model backtest" };
export const jobKindLabel = (kind: string) => KIND_LABELS[kind] ?? humanize(kind);

/** The model version a job input names: by number, by alias, or (neither) the Production version. */
export const versionSelectorText = (m: { name: string; version?: number; alias?: string }) =>
  `${m.name} ${m.version !== undefined ? `v${m.version}` : m.alias !== undefined ? `@${m.alias}` : "(Production)"}`;

const TONES = { queued: "neutral", running: "info", succeeded: "good", failed: "bad", cancelled: "neutral" } as const;

export function JobStatusBadge({ status }: { status: JobStatus }) {
  return (
    <Badge tone={TONES[status]} data-testid="job-status">
      {status}
    </Badge>
  );
}

/** Steps done of total with the runner's message; a finished job shows a full bar. */
export function JobProgress({ job }: { job: { status: JobStatus; progressDone: number; progressTotal: number; progressMessage: string | null } }) {
  const total = job.progressTotal || 1;
  const done = job.status === "succeeded" ? total : job.progressDone;
  const pct = Math.round((done / total) * 100);
  return (
    <div className="min-w-40 space-y-1">
      <Progress value={done} max={total} aria-label="Progress" />
      <p className="text-xs text-muted-foreground tabular-nums" data-testid="job-progress">
        {pct}%{job.progressTotal ? ` · ${done}/${job.progressTotal}` : ""}
        {job.progressMessage ? ` · ${job.progressMessage}` : ""}
      </p>
    </div>
  );
}
