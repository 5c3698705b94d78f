import { type NextRequest, NextResponse } from "next/server";

/**
 * Redirects only: a request for an app page without a session cookie goes to sign-in.
 * Authorization itself happens in the team layout, the procedures and the services.
 */
const PUBLIC = /^\/(login|signup|api|_next|favicon\.ico)(\/|$)/;
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (PUBLIC.test(pathname)) return NextResponse.next();
  if (SESSION_COOKIES.some((c) => req.cookies.has(c))) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/login";
  url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
