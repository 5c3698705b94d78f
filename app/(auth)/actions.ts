"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { getDatabase } from "@/db";
import { signIn, signOut } from "@/server/auth";
import { ServiceError } from "@/server/services/errors";
import { registerUser } from "@/server/services/users/register-user";
import { SIGN_IN_LIMIT } from "@/server/services/users/verify-credentials";

import type { AuthFormState } from "@/components/auth/auth-form";

/** Only same-site paths, so a crafted link cannot send people elsewhere after sign-in. */
const safeCallback = (raw: FormDataEntryValue | null) => {
  const s = typeof raw === "string" ? raw : "";
  return s.startsWith("/") && !s.startsWith("//") ? s : "/";
};

const SIGN_IN_MESSAGES: Record<string, string> = {
  invalid: "Incorrect email or password.",
  rate_limited: `Too many failed sign-ins (at most ${SIGN_IN_LIMIT} a minute for one email). Wait a minute and try again.`,
};

async function signInWith(email: string, password: string, redirectTo: string): Promise<AuthFormState> {
  try {
    await signIn("credentials", { email, password, redirectTo });
    return {};
  } catch (err) {
    // signIn redirects by throwing; only Auth.js errors are ours to report.
    if (err instanceof AuthError) {
      const code = (err as AuthError & { code?: string }).code ?? "invalid";
      return { message: SIGN_IN_MESSAGES[code] ?? SIGN_IN_MESSAGES.invalid, values: { email } };
    }
    throw err;
  }
}

export async function signInAction(_: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = String(form.get("email") ?? "");
  return signInWith(email, String(form.get("password") ?? ""), safeCallback(form.get("callbackUrl")));
}

export async function signUpAction(_: AuthFormState, form: FormData): Promise<AuthFormState> {
  const input = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? ""), name: String(form.get("name") ?? "") };
  const values = { email: input.email, name: input.name };
  try {
    const { db } = await getDatabase();
    await registerUser({ db, input });
  } catch (err) {
    if (err instanceof z.ZodError) {
      const f = z.flattenError(err).fieldErrors as Record<string, string[] | undefined>;
      return { fields: Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v?.[0]])), values };
    }
    if (err instanceof ServiceError) return { fields: { [err.field ?? "email"]: err.message }, values };
    throw err;
  }
  return signInWith(input.email, input.password, "/teams/new");
}

export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}
