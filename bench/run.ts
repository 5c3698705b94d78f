/**
 * `npm run bench [-- --only=W1,W2 --runs=9]`: runs each selected workload of BENCHMARKS.md in its
 * own Node process (so peak RSS means something) and relays its JSON line.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k!, v ?? "true"];
  }),
);
const runs = Number(args.runs ?? 5);
const all = ["W1", "W2", "W2b", "W3", "W4", "W5", "W6", "W7", "W8", "W9"];
const only = args.only ? String(args.only).split(",") : all;

for (const id of only) {
  const file = path.join(here, "workloads", `${id.toLowerCase()}.ts`);
  if (!existsSync(file)) {
    console.error(`bench: ${id} has no workload yet (${path.relative(process.cwd(), file)})`);
    continue;
  }
  const res = spawnSync(process.execPath, ["--import", "tsx", file, `--runs=${runs}`], {
    stdio: ["ignore", "inherit", "inherit"],
    env: process.env,
  });
  if (res.status !== 0) process.exitCode = 1;
}
