import type { Metadata } from "next";
import { ModelsTable } from "@/components/registry/models-table";
import { PageHeader } from "@/components/ui/page-header";
import { getTeamPage } from "@/server/auth/team-page";
import { listRegisteredModels } from "@/server/services/registry/list-models";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const page = await getTeamPage(slug);
  // The first page renders with the HTML, so the list is there at first paint.
  const firstPage = await listRegisteredModels({ ctx: page.svc, input: {} });
  return (
    <div className="space-y-6">
      <PageHeader title="Models">Registered models, their versions and stages. Production takes a reviewed request.</PageHeader>
      <ModelsTable teamSlug={slug} firstPage={firstPage} />
    </div>
  );
}
