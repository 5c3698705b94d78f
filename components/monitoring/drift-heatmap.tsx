import { Heatmap } from "@/components/charts/heatmap";
import { shortTime } from "./format";

type Level = "ok" | "warn" | "alert";

export interface HeatmapReport {
  id: string;
  createdAt: Date | string;
  features: { name: string; psi: number | null; psiLevel: Level | null }[];
  datasetDrift: boolean;
}

/** PSI levels as the reports store them (ok < 0.1 ≤ warn < 0.25 ≤ alert). */
const LEVEL_COLORS: Record<Level, string> = { ok: "rgba(16, 185, 129, 0.35)", warn: "rgba(245, 158, 11, 0.8)", alert: "rgba(220, 38, 38, 0.85)" };
const LEGEND: [Level, string][] = [
  ["ok", "PSI < 0.1"],
  ["warn", "0.1 – 0.25"],
  ["alert", "≥ 0.25 (drifted)"],
];
/** A tick every this many columns: a check time ("04-17 14:00") is ~4 cells wide. */
const TICK_EVERY = 4;

/**
 * Feature drift over time: one row per feature, one column per check (oldest left), each cell
 * its PSI against the training window coloured by level; a check with data set drift is marked
 * under its column.
 */
export function DriftHeatmap({ reports }: { reports: HeatmapReport[] }) {
  const checks = [...reports].reverse();
  const names = [...new Set(checks.flatMap((r) => r.features.map((f) => f.name)))];
  const cells = checks.map((r) => new Map(r.features.map((f) => [f.name, f])));
  const xs = checks.map((r) => r.id);
  const levelAt = (x: string | number, y: string | number) => cells[xs.indexOf(String(x))]?.get(String(y))?.psiLevel ?? null;
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto">
        <Heatmap
          xs={xs}
          ys={names}
          values={names.map((n) => cells.map((c) => c.get(n)?.psi ?? null))}
          xLabel="check"
          yLabel="feature"
          format={(v) => `PSI ${v.toFixed(3)}`}
          color={(_, x, y) => LEVEL_COLORS[levelAt(x, y) ?? "ok"]}
          xTick={(_, i) => (i % TICK_EVERY === 0 ? shortTime(checks[i]!.createdAt) : null)}
          xTitle={(_, i) => new Date(checks[i]!.createdAt).toLocaleString()}
        />
      </div>
      <div className="flex flex-wrap items-center gap-4 text-xs text-muted-foreground">
        {LEGEND.map(([level, text]) => (
          <span key={level} className="inline-flex items-center gap-1.5">
            <span className="inline-block size-3 rounded-sm" style={{ background: LEVEL_COLORS[level] }} />
            {text}
          </span>
        ))}
        <span data-testid="drift-verdicts">
          Data set drift in {checks.filter((r) => r.datasetDrift).length} of {checks.length} checks
        </span>
      </div>
    </div>
  );
}
