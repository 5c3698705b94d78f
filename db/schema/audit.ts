import { index, pgTable } from "drizzle-orm/pg-core";
import { teams } from "./teams";
import { users } from "./users";

/** Append-only record of every write that changes who can do what, or what is in Production.
 * `actorEmail` is a snapshot so the row still reads right after the user is gone. */
export const auditLog = pgTable(
  "audit_log",
  (d) => ({
    id: d.bigserial({ mode: "number" }).primaryKey(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    actorUserId: d.uuid().references(() => users.id, { onDelete: "set null" }),
    actorTokenId: d.uuid(),
    actorEmail: d.text(),
    action: d.text().notNull(),
    targetType: d.text().notNull(),
    targetId: d.text().notNull(),
    before: d.jsonb(),
    after: d.jsonb(),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [index("audit_log_team_id_idx").on(t.teamId, t.id)],
);
