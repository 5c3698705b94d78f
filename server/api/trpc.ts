/**
 * tRPC set-up, read top to bottom: 1. the context, 2. initTRPC and error mapping,
 * 3. the procedures by auth level. Routers only use the procedures exported here.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Db } from "@/db";
import type { Permission } from "@/server/auth/rbac";
import { can } from "@/server/auth/rbac";
import type { TeamCtx } from "@/server/services/context";
import { ServiceError } from "@/server/services/errors";
import { getMembership } from "@/server/services/teams/memberships";
import { zodFieldErrors } from "./field-errors";

// 1. Context -------------------------------------------------------------------------------

export interface SessionUser {
  id: string;
  email: string;
}

export interface TRPCContext {
  db: Db;
  /** The signed-in user (Auth.js session), or null. */
  user: SessionUser | null;
}

// 2. Initialisation ---------------------------------------------------------------------------

const TRPC_CODES = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  UNPROCESSABLE: "UNPROCESSABLE_CONTENT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
} as const;

/** The only place service errors become tRPC errors; unknown errors stay a bare 500. */
export function toTRPCError(err: unknown): unknown {
  if (err instanceof ServiceError) return new TRPCError({ code: TRPC_CODES[err.code], message: err.message, cause: err });
  if (err instanceof ZodError) return new TRPCError({ code: "BAD_REQUEST", message: z.prettifyError(err), cause: err });
  return err;
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fieldErrors =
      cause instanceof ZodError
        ? zodFieldErrors(cause)
        : cause instanceof ServiceError && cause.field
          ? { [cause.field]: [cause.message] }
          : null;
    return { ...shape, data: { ...shape.data, fieldErrors, stack: undefined } };
  },
});

const mapServiceErrors = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok) throw toTRPCError(res.error.cause ?? res.error);
  return res;
});

// 3. Procedures ------------------------------------------------------------------------------

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapServiceErrors);

/** Signed in; `ctx.user` is non-null. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/**
 * A member of `input.teamSlug` holding `permission`. The role is read from the database on
 * every call. Non-members get NOT_FOUND, as for a team that does not exist.
 */
export const teamProcedure = (permission: Permission) =>
  authedProcedure.input(z.object({ teamSlug: z.string().min(1) })).use(async ({ ctx, input, next }) => {
    const m = await getMembership(ctx.db, ctx.user.id, input.teamSlug);
    if (!m) throw new TRPCError({ code: "NOT_FOUND", message: "team not found" });
    if (!can(m.role, permission)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `the ${m.role} role cannot do ${permission}` });
    }
    const svc: TeamCtx = { db: ctx.db, actor: { type: "user", userId: ctx.user.id, email: ctx.user.email }, team: m.team, role: m.role };
    return next({ ctx: { ...ctx, svc } });
  });
