import Link from "next/link";
import { SECTIONS } from "@/components/shell/sections";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { getTeamPage } from "@/server/auth/team-page";

export default async function TeamHome({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { team, role } = await getTeamPage(slug);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{team.name}</h1>
        <p className="text-sm text-muted-foreground">You are {role === "admin" ? "an" : "a"} {role} of this team.</p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {SECTIONS.map((s) => (
          <Link key={s.slug} href={`/${team.slug}/${s.slug}`}>
            <Card className="h-full p-4 hover:bg-muted/40">
              <CardTitle className="text-base">{s.label}</CardTitle>
              <CardDescription className="mt-1">{s.summary}</CardDescription>
            </Card>
          </Link>
        ))}
      </div>
    </div>
  );
}
