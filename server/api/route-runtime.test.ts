import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { routePatterns } from "./testing/route-modules";

// Route handlers reach the database (postgres.js, PGlite), argon2 and onnxruntime-node, which the
// edge runtime cannot load; Vercel deploys each file as its own function, with the runtime the
// file declares. Next reads the declaration from the source, so the test does too.
it("every API route file declares the Node.js runtime", () => {
  const patterns = routePatterns();
  expect(patterns.length).toBeGreaterThan(20);
  const missing = patterns.filter((p) => !/^export const runtime = "nodejs";$/m.test(readFileSync(path.join(process.cwd(), "app", p, "route.ts"), "utf8")));
  expect(missing).toEqual([]);
});
