import { notFound } from "next/navigation";
import { z } from "zod";
import { RunDetail } from "@/components/tracking/run-detail";
import { getTeamPage } from "@/server/auth/team-page";
import { ServiceError } from "@/server/services/errors";
import { getRun } from "@/server/services/tracking/runs";

export default async function RunPage({ params }: { params: Promise<{ team: string; runId: string }> }) {
  const { team: slug, runId } = await params;
  const page = await getTeamPage(slug);
  if (!z.uuid().safeParse(runId).success) notFound();
  await getRun({ ctx: page.svc, input: { runId } }).catch((err: unknown) => {
    if (err instanceof ServiceError && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  return <RunDetail teamSlug={slug} runId={runId} />;
}
