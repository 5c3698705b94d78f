import type { Metadata } from "next";
import { MembersPanel } from "@/components/members/members-panel";
import { getTeamPage } from "@/server/auth/team-page";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const page = await getTeamPage(slug);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Members</h1>
        <p className="text-sm text-muted-foreground">
          Viewers read; members log runs, upload data and launch jobs; reviewers approve promotions; admins manage members and tokens.
        </p>
      </div>
      <MembersPanel teamSlug={slug} canManage={page.can("member:manage")} currentUserId={page.user.id} />
    </div>
  );
}
