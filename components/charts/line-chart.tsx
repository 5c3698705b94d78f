const COLORS = ["#1e3a8a", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626", "#475569", "#ca8a04"];

/** A small SVG line chart (x = step, or what `formatX` says: times) of one or more series, for
 * metric histories and run comparisons; series share the axes and take colours in order. */
export function LineChart({
  series,
  height = 160,
  width = 420,
  label,
  formatX,
}: {
  series: { x: number; y: number }[][];
  height?: number;
  width?: number;
  label: string;
  formatX?: (x: number) => string;
}) {
  const pad = { l: 48, r: 8, t: 8, b: 20 };
  const finite = series.flat().filter((p) => Number.isFinite(p.y));
  if (finite.length === 0) return <p className="text-sm text-muted-foreground">No finite values.</p>;
  const xs = finite.map((p) => p.x);
  const ys = finite.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => pad.l + ((x - x0) / (x1 - x0 || 1)) * (width - pad.l - pad.r);
  const sy = (y: number) => height - pad.b - ((y - y0) / (y1 - y0 || 1)) * (height - pad.t - pad.b);
  const path = (pts: { x: number; y: number }[]) =>
    pts
      .filter((p) => Number.isFinite(p.y))
      .map((p, i) => `${i ? "L" : "M"}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
      .join("");
  const fmt = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : v.toFixed(4));
  return (
    <svg role="img" aria-label={label} width={width} height={height} className="max-w-full text-[10px]" data-testid={`line-chart-${label}`}>
      {series.map((pts, i) => (
        <path key={i} d={path(pts)} fill="none" stroke={COLORS[i % COLORS.length]} strokeWidth={1.5} />
      ))}
      <text x={pad.l - 4} y={pad.t + 8} textAnchor="end" className="fill-muted-foreground">{fmt(y1)}</text>
      <text x={pad.l - 4} y={height - pad.b} textAnchor="end" className="fill-muted-foreground">{fmt(y0)}</text>
      <text x={pad.l} y={height - 4} className="fill-muted-foreground">{formatX ? formatX(x0) : `step ${x0}`}</text>
      <text x={width - pad.r} y={height - 4} textAnchor="end" className="fill-muted-foreground">{formatX ? formatX(x1) : x1}</text>
    </svg>
  );
}

export const seriesColor = (i: number) => COLORS[i % COLORS.length]!;
