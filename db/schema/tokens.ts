import { index, pgTable } from "drizzle-orm/pg-core";
import { teams } from "./teams";
import { users } from "./users";

/** API tokens for programs: scoped to one team, acting with their owner's current role there.
 * Only the sha256 of the token is stored; `prefix` lets people recognise it in lists. */
export const apiTokens = pgTable(
  "api_tokens",
  (d) => ({
    id: d.uuid().primaryKey().defaultRandom(),
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    userId: d.uuid().notNull().references(() => users.id, { onDelete: "cascade" }),
    name: d.text().notNull(),
    prefix: d.text().notNull(),
    tokenHash: d.text().notNull().unique(),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: d.timestamp({ withTimezone: true }),
    revokedAt: d.timestamp({ withTimezone: true }),
  }),
  (t) => [index("api_tokens_team_idx").on(t.teamId), index("api_tokens_user_idx").on(t.userId)],
);
