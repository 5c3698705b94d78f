import { type NextRequest, NextResponse } from "next/server";
import { crossSiteWrite } from "@/server/auth/csrf";

/**
 * Two gates before any route: a cross-site write to the API that carries the session cookie is
 * refused (403; Auth.js's own routes carry its CSRF token and Inngest's are signed; programs
 * with API tokens send no cookie); and a request for an app page without a session
 * cookie goes to sign-in. Authorization itself happens in the team layout, the procedures and
 * the services. (Server actions get Next's own Origin check.)
 */
const PUBLIC = /^\/(login|signup|api|_next|favicon\.ico)(\/|$)/;
const OWN_CSRF = /^\/api\/(auth|inngest)(\/|$)/;
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const hasSession = SESSION_COOKIES.some((c) => req.cookies.has(c));
  if (pathname.startsWith("/api/") && hasSession && !OWN_CSRF.test(pathname)) {
    const why = crossSiteWrite(req.method, req.headers, req.url);
    if (why) return NextResponse.json({ error: { code: "FORBIDDEN", message: `cross-site request refused (${why})` } }, { status: 403 });
  }
  if (PUBLIC.test(pathname)) return NextResponse.next();
  if (hasSession) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/login";
  url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
