import { notFound } from "next/navigation";
import { z } from "zod";
import { BacktestResult } from "@/components/backtests/backtest-result";
import { getTeamPage } from "@/server/auth/team-page";
import { getBacktest } from "@/server/services/backtests/get-backtest";
import { ServiceError } from "@/server/services/errors";

export default async function BacktestPage({ params }: { params: Promise<{ team: string; id: string }> }) {
  const { team: slug, id } = await params;
  const page = await getTeamPage(slug);
  if (!z.uuid().safeParse(id).success) notFound();
  const backtest = await getBacktest({ ctx: page.svc, input: { id } }).catch((err: unknown) => {
    // Another team's backtest is as absent as one that never existed.
    if (err instanceof ServiceError && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  return <BacktestResult backtest={backtest} />;
}
