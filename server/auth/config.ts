import type { NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { env } from "@/env";
import { getDatabase } from "@/db";
import { findOrCreateOAuthUser } from "@/server/services/users/find-or-create-oauth-user";
import { verifyCredentials } from "@/server/services/users/verify-credentials";
import { clientIp } from "./client-ip";
import { secureCookiesFor } from "./cookies";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null };
  }
}

/** Wrong password and unknown email share this one code, so the answer tells nothing. */
class InvalidCredentials extends CredentialsSignin {
  code = "invalid";
}
class RateLimited extends CredentialsSignin {
  code = "rate_limited";
}

export const authConfig = {
  session: { strategy: "jwt" },
  useSecureCookies: secureCookiesFor(env.AUTH_URL),
  pages: { signIn: "/login" },
  trustHost: true,
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, request) {
        const { db } = await getDatabase();
        const res = await verifyCredentials(db, credentials?.email, credentials?.password, clientIp(request.headers));
        if (res.ok) return res.user;
        throw res.reason === "rate_limited" ? new RateLimited() : new InvalidCredentials();
      },
    }),
    ...(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET ? [GitHub] : []),
  ],
  callbacks: {
    async jwt({ token, user, account }) {
      if (account && account.provider !== "credentials" && token.email) {
        const { db } = await getDatabase();
        const local = await findOrCreateOAuthUser(db, token.email, token.name ?? null);
        token.uid = local.id;
      } else if (user?.id) {
        token.uid = user.id;
      }
      return token;
    },
    session({ session, token }) {
      // Only the user id travels in the JWT; team roles are read per request.
      session.user.id = token.uid as string;
      return session;
    },
  },
} satisfies NextAuthConfig;
