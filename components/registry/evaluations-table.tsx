import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { formatMetric } from "@/components/backtests/format";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AppRouter } from "@/server/api/root";

type Evaluation = inferRouterOutputs<AppRouter>["registry"]["version"]["evaluations"][number];

/** The model's own score in an evaluation: RMSE for a regression, accuracy for a classifier. */
function modelScore(m: Evaluation["metrics"]): string {
  if ("model_rmse" in m) return `RMSE ${formatMetric(m.model_rmse, "target")}`;
  if ("model_accuracy" in m) return `accuracy ${formatMetric(m.model_accuracy, "fraction")}`;
  return "—";
}

/** How a version did on each dataset it was backtested on (its evaluation:* tags), with the way to each backtest. */
export function EvaluationsTable({ teamSlug, evaluations }: { teamSlug: string; evaluations: Evaluation[] }) {
  return (
    <Table data-testid="version-evaluations">
      <TableHeader>
        <TableRow>
          <TableHead>Dataset</TableHead>
          <TableHead>Window</TableHead>
          <TableHead className="text-right">Sharpe</TableHead>
          <TableHead className="text-right">Return</TableHead>
          <TableHead>Model</TableHead>
          <TableHead />
        </TableRow>
      </TableHeader>
      <TableBody>
        {evaluations.map((e) => (
          <TableRow key={`${e.dataset}:${e.symbol}`} data-testid="evaluation-row">
            <TableCell>
              {e.dataset} <span className="font-mono text-xs text-muted-foreground">{e.symbol}</span>
            </TableCell>
            <TableCell className="tabular-nums">{e.start && e.end ? `${e.start} → ${e.end}` : "—"}</TableCell>
            <TableCell className="text-right tabular-nums" data-metric="sharpe">
              {formatMetric(e.metrics.sharpe, "ratio")}
            </TableCell>
            <TableCell className="text-right tabular-nums" data-metric="totalReturn">
              {formatMetric(e.metrics.totalReturn, "fraction")}
            </TableCell>
            <TableCell className="whitespace-nowrap tabular-nums">{modelScore(e.metrics)}</TableCell>
            <TableCell>
              {e.backtestId ? (
                <Link className="underline" href={`/${teamSlug}/backtests/${e.backtestId}`}>
                  Backtest
                </Link>
              ) : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
