import type { Db } from "@/db";
import { hashApiToken } from "@/server/auth/api-tokens";
import type { TeamCtx } from "../context";
import { authenticateToken } from "./authenticate-token";

/** How long an authentication is reused. */
export const TOKEN_CACHE_MS = 1000;

interface Entry {
  at: number;
  db: Db;
  value: Promise<TeamCtx>;
}

const holder = globalThis as unknown as { foldlineTokenAuth?: Map<string, Entry> };
const entries = (holder.foldlineTokenAuth ??= new Map<string, Entry>());

/**
 * `authenticateToken` with a one-second memory, for endpoints that programs call hundreds of
 * times a second (predict): a token is looked up once a second, not on every request. The price:
 * a revoked token, a removed member or a changed role takes effect up to TOKEN_CACHE_MS later.
 * Failures are not remembered. Entries are keyed by the token's sha256, never the token.
 */
export function authenticateTokenCached(db: Db, token: string): Promise<TeamCtx> {
  const key = hashApiToken(token);
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.db === db && now - hit.at < TOKEN_CACHE_MS) return hit.value;
  const entry: Entry = { at: now, db, value: authenticateToken(db, token) };
  entries.set(key, entry);
  entry.value.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  if (entries.size > 10_000) entries.delete(entries.keys().next().value!);
  return entry.value;
}
