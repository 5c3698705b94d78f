import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { Email } from "./schemas";

/** A user signing in through GitHub/OIDC for the first time gets an account with no usable
 * password ("!" is no argon2 hash, so credentials sign-in always fails for it). */
export async function findOrCreateOAuthUser(db: Db, rawEmail: string, name: string | null) {
  const email = Email.parse(rawEmail);
  await db.insert(users).values({ email, name: name || email.split("@")[0]!, passwordHash: "!" }).onConflictDoNothing();
  const [user] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, email));
  return user!;
}
