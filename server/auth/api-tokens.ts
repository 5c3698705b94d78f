import { createHash, randomBytes } from "node:crypto";

/** Token format: `fl_` + 32 random bytes, base64url. High entropy, so a plain sha256 is a
 * sufficient stored form (no salt or slow hash needed, unlike passwords). */
export const TOKEN_PREFIX = "fl_";

export function generateApiToken(): { token: string; prefix: string; hash: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, prefix: token.slice(0, 11), hash: hashApiToken(token) };
}

export const hashApiToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | null): string | null {
  const m = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return m?.[1] ?? null;
}
