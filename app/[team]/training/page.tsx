import type { Metadata } from "next";
import { JobsTable } from "@/components/jobs/jobs-table";
import { TrainingForm } from "@/components/training/training-form";
import { PageHeader } from "@/components/ui/page-header";
import { getTeamPage } from "@/server/auth/team-page";

export const metadata: Metadata = { title: "Training" };

export default async function TrainingPage({ params, searchParams }: { params: Promise<{ team: string }>; searchParams: Promise<{ from?: string | string[] }> }) {
  const { team: slug } = await params;
  const { from } = await searchParams;
  const page = await getTeamPage(slug);
  return (
    <div className="space-y-8">
      <PageHeader title="Training">
        Walk-forward training: a model is fitted on each training window and scored on the months after it, so every figure is out of sample. Tuning searches an
        algorithm&apos;s parameters the same way, one walk-forward run per trial.
      </PageHeader>
      {/* ?from=<job id>: the form starts from that job's inputs (a tuning job's best parameters). */}
      {page.can("job:run") ? <TrainingForm teamSlug={slug} fromJobId={typeof from === "string" ? from : undefined} /> : null}
      <JobsTable teamSlug={slug} canCancel={page.can("job:cancel")} />
    </div>
  );
}
