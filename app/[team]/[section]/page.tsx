import { notFound } from "next/navigation";
import { SECTIONS } from "@/components/shell/sections";
import { EmptyState } from "@/components/ui/empty-state";
import { getTeamPage } from "@/server/auth/team-page";

/** Sections that are not built yet: an honest empty state, not a fake page. Built sections
 * get their own folder, which Next.js prefers over this dynamic one. */
export default async function PendingSection({ params }: { params: Promise<{ team: string; section: string }> }) {
  const { team, section } = await params;
  await getTeamPage(team);
  const s = SECTIONS.find((x) => x.slug === section);
  if (!s) notFound();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{s.label}</h1>
      <EmptyState title="Not built yet">
        <p>{s.summary}</p>
        <p className="mt-2">This part of Foldline is still being built; nothing here is simulated.</p>
      </EmptyState>
    </div>
  );
}
