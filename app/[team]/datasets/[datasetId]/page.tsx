import { notFound } from "next/navigation";
import { z } from "zod";
import { DatasetView } from "@/components/datasets/dataset-view";
import { getTeamPage } from "@/server/auth/team-page";
import { getDatasetVersion } from "@/server/services/datasets/list-datasets";

export default async function DatasetPage({ params }: { params: Promise<{ team: string; datasetId: string }> }) {
  const { team: slug, datasetId } = await params;
  const page = await getTeamPage(slug);
  if (!z.uuid().safeParse(datasetId).success) notFound();
  // A dataset of another team (or none) is a 404, like a team one is not a member of.
  await getDatasetVersion({ ctx: page.svc, input: { datasetId } }).catch(() => notFound());
  return <DatasetView teamSlug={slug} datasetId={datasetId} />;
}
