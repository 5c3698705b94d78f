import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { auditLog } from "@/db/schema";
import { requirePermission, type TeamCtx } from "../context";

export const ListAuditInput = z.object({
  /** Id of the last row of the previous page; rows older than it come next. */
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListAuditInput = z.input<typeof ListAuditInput>;

/** The team's audit log, newest first, a page at a time (keyset pagination on id). */
export async function listAudit({ ctx, input }: { ctx: TeamCtx; input: ListAuditInput }) {
  requirePermission(ctx, "audit:read");
  const { cursor, limit } = ListAuditInput.parse(input);
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.teamId, ctx.team.id), cursor ? lt(auditLog.id, cursor) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page, nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}
