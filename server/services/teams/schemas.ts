import { z } from "zod";

/** Paths under / that are not team slugs (static routes and Next internals). */
export const RESERVED_SLUGS = new Set([
  "api", "login", "signup", "logout", "teams", "team", "new", "settings", "admin",
  "static", "public", "_next", "favicon.ico", "health", "auth",
]);

export const TeamSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, {
    message: "use 1–40 lower-case letters, digits or dashes, not starting or ending with a dash",
  })
  .refine((s) => !RESERVED_SLUGS.has(s), { message: "this name is reserved" });

export const TeamName = z.string().trim().min(1, { message: "enter a team name" }).max(80);
