type Key = number | string;

/**
 * A small SVG heatmap: `values[y][x]` coloured on a diverging scale around 0 (red below, blue
 * above) unless `color` says otherwise (by value and cell), null cells blank. Each cell carries
 * its value in a tooltip and a data attribute. `xTick` names a column's tick (null: no tick, for
 * long axes), `xTitle` names it in tooltips; the left margin fits the longest row name.
 */
export function Heatmap({
  xs,
  ys,
  values,
  xLabel,
  yLabel,
  highlight,
  format = (v) => v.toFixed(3),
  color: colorOf,
  xTick = (x) => String(x),
  xTitle = (x) => String(x),
}: {
  xs: Key[];
  ys: Key[];
  values: (number | null)[][];
  xLabel: string;
  yLabel: string;
  highlight?: { x: Key; y: Key };
  format?: (v: number) => string;
  color?: (v: number, x: Key, y: Key) => string;
  xTick?: (x: Key, i: number) => string | null;
  /** A column's name in cell tooltips. */
  xTitle?: (x: Key, i: number) => string;
}) {
  const cell = 22;
  // room for the rotated axis label and the longest row name (10 px text, ~6 px a character)
  const left = Math.max(56, 26 + 6 * Math.max(0, ...ys.map((y) => String(y).length)));
  const top = 12;
  const bottom = 44;
  const flat = values.flat().filter((v): v is number => v !== null);
  const extent = Math.max(1e-12, ...flat.map((v) => Math.abs(v)));
  const diverging = (v: number) => {
    const a = Math.min(1, Math.abs(v) / extent);
    return v >= 0 ? `rgba(37, 99, 235, ${0.1 + 0.9 * a})` : `rgba(220, 38, 38, ${0.1 + 0.9 * a})`;
  };
  const color = colorOf ?? diverging;
  const width = left + xs.length * cell + 8;
  const height = top + ys.length * cell + bottom;
  return (
    <svg role="img" aria-label={`${yLabel} by ${xLabel}`} width={width} height={height} className="max-w-full font-sans text-[10px]" data-testid="heatmap">
      {ys.map((y, j) => (
        <text key={`y${y}`} x={left - 6} y={top + j * cell + cell / 2 + 3} textAnchor="end" className="fill-muted-foreground">
          {y}
        </text>
      ))}
      {xs.map((x, i) => {
        const tick = xTick(x, i);
        return tick === null ? null : (
          <text key={`x${x}`} x={left + i * cell + cell / 2} y={top + ys.length * cell + 14} textAnchor="middle" className="fill-muted-foreground">
            {tick}
          </text>
        );
      })}
      {values.map((row, j) =>
        row.map((v, i) =>
          v === null ? null : (
            <rect
              key={`${i}-${j}`}
              x={left + i * cell}
              y={top + j * cell}
              width={cell - 1}
              height={cell - 1}
              fill={color(v, xs[i]!, ys[j]!)}
              stroke={highlight && highlight.x === xs[i] && highlight.y === ys[j] ? "#0f172a" : "none"}
              strokeWidth={2}
              data-x={xs[i]}
              data-y={ys[j]}
              data-value={v}
            >
              <title>{`${xLabel} ${xTitle(xs[i]!, i)}, ${yLabel} ${ys[j]}: ${format(v)}`}</title>
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
