import { LineChart, seriesColor } from "@/components/charts/line-chart";
import { Badge } from "@/components/ui/badge";
import { day, fixed, LEVEL_TONES, percent } from "./format";

export interface PerformanceView {
  task: string;
  window: number;
  realised: number;
  skipped: string | null;
  metrics: { key: string; label: string; current: number | null; baseline: number | null; degradation: number | null; level: "ok" | "warn" | "alert" | null; series: { t: number; v: number }[] }[];
}

/**
 * Live performance: each metric's rolling value over the last `window` realised predictions,
 * by the bar it predicted, against the version's validation figure (a flat line), with how much
 * worse it is now.
 */
export function PerformanceChart({ performance: p }: { performance: PerformanceView }) {
  if (p.skipped) return <p className="text-sm text-muted-foreground">{p.skipped}</p>;
  return (
    <div className="grid gap-6 md:grid-cols-2">
      {p.metrics.map((m) => {
        const rolling = m.series.map((s) => ({ x: s.t, y: s.v }));
        const baseline = m.baseline === null ? [] : rolling.map((s) => ({ x: s.x, y: m.baseline! }));
        return (
          <figure key={m.key} className="space-y-1" data-testid={`performance-${m.key}`}>
            <figcaption className="flex flex-wrap items-center gap-2 text-sm">
              <span className="font-medium">{m.label}</span>
              <span className="tabular-nums">
                {fixed(m.current)} vs {fixed(m.baseline)} in validation
              </span>
              {m.level ? <Badge tone={LEVEL_TONES[m.level]}>{m.degradation === null ? m.level : `${percent(m.degradation)} worse`}</Badge> : null}
            </figcaption>
            <LineChart series={[rolling, baseline]} label={`${m.label}, rolling ${p.window}`} formatX={day} />
            <p className="flex gap-4 text-xs text-muted-foreground">
              <span style={{ color: seriesColor(0) }}>— rolling {p.window} predictions</span>
              <span style={{ color: seriesColor(1) }}>— validation</span>
            </p>
          </figure>
        );
      })}
    </div>
  );
}
