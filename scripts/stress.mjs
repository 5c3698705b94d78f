// `npm run test:stress`: the load tests of issue 9, each held 60 s (STRESS_SECONDS) —
// W6 (200 predict requests/s against `next start`; needs a production build) and W7 (log-batch
// without pause into PostgreSQL; needs DATABASE_URL or the local server). A test passes with no
// error and memory flat: no resident-memory sample of the second half more than max(64 MB, 15 %)
// above the highest of the first half. The first half is warm-up (caches, JIT and the V8 heap grow
// to their working size) and resident memory swings by tens of MB with each collection, so this
// is what 60 s can tell: a leak of more than ~2 MB/s fails. Prints `N passed, N failed`; exit 1 on a failure.
// `npm test` runs it last when CI=true or FOLDLINE_STRESS=1.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";

const SECONDS = Number(process.env.STRESS_SECONDS ?? 60);
let passed = 0, failed = 0;

function holdLine(workload) {
  console.log(`\n=== stress ${workload}: ${SECONDS} s`);
  const res = spawnSync("npx", ["tsx", `bench/workloads/${workload.toLowerCase()}.ts`, `--hold=${SECONDS}`], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  process.stdout.write(res.stdout ?? "");
  const line = (res.stdout ?? "").split("\n").find((l) => l.includes('"mode":"hold"'));
  return res.status === 0 && line ? JSON.parse(line) : null;
}

function check(workload, samplesKey) {
  const r = holdLine(workload);
  const problems = [];
  if (!r) problems.push("no result (the workload failed)");
  else {
    const samples = r[samplesKey];
    if (r.errors) problems.push(`${r.errors} errors`);
    const half = Math.ceil(samples.length / 2);
    const base = Math.max(...samples.slice(0, half));
    const last = Math.max(...samples.slice(half));
    const allowed = Math.max(64, 0.15 * base);
    if (last - base > allowed) problems.push(`memory grew ${(last - base).toFixed(1)} MB (first-half peak ${base} → second-half peak ${last} MB; allowed ${allowed.toFixed(1)})`);
  }
  if (problems.length) failed++;
  else passed++;
  console.log(`${workload} held ${SECONDS} s: ${problems.length ? `FAILED: ${problems.join("; ")}` : `ok (${r.per_s} per s, memory ${r[samplesKey].join(" → ")} MB)`}`);
}

check("W6", "server_rss_samples_mb");
check("W7", "rss_samples_mb");
console.log(`${passed} passed, ${failed} failed`);
if (process.env.STRESS_JSON) writeFileSync(process.env.STRESS_JSON, JSON.stringify({ passed, failed }));
process.exit(failed ? 1 : 0);
