import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { AuditTable } from "@/components/audit/audit-table";
import { EmptyState } from "@/components/ui/empty-state";
import { getTeamPage } from "@/server/auth/team-page";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const page = await getTeamPage(slug);
  return (
    <div className="space-y-6">
      <PageHeader title="Audit log">Every change to membership, roles and tokens, newest first.</PageHeader>
      {page.can("audit:read") ? (
        <AuditTable teamSlug={slug} />
      ) : (
        <EmptyState title="Reviewers and admins only">Ask an admin of this team if you need to see the audit log.</EmptyState>
      )}
    </div>
  );
}
