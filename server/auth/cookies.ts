/**
 * Whether Auth.js marks its cookies Secure (and names them `__Secure-…`): yes when the app's
 * public URL (AUTH_URL) is https, no when it is http; without AUTH_URL, Auth.js decides per
 * request from the protocol it sees (X-Forwarded-Proto behind a proxy such as Vercel's).
 */
export function secureCookiesFor(authUrl: string | undefined): boolean | undefined {
  if (!authUrl) return undefined;
  return new URL(authUrl).protocol === "https:";
}
