import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { JobView } from "@/components/jobs/job-view";
import { getTeamPage } from "@/server/auth/team-page";
import { ServiceError } from "@/server/services/errors";
import { getJob } from "@/server/services/jobs/get-job";

export const metadata: Metadata = { title: "Job" };

export default async function JobPage({ params }: { params: Promise<{ team: string; jobId: string }> }) {
  const { team: slug, jobId } = await params;
  const page = await getTeamPage(slug);
  // Another team's job, or no job at all, is the same 404.
  await getJob({ ctx: page.svc, input: { id: jobId } }).catch((err: unknown) => {
    if (err instanceof ServiceError && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  return <JobView teamSlug={slug} jobId={jobId} can={{ cancel: page.can("job:cancel"), register: page.can("model:write"), backtest: page.can("job:run") }} />;
}
