import { relations } from "drizzle-orm";
import { boolean, index, pgTable } from "drizzle-orm/pg-core";
import { memberships } from "./teams";

export const users = pgTable("users", (d) => ({
  id: d.uuid().primaryKey().defaultRandom(),
  /** Stored lower-cased and trimmed; unique. */
  email: d.text().notNull().unique(),
  name: d.text().notNull(),
  /** argon2id PHC string. */
  passwordHash: d.text().notNull(),
  createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
}));

export const usersRelations = relations(users, ({ many }) => ({ memberships: many(memberships) }));

/** Every credentials sign-in attempt, for the per-email rate limit (kept in the database so it
 * holds across server instances). */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  (d) => ({
    id: d.bigserial({ mode: "number" }).primaryKey(),
    email: d.text().notNull(),
    succeeded: boolean().notNull(),
    at: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [index("sign_in_attempts_email_at_idx").on(t.email, t.at)],
);
