import { Heatmap } from "@/components/charts/heatmap";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { BacktestDetail } from "./backtest-result";
import { formatMetric } from "./format";

/** The sweep table of a backtest, as the backtests.get procedure returns it. */
export type SweepTableData = NonNullable<BacktestDetail["result"]["sweep"]>;

const uniq = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);

/** Sharpe over the grid as a heatmap (SMA: fast × slow; RSI: lower × upper at the best
 * period), and the ten best combinations. */
export function SweepPanel({ sweep }: { sweep: SweepTableData }) {
  const best = sweep.params[sweep.best]!;
  const isSma = "fast" in best;
  const [xKey, yKey] = isSma ? ["fast", "slow"] : ["lower", "upper"];
  const rows = sweep.params.map((p, i) => ({ p, i })).filter(({ p }) => isSma || p.period === best.period);
  const xs = uniq(rows.map(({ p }) => p[xKey]!));
  const ys = uniq(rows.map(({ p }) => p[yKey]!));
  const values = ys.map((y) => xs.map((x) => {
    const hit = rows.find(({ p }) => p[xKey] === x && p[yKey] === y);
    return hit ? sweep.sharpe[hit.i]! : null;
  }));
  const top = sweep.params
    .map((p, i) => ({ p, i, s: sweep.sharpe[i] }))
    .filter((r): r is { p: Record<string, number>; i: number; s: number } => r.s !== null)
    .sort((a, b) => b.s - a.s)
    .slice(0, 10);
  return (
    <section className="space-y-4" aria-label="Sweep">
      <div className="flex flex-wrap gap-6 text-sm">
        <p>
          <span className="text-muted-foreground">Combinations:</span> {sweep.params.length.toLocaleString()}
        </p>
        <p>
          <span className="text-muted-foreground">Probability of backtest overfitting (CSCV, 16 blocks):</span>{" "}
          <strong data-testid="sweep-pbo">{formatMetric(sweep.pbo, "probability")}</strong>
        </p>
        <p>
          <span className="text-muted-foreground">Deflated Sharpe of the best:</span>{" "}
          <strong data-testid="sweep-dsr">{formatMetric(sweep.dsrOfBest, "probability")}</strong>
        </p>
      </div>
      <div className="flex flex-wrap items-start gap-8">
        <div>
          <h3 className="mb-2 text-sm font-medium">
            Sharpe by {xKey} × {yKey}
            {isSma ? "" : ` (period ${best.period})`}
          </h3>
          <Heatmap xs={xs} ys={ys} values={values} xLabel={xKey!} yLabel={yKey!} highlight={{ x: best[xKey]!, y: best[yKey]! }} />
        </div>
        <div className="min-w-80 flex-1">
          <h3 className="mb-2 text-sm font-medium">Best combinations</h3>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Parameters</TableHead>
                <TableHead className="text-right">Sharpe</TableHead>
                <TableHead className="text-right">Return</TableHead>
                <TableHead className="text-right">Max DD</TableHead>
                <TableHead className="text-right">Trades</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {top.map(({ p, i, s }) => (
                <TableRow key={i} data-testid="sweep-row">
                  <TableCell>{Object.entries(p).map(([k, v]) => `${k} ${v}`).join(", ")}</TableCell>
                  <TableCell className="text-right tabular-nums">{s.toFixed(4)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatMetric(sweep.totalReturn[i], "fraction")}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatMetric(sweep.maxDrawdown[i], "fraction")}</TableCell>
                  <TableCell className="text-right tabular-nums">{sweep.trades[i]}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </div>
    </section>
  );
}
