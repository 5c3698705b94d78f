import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SideNav } from "./side-nav";
import { TeamSwitcher } from "./team-switcher";

export interface AppShellProps {
  team: { slug: string; name: string };
  teams: { slug: string; name: string }[];
  role: string;
  userEmail: string;
  signOut: () => Promise<void>;
  children: React.ReactNode;
}

/** Top bar (brand, team switcher, user, sign out) and side navigation around a team's pages. */
export function AppShell({ team, teams, role, userEmail, signOut, children }: AppShellProps) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex h-14 items-center gap-4 border-b px-4">
        <Link href={`/${team.slug}`} className="font-semibold tracking-tight">
          Foldline
        </Link>
        <TeamSwitcher current={team.slug} teams={teams} />
        <Badge data-testid="current-role">{role}</Badge>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <span className="text-muted-foreground" data-testid="current-user">
            {userEmail}
          </span>
          <form action={signOut}>
            <Button type="submit" variant="outline" size="sm">
              Sign out
            </Button>
          </form>
        </div>
      </header>
      <div className="flex flex-1">
        <aside className="w-56 shrink-0 border-r p-3">
          <SideNav teamSlug={team.slug} />
        </aside>
        <main className="min-w-0 flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
