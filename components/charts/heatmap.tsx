/**
 * A small SVG heatmap: `values[y][x]` coloured on a diverging scale around 0 (red below, blue
 * above), null cells blank. Each cell carries its value in a tooltip and a data attribute.
 */
export function Heatmap({
  xs,
  ys,
  values,
  xLabel,
  yLabel,
  highlight,
  format = (v) => v.toFixed(3),
}: {
  xs: number[];
  ys: number[];
  values: (number | null)[][];
  xLabel: string;
  yLabel: string;
  highlight?: { x: number; y: number };
  format?: (v: number) => string;
}) {
  const cell = 22;
  const left = 56;
  const top = 12;
  const bottom = 44;
  const flat = values.flat().filter((v): v is number => v !== null);
  const extent = Math.max(1e-12, ...flat.map((v) => Math.abs(v)));
  const color = (v: number) => {
    const a = Math.min(1, Math.abs(v) / extent);
    return v >= 0 ? `rgba(37, 99, 235, ${0.1 + 0.9 * a})` : `rgba(220, 38, 38, ${0.1 + 0.9 * a})`;
  };
  const width = left + xs.length * cell + 8;
  const height = top + ys.length * cell + bottom;
  return (
    <svg role="img" aria-label={`${yLabel} by ${xLabel}`} width={width} height={height} className="max-w-full font-sans text-[10px]" data-testid="heatmap">
      {ys.map((y, j) => (
        <text key={`y${y}`} x={left - 6} y={top + j * cell + cell / 2 + 3} textAnchor="end" className="fill-muted-foreground">
          {y}
        </text>
      ))}
      {xs.map((x, i) => (
        <text key={`x${x}`} x={left + i * cell + cell / 2} y={top + ys.length * cell + 14} textAnchor="middle" className="fill-muted-foreground">
          {x}
        </text>
      ))}
      {values.map((row, j) =>
        row.map((v, i) =>
          v === null ? null : (
            <rect
              key={`${i}-${j}`}
              x={left + i * cell}
              y={top + j * cell}
              width={cell - 1}
              height={cell - 1}
              fill={color(v)}
              stroke={highlight && highlight.x === xs[i] && highlight.y === ys[j] ? "#0f172a" : "none"}
              strokeWidth={2}
              data-x={xs[i]}
              data-y={ys[j]}
              data-value={v}
            >
              <title>{`${xLabel} ${xs[i]}, ${yLabel} ${ys[j]}: ${format(v)}`}</title>
            </rect>
          ),
        ),
      )}
      <text x={left + (xs.length * cell) / 2} y={height - 6} textAnchor="middle" className="fill-foreground">
        {xLabel}
      </text>
      <text x={12} y={top + (ys.length * cell) / 2} textAnchor="middle" transform={`rotate(-90 12 ${top + (ys.length * cell) / 2})`} className="fill-foreground">
        {yLabel}
      </text>
    </svg>
  );
}
