// `npm test`: typecheck, Vitest (unit + integration), a production build, then Playwright
// against it. Every suite runs even when an earlier one fails; the last line sums them all as
// `N passed, N failed`, and the exit code is non-zero when anything failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const OUT = ".test-output";
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(title, cmd, args, extraEnv = {}) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(" ")}`);
  const t0 = Date.now();
  const res = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  const s = ((Date.now() - t0) / 1000).toFixed(0);
  return { ok: res.status === 0, seconds: s };
}

function record(suite, passed, failed, skipped, seconds) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${suite.padEnd(12)} ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""} (${seconds}s)`);
}

const readJson = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, "utf8")) : null);

const tsc = run("typecheck", "npx", ["tsc", "--noEmit"]);
record("typecheck", tsc.ok ? 1 : 0, tsc.ok ? 0 : 1, 0, tsc.seconds);

const vt = run("vitest", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${OUT}/vitest.json`]);
const v = readJson(`${OUT}/vitest.json`);
if (v) record("vitest", v.numPassedTests, v.numFailedTests + (vt.ok || v.numFailedTests ? 0 : 1), v.numPendingTests + v.numTodoTests, vt.seconds);
else record("vitest", 0, 1, 0, vt.seconds);

const build = run("next build", "npx", ["next", "build"]);
record("next build", build.ok ? 1 : 0, build.ok ? 0 : 1, 0, build.seconds);

if (build.ok) {
  const pw = run("playwright", "npx", ["playwright", "test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${OUT}/playwright.json` });
  const p = readJson(`${OUT}/playwright.json`);
  if (p) record("playwright", p.stats.expected + p.stats.flaky, p.stats.unexpected + (pw.ok || p.stats.unexpected ? 0 : 1), p.stats.skipped, pw.seconds);
  else record("playwright", 0, 1, 0, pw.seconds);
} else {
  lines.push("playwright   not run: the build failed");
}

// The load tests (60 s each) run in CI and on request, after everything else has used the build.
if (build.ok && (process.env.CI === "true" || process.env.FOLDLINE_STRESS === "1")) {
  const st = run("stress", "node", ["scripts/stress.mjs"], { STRESS_JSON: `${OUT}/stress.json` });
  const r = readJson(`${OUT}/stress.json`);
  record("stress", r?.passed ?? 0, r ? r.failed : 1, 0, st.seconds);
}

console.log(`\n=== summary\n${lines.join("\n")}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed ? 1 : 0);
