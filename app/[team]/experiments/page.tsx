import type { Metadata } from "next";
import { ExperimentsTable } from "@/components/tracking/experiments-table";
import { PageHeader } from "@/components/ui/page-header";
import { getTeamPage } from "@/server/auth/team-page";

export const metadata: Metadata = { title: "Experiments" };

export default async function ExperimentsPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  await getTeamPage(slug);
  return (
    <div className="space-y-6">
      <PageHeader title="Experiments">Tracked runs grouped by experiment, logged from Foldline&apos;s jobs or any MLflow client.</PageHeader>
      <ExperimentsTable teamSlug={slug} />
    </div>
  );
}
