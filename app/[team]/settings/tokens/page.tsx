import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { TokensPanel } from "@/components/tokens/tokens-panel";
import { getTeamPage } from "@/server/auth/team-page";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const page = await getTeamPage(slug);
  return (
    <div className="space-y-6">
      <PageHeader title="API tokens">
          Tokens let programs call Foldline&apos;s REST API in this team, with your role here.
          {page.can("token:manage") ? " As an admin you see and can revoke every token of the team." : ""}
        </PageHeader>
      <TokensPanel teamSlug={slug} seesAll={page.can("token:manage")} />
    </div>
  );
}
