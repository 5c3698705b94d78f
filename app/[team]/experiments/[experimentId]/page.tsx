import { notFound } from "next/navigation";
import { RunsTable } from "@/components/tracking/runs-table";
import { PageHeader } from "@/components/ui/page-header";
import { getTeamPage } from "@/server/auth/team-page";
import { ServiceError } from "@/server/services/errors";
import { getExperiment } from "@/server/services/tracking/experiments";

export default async function ExperimentPage({ params }: { params: Promise<{ team: string; experimentId: string }> }) {
  const { team: slug, experimentId } = await params;
  const page = await getTeamPage(slug);
  const id = Number(experimentId);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const experiment = await getExperiment({ ctx: page.svc, input: { experimentId: id } }).catch((err: unknown) => {
    if (err instanceof ServiceError && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  return (
    <div className="space-y-6">
      <PageHeader title={experiment.name}>Filter with MLflow&apos;s syntax; click a metric column to sort.</PageHeader>
      <RunsTable teamSlug={slug} experimentId={id} />
    </div>
  );
}
