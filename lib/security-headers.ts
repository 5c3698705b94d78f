/**
 * The security headers of every response, pages and API alike (next.config.ts `headers()`).
 *
 * Content-Security-Policy without nonces: Next's App Router streams its payload in inline
 * scripts, so script-src needs 'unsafe-inline' (nonces would make every page dynamic); what
 * the policy still forbids is loading script, style, frames or connections from any other
 * origin, plugins, <base> rewrites and form posts elsewhere. Dev adds 'unsafe-eval' and
 * websockets for React Refresh. Strict-Transport-Security is sent in production only (browsers
 * ignore it over http, and a dev server on https would pin localhost).
 */
export function contentSecurityPolicy({ dev }: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    // GitHub sign-in leaves by a redirect after a form post, which form-action also governs.
    "form-action 'self' https://github.com",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders({ production }: { production: boolean }): { key: string; value: string }[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy({ dev: !production }) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}
