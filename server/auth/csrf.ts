/**
 * Cross-site request refusal for cookie-authenticated writes (the session cookie is SameSite=Lax,
 * which stops cross-site POSTs in current browsers; this holds without relying on it). A browser
 * names where a request comes from: Sec-Fetch-Site (all current browsers) and Origin (every POST).
 * A write is cross-site when either says so. Neither header: not a browser (curl, scripts,
 * server-to-server), which a forged page cannot be.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why `method` with these headers, sent to `url`, is a cross-site write; null when it is not. */
export function crossSiteWrite(method: string, headers: Headers, url: string): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `Sec-Fetch-Site is ${site}`;
  const origin = headers.get("origin");
  if (origin === null) return null;
  // The host the browser addressed: the proxy's X-Forwarded-Host (a page cannot set it without a
  // CORS preflight, which this app never grants), else Host, else the URL's.
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host") || new URL(url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `Origin ${origin.slice(0, 100)} is not a URL`;
  }
  return originHost === host ? null : `Origin ${origin.slice(0, 100)} is not ${host}`;
}
