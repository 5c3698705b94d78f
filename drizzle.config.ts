import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema and applied at start-up by db/migrate.ts, for
// PGlite and PostgreSQL alike. Never edit the generated SQL by hand.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./drizzle",
  casing: "snake_case",
});
