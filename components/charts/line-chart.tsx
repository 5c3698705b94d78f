/** A small SVG line chart of one series (x = step), for metric histories. */
export function LineChart({ points, height = 160, width = 420, label }: { points: { x: number; y: number }[]; height?: number; width?: number; label: string }) {
  const pad = { l: 48, r: 8, t: 8, b: 20 };
  const finite = points.filter((p) => Number.isFinite(p.y));
  if (finite.length === 0) return <p className="text-sm text-muted-foreground">No finite values.</p>;
  const xs = finite.map((p) => p.x);
  const ys = finite.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => pad.l + ((x - x0) / (x1 - x0 || 1)) * (width - pad.l - pad.r);
  const sy = (y: number) => height - pad.b - ((y - y0) / (y1 - y0 || 1)) * (height - pad.t - pad.b);
  const d = finite.map((p, i) => `${i ? "L" : "M"}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join("");
  const fmt = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : v.toFixed(4));
  return (
    <svg role="img" aria-label={label} width={width} height={height} className="max-w-full text-[10px]" data-testid={`line-chart-${label}`}>
      <path d={d} fill="none" stroke="#1e3a8a" strokeWidth={1.5} />
      <text x={pad.l - 4} y={pad.t + 8} textAnchor="end" className="fill-muted-foreground">{fmt(y1)}</text>
      <text x={pad.l - 4} y={height - pad.b} textAnchor="end" className="fill-muted-foreground">{fmt(y0)}</text>
      <text x={pad.l} y={height - 4} className="fill-muted-foreground">step {x0}</text>
      <text x={width - pad.r} y={height - 4} textAnchor="end" className="fill-muted-foreground">{x1}</text>
    </svg>
  );
}
