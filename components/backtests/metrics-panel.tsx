import { formatMetric } from "./format";

/** Every stored metric with its label and unit, in the registry's order. */
export function MetricsPanel({ metrics, labels }: { metrics: Record<string, number | null>; labels: Record<string, { label: string; unit: string }> }) {
  return (
    <dl data-testid="metrics-panel" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {Object.entries(labels)
        .filter(([k]) => k in metrics)
        .map(([k, { label, unit }]) => (
          <div key={k} className="rounded-lg border p-3" data-metric={k}>
            <dt className="text-xs text-muted-foreground">{label}</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums">{formatMetric(metrics[k], unit)}</dd>
          </div>
        ))}
    </dl>
  );
}
