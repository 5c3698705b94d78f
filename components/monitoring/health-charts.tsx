import { LineChart, seriesColor } from "@/components/charts/line-chart";
import { percent, shortTime } from "./format";

export interface HealthView {
  hours: number;
  bucketSeconds: number;
  requests: number;
  errors: number;
  errorRate: number | null;
  buckets: { at: Date | string; requests: number; errors: number; errorRate: number; p50Ms: number | null; p99Ms: number | null }[];
}

const points = (h: HealthView, y: (b: HealthView["buckets"][number]) => number | null) =>
  h.buckets.flatMap((b) => {
    const v = y(b);
    return v === null ? [] : [{ x: new Date(b.at).getTime(), y: v }];
  });

/** Latency (p50 and p99 of answered requests) and error rate per time bucket, from the sampled prediction log. */
export function HealthCharts({ health: h }: { health: HealthView }) {
  if (!h.requests) return <p className="text-sm text-muted-foreground">No logged requests in the last {h.hours} h.</p>;
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <figure className="space-y-1" data-testid="latency-chart">
        <figcaption className="text-sm font-medium">Latency (ms)</figcaption>
        <LineChart series={[points(h, (b) => b.p50Ms), points(h, (b) => b.p99Ms)]} label="latency" formatX={shortTime} />
        <p className="flex gap-4 text-xs text-muted-foreground">
          <span style={{ color: seriesColor(0) }}>— p50</span>
          <span style={{ color: seriesColor(1) }}>— p99</span>
          <span>per {h.bucketSeconds >= 3600 ? `${h.bucketSeconds / 3600} h` : `${h.bucketSeconds / 60} min`}</span>
        </p>
      </figure>
      <figure className="space-y-1" data-testid="error-chart">
        <figcaption className="text-sm font-medium">
          Error rate: {percent(h.errorRate)} ({h.errors} of {h.requests} logged requests)
        </figcaption>
        <LineChart series={[points(h, (b) => b.errorRate)]} label="error rate" formatX={shortTime} />
      </figure>
    </div>
  );
}
