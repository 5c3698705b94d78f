/**
 * The client's address as the proxy in front of the app reports it: the first hop of
 * X-Forwarded-For (Vercel and most proxies set it, replacing what the client sent), else
 * X-Real-IP; null when neither is there. Without such a proxy a client can name any address,
 * so limits keyed by it are a brake, not a wall; the per-email sign-in limit does not use it.
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || null;
}
