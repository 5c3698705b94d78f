"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { FieldError, Label } from "@/components/ui/label";

export interface AuthFormState {
  message?: string;
  fields?: Record<string, string | undefined>;
  values?: { email?: string; name?: string };
}

type Action = (state: AuthFormState, form: FormData) => Promise<AuthFormState>;

/** Sign-in and sign-up share one form; sign-up adds the name field. */
export function AuthForm({ mode, action, callbackUrl }: { mode: "sign-in" | "sign-up"; action: Action; callbackUrl?: string }) {
  const [state, formAction, pending] = useActionState(action, {});
  const signUp = mode === "sign-up";
  return (
    <Card className="w-full max-w-sm">
      <CardTitle>{signUp ? "Create your account" : "Sign in to Foldline"}</CardTitle>
      <CardDescription className="mt-1">
        {signUp ? "Email and a password of at least 8 characters." : "Use your email and password."}
      </CardDescription>
      <form action={formAction} className="mt-6 space-y-4" noValidate>
        {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
        {signUp ? (
          <div className="space-y-1.5">
            <Label htmlFor="name">Name</Label>
            <Input id="name" name="name" autoComplete="name" defaultValue={state.values?.name} />
          </div>
        ) : null}
        <div className="space-y-1.5">
          <Label htmlFor="email">Email</Label>
          <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} aria-invalid={!!state.fields?.email} />
          <FieldError>{state.fields?.email}</FieldError>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="password">Password</Label>
          <Input
            id="password"
            name="password"
            type="password"
            autoComplete={signUp ? "new-password" : "current-password"}
            required
            aria-invalid={!!state.fields?.password}
          />
          <FieldError>{state.fields?.password}</FieldError>
        </div>
        {state.message ? (
          <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">
            {state.message}
          </p>
        ) : null}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Please wait…" : signUp ? "Sign up" : "Sign in"}
        </Button>
      </form>
      <p className="mt-4 text-center text-sm text-muted-foreground">
        {signUp ? (
          <>Already have an account? <Link className="underline" href="/login">Sign in</Link></>
        ) : (
          <>New here? <Link className="underline" href="/signup">Create an account</Link></>
        )}
      </p>
    </Card>
  );
}
