import { compactNumber as fmt } from "./format";

/** One axis of the chart: a search-space parameter (its range or its choices) as the study stored it. */
export interface ParallelAxis {
  name: string;
  type: string;
  low?: number;
  high?: number;
  log?: boolean;
  choices?: readonly (string | number | boolean | null)[];
}

/** From the worst trial's colour to the best's (amber → indigo), by the objective. */
const WORST = [253, 230, 138];
const BEST = [30, 58, 138];
const colour = (t: number) => `rgb(${WORST.map((w, i) => Math.round(w + (BEST[i]! - w) * t)).join(",")})`;


/** A value's position on its axis in [0, 1] (0 at the bottom): linear, log, or the choice's place. */
function position(axis: ParallelAxis, v: string | number | boolean | null): number {
  if (axis.choices) {
    const i = axis.choices.indexOf(v);
    return axis.choices.length > 1 ? i / (axis.choices.length - 1) : 0.5;
  }
  const x = Number(v);
  const [lo, hi, at] = axis.log ? [Math.log(axis.low!), Math.log(axis.high!), Math.log(x)] : [axis.low!, axis.high!, x];
  return hi > lo ? (at - lo) / (hi - lo) : 0.5;
}

/**
 * Parallel coordinates of a study's complete trials: an axis per parameter (over its search
 * range; log-scaled where the space samples it so) and one for the objective (over the values
 * seen), a polyline per trial coloured from worst (amber) to best (indigo). Better trials are
 * drawn last, on top.
 */
export function ParallelCoordinates({
  axes,
  columns,
  numbers,
  values,
  objective,
  direction,
  height = 260,
}: {
  axes: readonly ParallelAxis[];
  columns: Record<string, readonly (string | number | boolean | null)[]>;
  numbers: readonly number[];
  values: readonly number[];
  objective: string;
  direction: "minimize" | "maximize";
  height?: number;
}) {
  if (values.length === 0) return <p className="text-sm text-muted-foreground">No complete trial yet.</p>;
  const pad = { l: 40, r: 40, t: 28, b: 24 };
  const gap = 130;
  const width = pad.l + pad.r + gap * axes.length;
  const x = (j: number) => pad.l + j * gap;
  const y = (p: number) => height - pad.b - p * (height - pad.t - pad.b);
  const vMin = Math.min(...values);
  const vMax = Math.max(...values);
  const objectivePos = (v: number) => (vMax > vMin ? (v - vMin) / (vMax - vMin) : 0.5);
  // goodness: 1 for the best value seen, 0 for the worst
  const goodness = (v: number) => (direction === "minimize" ? 1 - objectivePos(v) : objectivePos(v));
  const order = values.map((_, i) => i).sort((a, b) => goodness(values[a]!) - goodness(values[b]!));
  const ends = (a: ParallelAxis): [string, string] =>
    a.choices ? [String(a.choices[0]), String(a.choices[a.choices.length - 1])] : [fmt(a.low!), fmt(a.high!)];

  return (
    <svg
      role="img"
      aria-label={`Parallel coordinates of ${values.length} trials`}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      className="max-w-full text-[10px]"
      data-testid="parallel-coordinates"
    >
      {order.map((i) => {
        const points = axes.map((a, j) => `${x(j)},${y(position(a, columns[a.name]![i]!)).toFixed(1)}`);
        points.push(`${x(axes.length)},${y(objectivePos(values[i]!)).toFixed(1)}`);
        return (
          <polyline key={numbers[i]} points={points.join(" ")} fill="none" stroke={colour(goodness(values[i]!))} strokeWidth={1.5} strokeOpacity={0.85} data-testid="pc-line">
            <title>{`trial ${numbers[i]}: ${objective} ${fmt(values[i]!)}`}</title>
          </polyline>
        );
      })}
      {[...axes.map((a) => ({ name: a.name + (a.log ? " (log)" : ""), ends: ends(a) })), { name: objective, ends: [fmt(vMin), fmt(vMax)] as [string, string] }].map((a, j) => (
        <g key={a.name} data-testid="pc-axis">
          <line x1={x(j)} x2={x(j)} y1={y(0)} y2={y(1)} className="stroke-muted-foreground" strokeWidth={1} />
          <text x={x(j)} y={pad.t - 14} textAnchor="middle" className="fill-foreground font-medium">
            {a.name}
          </text>
          <text x={x(j) + 4} y={y(1) + 3} className="fill-muted-foreground">
            {a.ends[1]}
          </text>
          <text x={x(j) + 4} y={y(0) + 12} className="fill-muted-foreground">
            {a.ends[0]}
          </text>
        </g>
      ))}
    </svg>
  );
}
