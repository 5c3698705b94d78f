import type { Db } from "@/db";
import { can, type Permission, type Role } from "@/server/auth/rbac";
import { forbidden } from "./errors";

/** Who is calling: a signed-in user, a program with an API token, or the system (seed, CLI). */
export type Actor =
  | { type: "user"; userId: string; email: string }
  | { type: "token"; userId: string; email: string; tokenId: string }
  | { type: "system"; label: string };

export interface ServiceCtx {
  db: Db;
  actor: Actor;
}

export interface TeamRef {
  id: string;
  slug: string;
  name: string;
}

/** A caller acting inside one team, with their role there (looked up for this request). */
export interface TeamCtx extends ServiceCtx {
  team: TeamRef;
  role: Role;
}

export function requirePermission(ctx: TeamCtx, permission: Permission): void {
  if (!can(ctx.role, permission)) throw forbidden(`the ${ctx.role} role cannot do ${permission}`);
}

export const actorUserId = (actor: Actor): string | null => (actor.type === "system" ? null : actor.userId);

/** Runs `fn` in one transaction (a savepoint when ctx.db already is one). */
export const withTx = <T>(ctx: ServiceCtx, fn: (tx: Db) => Promise<T>): Promise<T> =>
  ctx.db.transaction((tx) => fn(tx as unknown as Db));
