import { notFound } from "next/navigation";
import { ModelView } from "@/components/registry/model-view";
import { PageHeader } from "@/components/ui/page-header";
import { getTeamPage } from "@/server/auth/team-page";
import { ServiceError } from "@/server/services/errors";
import { getRegisteredModel } from "@/server/services/registry/models";

export default async function ModelPage({ params }: { params: Promise<{ team: string; name: string }> }) {
  const { team: slug, name: raw } = await params;
  const page = await getTeamPage(slug);
  const name = decodeURIComponent(raw);
  const model = await getRegisteredModel({ ctx: page.svc, input: { name } }).catch((err: unknown) => {
    if (err instanceof ServiceError && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  return (
    <div className="space-y-6">
      <PageHeader title={model.model.name}>{model.model.description || "No description."}</PageHeader>
      <ModelView
        teamSlug={slug}
        name={name}
        can={{ write: page.can("model:write"), approve: page.can("transition:approve"), backtest: page.can("job:run") }}
        retraining={{ write: page.can("schedule:write"), run: page.can("schedule:run") }}
        currentUserId={page.user.id}
      />
    </div>
  );
}
