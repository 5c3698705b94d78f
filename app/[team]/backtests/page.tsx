import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { BacktestsTable } from "@/components/backtests/backtests-table";
import { NewBacktestForm } from "@/components/backtests/new-backtest-form";
import { getTeamPage } from "@/server/auth/team-page";

export const metadata: Metadata = { title: "Backtests" };

export default async function BacktestsPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const page = await getTeamPage(slug);
  return (
    <div className="space-y-8">
      <PageHeader title="Backtests">
          Signals are decided at a bar&apos;s close and filled at the next bar&apos;s open, with slippage, fees and commission.
        </PageHeader>
      {page.can("backtest:run") ? <NewBacktestForm teamSlug={slug} /> : null}
      <BacktestsTable teamSlug={slug} />
    </div>
  );
}
