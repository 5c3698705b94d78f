import { redirect } from "next/navigation";
import type { SessionUser } from "@/server/api/trpc";
import { auth } from "./index";

export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  const u = session?.user;
  return u?.id && u.email ? { id: u.id, email: u.email } : null;
}

/** The signed-in user, or a redirect to the sign-in page that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
