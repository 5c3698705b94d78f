"use client";

import { useQueries } from "@tanstack/react-query";
import { LineChart, seriesColor } from "@/components/charts/line-chart";
import { useTRPC } from "@/lib/trpc/react";
import { POLL_MS } from "@/components/jobs/job-status";

const KEYS = ["loss", "valid_loss"] as const;

/**
 * A fold run's per-epoch (per boosting round) training and validation loss, as the job logs them
 * while the fold trains; polled every 2 s while `live`.
 */
export function LossCurves({ teamSlug, runId, live, title }: { teamSlug: string; runId: string; live: boolean; title: string }) {
  const trpc = useTRPC();
  const histories = useQueries({
    queries: KEYS.map((key) => trpc.tracking.metricHistory.queryOptions({ teamSlug, runId, key }, { refetchInterval: live ? POLL_MS : false })),
  });
  const logged = KEYS.map((key, i) => ({ key, points: (histories[i]!.data ?? []).map((p) => ({ x: p.step, y: p.isNan ? Number.NaN : p.value })) })).filter((s) => s.points.length);
  const epochs = Math.max(0, ...logged.map((s) => s.points.length));
  return (
    <section className="space-y-2 rounded-lg border p-4" data-testid="loss-curves" aria-label="Loss curves">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-sm font-medium">Loss curves · {title}</h3>
        <div className="flex gap-3 text-xs text-muted-foreground">
          {logged.map((s, i) => (
            <span key={s.key} className="inline-flex items-center gap-1">
              <span className="inline-block h-0.5 w-3" style={{ background: seriesColor(i) }} aria-hidden />
              {s.key}
            </span>
          ))}
          {epochs ? <span data-testid="loss-epochs">{epochs} epochs</span> : null}
        </div>
      </div>
      {logged.length ? (
        <LineChart label="loss" width={640} height={200} series={logged.map((s) => s.points)} />
      ) : histories.every((h) => h.data) ? (
        <p className="text-sm text-muted-foreground">{live ? "Waiting for the first epoch…" : "No per-epoch loss logged: this algorithm fits in one pass."}</p>
      ) : (
        <div className="h-48 animate-pulse rounded bg-muted" />
      )}
    </section>
  );
}
