import { redirect } from "next/navigation";
import { getDatabase } from "@/db";
import { requireUser } from "@/server/auth/session";
import { listTeamsForUser } from "@/server/services/teams/memberships";

/** Home: the first team the user belongs to, or creating one. */
export default async function Home() {
  const user = await requireUser("/");
  const { db } = await getDatabase();
  const [first] = await listTeamsForUser(db, user.id);
  redirect(first ? `/${first.slug}` : "/teams/new");
}
