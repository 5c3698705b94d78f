import { relations } from "drizzle-orm";
import { index, pgEnum, pgTable, primaryKey } from "drizzle-orm/pg-core";
import { users } from "./users";

/** Team roles, least to most privileged. The matrix of what each may do is server/auth/rbac.ts. */
export const ROLES = ["viewer", "member", "reviewer", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const roleEnum = pgEnum("team_role", ROLES);

export const teams = pgTable("teams", (d) => ({
  id: d.uuid().primaryKey().defaultRandom(),
  slug: d.text().notNull().unique(),
  name: d.text().notNull(),
  createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
}));

export const memberships = pgTable(
  "memberships",
  (d) => ({
    teamId: d.uuid().notNull().references(() => teams.id, { onDelete: "cascade" }),
    userId: d.uuid().notNull().references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum().notNull(),
    createdAt: d.timestamp({ withTimezone: true }).notNull().defaultNow(),
  }),
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const teamsRelations = relations(teams, ({ many }) => ({ memberships: many(memberships) }));
export const membershipsRelations = relations(memberships, ({ one }) => ({
  team: one(teams, { fields: [memberships.teamId], references: [teams.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
}));
