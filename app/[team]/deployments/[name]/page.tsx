import { notFound } from "next/navigation";
import { ZodError } from "zod";
import { DeploymentView } from "@/components/deployments/deployment-view";
import { PageHeader } from "@/components/ui/page-header";
import { getTeamPage } from "@/server/auth/team-page";
import { ServiceError } from "@/server/services/errors";
import { getDeployment } from "@/server/services/serving/get-deployment";

export default async function DeploymentPage({ params }: { params: Promise<{ team: string; name: string }> }) {
  const { team: slug, name: raw } = await params;
  const page = await getTeamPage(slug);
  const name = decodeURIComponent(raw);
  const { deployment } = await getDeployment({ ctx: page.svc, input: { name } }).catch((err: unknown) => {
    if ((err instanceof ServiceError && err.code === "NOT_FOUND") || err instanceof ZodError) notFound(); // a name no deployment can have
    throw err;
  });
  return (
    <div className="space-y-6">
      <PageHeader title={deployment.name}>{deployment.description || "An endpoint for model predictions."}</PageHeader>
      <DeploymentView teamSlug={slug} name={name} can={{ write: page.can("deployment:write"), delete: page.can("deployment:delete") }} />
    </div>
  );
}
