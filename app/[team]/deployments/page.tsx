import type { Metadata } from "next";
import { DeploymentsTable } from "@/components/deployments/deployments-table";
import { NewDeployment } from "@/components/deployments/new-deployment";
import { PageHeader } from "@/components/ui/page-header";
import { getTeamPage } from "@/server/auth/team-page";

export const metadata: Metadata = { title: "Deployments" };

export default async function DeploymentsPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const page = await getTeamPage(slug);
  return (
    <div className="space-y-6">
      <PageHeader title="Deployments">Endpoints serving a model alias, stage or version: single, A/B by request key, or with a shadow.</PageHeader>
      {page.can("deployment:write") ? <NewDeployment teamSlug={slug} /> : null}
      <DeploymentsTable teamSlug={slug} />
    </div>
  );
}
