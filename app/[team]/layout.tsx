import { AppShell } from "@/components/shell/app-shell";
import { getTeamPage } from "@/server/auth/team-page";
import { signOutAction } from "../(auth)/actions";

export default async function TeamLayout({ children, params }: { children: React.ReactNode; params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const page = await getTeamPage(slug);
  return (
    <AppShell team={page.team} teams={page.teams} role={page.role} userEmail={page.user.email} signOut={signOutAction}>
      {children}
    </AppShell>
  );
}
