// Before `next dev`/`next start`: make sure .env.local holds an AUTH_SECRET (generated once).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, appendFileSync } from "node:fs";

const file = ".env.local";
const current = existsSync(file) ? readFileSync(file, "utf8") : "";
if (!process.env.AUTH_SECRET && !/^AUTH_SECRET=/m.test(current)) {
  const sep = current && !current.endsWith("\n") ? "\n" : "";
  appendFileSync(file, `${sep}AUTH_SECRET=${randomBytes(32).toString("base64url")}\n`);
  console.log("Foldline: generated AUTH_SECRET into .env.local");
}
