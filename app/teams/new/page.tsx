import type { Metadata } from "next";
import { CreateTeamForm } from "@/components/teams/create-team-form";
import { requireUser } from "@/server/auth/session";

export const metadata: Metadata = { title: "New team" };

export default async function NewTeamPage() {
  await requireUser("/teams/new");
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 p-6">
      <CreateTeamForm />
    </main>
  );
}
