import { compactNumber as fmt } from "./format";

/**
 * A study's optimisation history: each complete trial's objective (a dot at its trial number)
 * and the best value so far (a step line), as Optuna's plot_optimization_history.
 */
export function OptimizationHistory({
  numbers,
  values,
  best,
  objective,
  width = 520,
  height = 220,
}: {
  numbers: readonly number[];
  values: readonly number[];
  best: readonly number[];
  objective: string;
  width?: number;
  height?: number;
}) {
  if (values.length === 0) return <p className="text-sm text-muted-foreground">No complete trial yet.</p>;
  const pad = { l: 56, r: 12, t: 10, b: 30 };
  const [x0, x1] = [Math.min(...numbers), Math.max(...numbers)];
  const [y0, y1] = [Math.min(...values, ...best), Math.max(...values, ...best)];
  const sx = (x: number) => pad.l + ((x - x0) / (x1 - x0 || 1)) * (width - pad.l - pad.r);
  const sy = (y: number) => height - pad.b - ((y - y0) / (y1 - y0 || 1)) * (height - pad.t - pad.b);
  // The best-so-far line holds its level until the trial that improves it.
  const steps = best.map((b, i) => (i === 0 ? `M${sx(numbers[0]!)},${sy(b)}` : `H${sx(numbers[i]!)}V${sy(b)}`)).join("") + `H${sx(x1)}`;
  return (
    <figure className="space-y-1" data-testid="optimization-history">
      <svg role="img" aria-label={`Optimisation history of ${objective}`} viewBox={`0 0 ${width} ${height}`} width={width} height={height} className="max-w-full text-[10px]">
        <line x1={pad.l} x2={pad.l} y1={pad.t} y2={height - pad.b} className="stroke-border" />
        <line x1={pad.l} x2={width - pad.r} y1={height - pad.b} y2={height - pad.b} className="stroke-border" />
        <path d={steps} fill="none" stroke="#dc2626" strokeWidth={1.5} data-testid="history-best" />
        {values.map((v, i) => (
          <circle key={numbers[i]} cx={sx(numbers[i]!)} cy={sy(v)} r={3} fill="#1e3a8a" data-testid="history-point">
            <title>{`trial ${numbers[i]}: ${objective} ${fmt(v)}`}</title>
          </circle>
        ))}
        <text x={pad.l - 4} y={pad.t + 8} textAnchor="end" className="fill-muted-foreground">{fmt(y1)}</text>
        <text x={pad.l - 4} y={height - pad.b} textAnchor="end" className="fill-muted-foreground">{fmt(y0)}</text>
        <text x={pad.l} y={height - 14} className="fill-muted-foreground">trial {x0}</text>
        <text x={width - pad.r} y={height - 14} textAnchor="end" className="fill-muted-foreground">{x1}</text>
      </svg>
      <figcaption className="flex gap-4 text-xs text-muted-foreground">
        <span className="inline-flex items-center gap-1">
          <span className="inline-block size-2.5 rounded-full bg-[#1e3a8a]" aria-hidden /> {objective} of a trial
        </span>
        <span className="inline-flex items-center gap-1">
          <span className="inline-block h-0.5 w-4 bg-[#dc2626]" aria-hidden /> best so far
        </span>
      </figcaption>
    </figure>
  );
}
