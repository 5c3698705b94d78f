import { and, asc, count, eq, gt, min } from "drizzle-orm";
import type { Db } from "@/db";
import { signInAttempts, users } from "@/db/schema";
import { timingDummyHash, verifyPassword } from "@/server/auth/passwords";
import { rateLimits } from "@/server/auth/rate-limit";
import { Email } from "./schemas";

/** At most this many failed sign-ins per email per window; then refused until the window slides. */
export const SIGN_IN_LIMIT = 10;
export const SIGN_IN_WINDOW_MS = 60_000;

export type VerifyResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterS: number };

/**
 * Checks an email and password. Unknown email and wrong password are one answer ("invalid")
 * and cost the same argon2 verification, so neither the message nor the timing tells which.
 * Refused ("rate_limited") after SIGN_IN_LIMIT failures a minute for the email (in the
 * database, across instances), or RATE_LIMIT_SIGN_IN_FAILURES_PER_MIN from `clientIp`.
 */
export async function verifyCredentials(db: Db, rawEmail: unknown, password: unknown, clientIp?: string | null): Promise<VerifyResult> {
  // Failures per client IP (in memory): one address trying many emails. Without an address (no
  // proxy header), only the per-email limit applies.
  const ipLimit = rateLimits().signInFailures;
  if (clientIp) {
    const room = ipLimit.peek(clientIp);
    if (!room.ok) return { ok: false, reason: "rate_limited", retryAfterS: room.retryAfterS };
  }
  const failed = (): VerifyResult => {
    if (clientIp) ipLimit.take(clientIp);
    return { ok: false, reason: "invalid" };
  };
  const parsed = Email.safeParse(rawEmail);
  if (!parsed.success || typeof password !== "string" || password.length > 256) return failed();
  const email = parsed.data;
  const since = new Date(Date.now() - SIGN_IN_WINDOW_MS);
  const [recent] = await db
    .select({ failures: count(), oldest: min(signInAttempts.at) })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, since)));
  if (recent && recent.failures >= SIGN_IN_LIMIT) {
    const oldest = recent.oldest ? new Date(recent.oldest).getTime() : Date.now();
    return { ok: false, reason: "rate_limited", retryAfterS: Math.max(1, Math.ceil((oldest + SIGN_IN_WINDOW_MS - Date.now()) / 1000)) };
  }
  const [user] = await db.select().from(users).where(eq(users.email, email)).orderBy(asc(users.createdAt)).limit(1);
  const ok = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), password);
  const succeeded = Boolean(user) && ok;
  await db.insert(signInAttempts).values({ email, succeeded });
  if (!succeeded || !user) return failed();
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
