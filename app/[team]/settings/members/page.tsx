import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { MembersPanel } from "@/components/members/members-panel";
import { getTeamPage } from "@/server/auth/team-page";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const page = await getTeamPage(slug);
  return (
    <div className="space-y-6">
      <PageHeader title="Members">
          Viewers read; members log runs, upload data and launch jobs; reviewers approve promotions; admins manage members and tokens.
        </PageHeader>
      <MembersPanel teamSlug={slug} canManage={page.can("member:manage")} currentUserId={page.user.id} />
    </div>
  );
}
