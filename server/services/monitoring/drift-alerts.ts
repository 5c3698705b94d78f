/**
 * Which alerts a drift report raises.
 *
 * - DRIFT when the data set has drifted (≥ half the features at PSI ≥ 0.25): `warning`, or
 *   `critical` from three quarters of the features. A single drifted feature does not alert:
 *   level features such as OBV (a running sum of volume) leave any training window's range
 *   within a year on real data, so an alert per drifted feature would fire on every check and
 *   be ignored; the report and the heatmap show every feature's level.
 * - PERFORMANCE when a metric's rolling value over realised outcomes is at the `alert` level
 *   against the version's validation figure (≥ 20% worse by default): `critical`.
 * One alert of each type per deployment and version (the same key): a check that finds the
 * same again counts on the open alert instead of opening another.
 */
import type { StoredFeatureDrift, StoredPerformance } from "@/db/schema";
import type { RaiseAlertInput } from "../alerts/raise-alert";

export const CRITICAL_DRIFTED_SHARE = 0.75;

export interface ReportForAlerts {
  reportId: string;
  deployment: { id: string; name: string };
  version: { id: string; modelId: string; model: string; version: number };
  features: StoredFeatureDrift[];
  evaluated: number;
  drifted: number;
  driftedShare: number | null;
  datasetDrift: boolean;
  performance: StoredPerformance | null;
}

const fmt = (v: number | null) => (v === null ? "n/a" : Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

export function driftAlerts(r: ReportForAlerts): RaiseAlertInput[] {
  const sources = { modelId: r.version.modelId, versionId: r.version.id, deploymentId: r.deployment.id };
  const at = `${r.deployment.name} (${r.version.model} v${r.version.version})`;
  const out: RaiseAlertInput[] = [];
  if (r.datasetDrift) {
    const drifted = r.features.filter((f) => f.drifted).sort((a, b) => (b.psi ?? 0) - (a.psi ?? 0));
    out.push({
      type: "DRIFT",
      severity: (r.driftedShare ?? 0) >= CRITICAL_DRIFTED_SHARE ? "critical" : "warning",
      title: `Data drift at ${at}: ${r.drifted} of ${r.evaluated} features drifted`,
      details: { reportId: r.reportId, driftedShare: r.driftedShare, features: drifted.map((f) => ({ name: f.name, psi: f.psi })) },
      ...sources,
      key: "data",
    });
  }
  const degraded = r.performance?.metrics.filter((m) => m.level === "alert") ?? [];
  if (degraded.length) {
    const worst = degraded.reduce((a, b) => ((b.degradation ?? 0) > (a.degradation ?? 0) ? b : a));
    out.push({
      type: "PERFORMANCE",
      severity: "critical",
      title: `Performance of ${at} degraded: ${worst.label} ${fmt(worst.current)} against ${fmt(worst.baseline)} in validation (${Math.round((worst.degradation ?? 0) * 100)}% worse)`,
      details: { reportId: r.reportId, window: r.performance!.window, metrics: degraded.map(({ series: _, ...m }) => m) },
      ...sources,
      key: "performance",
    });
  }
  return out;
}
