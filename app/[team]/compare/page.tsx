import type { Metadata } from "next";
import { z } from "zod";
import { CompareView } from "@/components/tracking/compare-view";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getTeamPage } from "@/server/auth/team-page";

export const metadata: Metadata = { title: "Compare runs" };

/** /[team]/compare?runs=<id>,<id>,... (2 to 10 runs). */
export default async function ComparePage({ params, searchParams }: { params: Promise<{ team: string }>; searchParams: Promise<{ runs?: string }> }) {
  const { team: slug } = await params;
  await getTeamPage(slug);
  const ids = ((await searchParams).runs ?? "").split(",").filter((id) => z.uuid().safeParse(id).success);
  return (
    <div className="space-y-6">
      <PageHeader title="Compare runs">Parameters that differ are highlighted; metric histories are overlaid.</PageHeader>
      {ids.length >= 2 && ids.length <= 10 ? (
        <CompareView teamSlug={slug} runIds={ids} />
      ) : (
        <EmptyState title="Choose 2 to 10 runs">Tick runs in an experiment&apos;s runs table and press Compare.</EmptyState>
      )}
    </div>
  );
}
