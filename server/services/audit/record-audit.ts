import type { Db } from "@/db";
import { auditLog } from "@/db/schema";
import type { TeamCtx } from "../context";

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
}

const SECRET_KEYS = new Set(["token", "tokenHash", "passwordHash", "password", "secret"]);

/** Drops secret-looking keys (at any depth) so no audit row ever holds a credential. */
export function stripSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSecrets);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !SECRET_KEYS.has(k))
        .map(([k, v]) => [k, stripSecrets(v)]),
    );
  }
  return value;
}

function auditRow({ actor, team }: Pick<TeamCtx, "actor" | "team">, entry: AuditEntry) {
  return {
    teamId: team.id,
    actorUserId: actor.type === "system" ? null : actor.userId,
    actorTokenId: actor.type === "token" ? actor.tokenId : null,
    actorEmail: actor.type === "system" ? `system:${actor.label}` : actor.email,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: stripSecrets(entry.before ?? null),
    after: stripSecrets(entry.after ?? null),
  };
}

/** Appends one audit row. Call it with the transaction of the write it records. */
export async function recordAudit(tx: Db, ctx: Pick<TeamCtx, "actor" | "team">, entry: AuditEntry) {
  await tx.insert(auditLog).values(auditRow(ctx, entry));
}

/** Appends many audit rows in one statement, for bulk writes (same transaction rule). */
export async function recordAudits(tx: Db, ctx: Pick<TeamCtx, "actor" | "team">, entries: AuditEntry[]) {
  if (entries.length) await tx.insert(auditLog).values(entries.map((e) => auditRow(ctx, e)));
}
