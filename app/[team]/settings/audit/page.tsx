import type { Metadata } from "next";
import { AuditTable } from "@/components/audit/audit-table";
import { EmptyState } from "@/components/ui/empty-state";
import { getTeamPage } from "@/server/auth/team-page";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const page = await getTeamPage(slug);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-sm text-muted-foreground">Every change to membership, roles and tokens, newest first.</p>
      </div>
      {page.can("audit:read") ? (
        <AuditTable teamSlug={slug} />
      ) : (
        <EmptyState title="Reviewers and admins only">Ask an admin of this team if you need to see the audit log.</EmptyState>
      )}
    </div>
  );
}
