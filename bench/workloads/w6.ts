/**
 * W6 (BENCHMARKS.md): the predict endpoint of a registered ONNX model, the W3 spx GBDT (200
 * trees, depth 6, learning rate 0.05, 255 bins, L2 1, fitted on bars before 2016), against
 * `next start` on loopback.
 *
 * Set-up (not timed): the production build in .next (this workload builds nothing: run
 * `npm run build` first); a fresh database (PostgreSQL on DATABASE_URL's server when set, else a
 * PGlite folder of its own) with the bench team, an API token, the model registered as a version
 * of "w3-spx-gbdt" (its bundle a run artifact) and a `single` deployment "w3" of version 1 with
 * the default log sampling (every request logged); `next start` on a free port.
 *
 * Single rows: requests at a fixed rate (open loop: request i is due at t0 + i/rate whether or
 * not earlier ones have answered, over keep-alive connections), each one row of W3 features of
 * one of spx's last 1,000 bars. `p50_ms`/`p99_ms` run from the moment the request is written to
 * the end of its answer: the server's queueing and work and the loopback, not the client's own
 * lateness. `p50_due_ms`/`p99_due_ms` run from the time the request was due, so they also count
 * how late the client sent it (its timers on a busy machine): no coordinated omission there.
 * An error is any answer other than 200, or a transport failure (status 0). After a warm-up
 * (2 s at 200/s, not counted), `--seconds` (default 15) at each of `--rates` (default 200,1000).
 * Batches: 1,000-row requests one after another for `--seconds`/3; rows/s = rows answered / time.
 *
 * One JSON line per rate and one for batches: `mode` (single | batch), `rate` (req/s asked; batch:
 * null), n = requests, ms = p50_ms, per_s = answered requests/s (batch: rows/s), p50_ms, p99_ms,
 * errors, rows_per_s, runs 1 (times_ms empty: a latency distribution, not repeated runs),
 * server_rss_mb (the server's peak), load_avg (the machine's 1-minute load when the line was
 * measured: other processes share the cores), server_cpu_ms_per_req (the server's CPU time, user + system,
 * per request: what a request costs whatever else runs).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { LocalArtifactBackend } from "@/server/services/artifacts/local-backend";
import { createDeployment } from "@/server/services/serving/create-deployment";
import { fitSpxGbdt, registerFitted, spxW3 } from "@/server/services/serving/testing";
import { createToken } from "@/server/services/tokens/create-token";
import { peakRssMb, round } from "../harness";
import { hasProductionBuild, startNextServer } from "../next-server";
import { benchTeam, freshPostgresDatabase } from "../setup";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const SECONDS = Number(arg("seconds") ?? 15);
const RATES = (arg("rates") ?? "200,1000").split(",").map(Number);
const BATCH_ROWS = 1000;
/** `--hold=S`: instead of the figures above, S seconds at 200 requests/s in 10-s chunks, the
 * server's resident memory sampled after each (the load test of `npm run test:stress`). */
const HOLD = arg("hold") ? Number(arg("hold")) : null;
const log = (line: string) => process.stderr.write(`W6: ${line}\n`);

if (!hasProductionBuild()) {
  log("no production build in .next: run `npm run build` first (W6 measures `next start`)");
  process.exit(1);
}

/** sorted ascending → the q-quantile (nearest rank). */
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;

function poster(baseURL: string, token: string) {
  // idle sockets are dropped before the server's 5 s keep-alive timeout could close one under a request
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4000 });
  const url = new URL(`${baseURL}/api/v1/deployments/w3/predict`);
  /** Sends `body`; resolves with the status (0: no answer) and when the request was written. */
  return (body: Buffer) =>
    new Promise<{ status: number; sent: number }>((resolve) => {
      let sent = NaN;
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent, headers: { "content-type": "application/json", "content-length": body.length, authorization: `Bearer ${token}` } },
        (res) => {
          res.on("data", () => {});
          res.on("end", () => resolve({ status: res.statusCode ?? 0, sent }));
          res.on("error", () => resolve({ status: 0, sent }));
        },
      );
      req.on("error", () => resolve({ status: 0, sent }));
      req.end(body, () => (sent = performance.now()));
    });
}

type Post = ReturnType<typeof poster>;

/** Open-loop requests at `rate`/s for `seconds`: latencies from each scheduled send time (ms), and
 * the errors by HTTP status (0: no answer). */
async function openLoop(post: Post, bodies: Buffer[], rate: number, seconds: number) {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const fromDue: number[] = [];
  const errorKinds: Record<number, number> = {};
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const t0 = performance.now() + 5;
  let next = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && t0 + (next * 1000) / rate <= now) {
        const scheduled = t0 + (next * 1000) / rate;
        const body = bodies[next % bodies.length]!;
        next++;
        inflight.push(
          post(body).then(({ status, sent }) => {
            if (status === 200) {
              const now = performance.now();
              latencies.push(now - sent);
              fromDue.push(now - scheduled);
            } else {
              errors++;
              errorKinds[status] = (errorKinds[status] ?? 0) + 1;
            }
          }),
        );
      }
      // sleep until the next send is due (a busy loop would take a core from the server)
      if (next < total) setTimeout(tick, Math.max(0, t0 + (next * 1000) / rate - performance.now()));
      else done();
    };
    tick();
  });
  await Promise.all(inflight);
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  return { latencies: sorted(latencies), fromDue: sorted(fromDue), errors, errorKinds, total, elapsed: (performance.now() - t0) / 1000 };
}

const scratch = mkdtempSync(path.join(os.tmpdir(), "foldline-w6-"));
const postgresDb = process.env.DATABASE_URL ? await freshPostgresDatabase() : null;
const pgliteDir = postgresDb ? undefined : path.join(scratch, "pglite");
const artifactDir = path.join(scratch, "artifacts");
let server: Awaited<ReturnType<typeof startNextServer>> | undefined;
try {
  const spx = spxW3();
  const model = fitSpxGbdt(spx, { trees: 200 });
  const handle = await openDatabase({ url: postgresDb?.url, pgliteDir });
  let token: string;
  try {
    await migrateDatabase(handle);
    const ctx = await benchTeam(handle.db);
    token = (await createToken({ ctx, input: { name: "w6" } })).token;
    await registerFitted(ctx, "w3-spx-gbdt", model, { backend: new LocalArtifactBackend(artifactDir) });
    await createDeployment({ ctx, input: { name: "w3", primary: { model: "w3-spx-gbdt", version: 1 } } });
  } finally {
    await handle.close(); // PGlite is one process per folder: the server opens it next
  }
  server = await startNextServer({
    DATABASE_URL: postgresDb?.url ?? "",
    PGLITE_DIR: pgliteDir ?? "",
    ARTIFACT_DIR: artifactDir,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    FOLDLINE_SEED_DEMO: "false",
  });
  const post = poster(server.baseURL, token);
  const n = spx.bars.close.length;
  const rowAt = (t: number) => Object.fromEntries(spx.features.names.map((name, j) => [name, spx.features.columns[j]![t]!]));
  const singles = Array.from({ length: 1000 }, (_, k) => Buffer.from(JSON.stringify({ rows: [rowAt(n - 1000 + k)] })));
  const batch = Buffer.from(JSON.stringify({ rows: Array.from({ length: BATCH_ROWS }, (_, k) => rowAt(n - BATCH_ROWS + k)) }));
  const line = (fields: Record<string, unknown>) =>
    console.log(JSON.stringify({ workload: "W6", impl: "foldline", ...fields, runs: 1, times_ms: [], rss_mb: round(peakRssMb(), 1), server_rss_mb: round(server!.peakRssMb(), 1), load_avg: round(os.loadavg()[0]!, 2), db: postgresDb ? "postgres" : "pglite" }));

  const warm = await openLoop(post, singles, 200, 2);
  if (warm.errors) log(`warm-up: ${warm.errors} errors of ${warm.total}`);
  if (HOLD !== null) {
    const rssMb: number[] = [round(server.rssMb(), 1)];
    const latencies: number[] = [];
    let errors = 0, total = 0;
    for (let done = 0; done < HOLD; done += 10) {
      const r = await openLoop(post, singles, 200, Math.min(10, HOLD - done));
      latencies.push(...r.latencies);
      errors += r.errors;
      total += r.total;
      rssMb.push(round(server.rssMb(), 1));
      log(`hold: ${done + 10} s, ${errors} errors, server RSS ${rssMb.at(-1)} MB`);
    }
    latencies.sort((a, b) => a - b);
    line({ mode: "hold", rate: 200, seconds: HOLD, n: total, ms: round(quantile(latencies, 0.5), 3), per_s: round(latencies.length / HOLD, 1), p50_ms: round(quantile(latencies, 0.5), 3), p99_ms: round(quantile(latencies, 0.99), 3), errors, server_rss_samples_mb: rssMb });
  }
  for (const rate of HOLD === null ? RATES : []) {
    const cpu0 = server.cpuMs();
    const r = await openLoop(post, singles, rate, SECONDS);
    const cpuPerRequest = (server.cpuMs() - cpu0) / r.total;
    const p50 = quantile(r.latencies, 0.5);
    line({ mode: "single", rate, n: r.total, ms: round(p50, 3), per_s: round(r.latencies.length / r.elapsed, 1), p50_ms: round(p50, 3), p99_ms: round(quantile(r.latencies, 0.99), 3), max_ms: round(r.latencies.at(-1) ?? NaN, 3), p50_due_ms: round(quantile(r.fromDue, 0.5), 3), p99_due_ms: round(quantile(r.fromDue, 0.99), 3), server_cpu_ms_per_req: round(cpuPerRequest, 3), errors: r.errors, error_statuses: r.errorKinds, rows_per_s: round(r.latencies.length / r.elapsed, 1) });
  }

  if (HOLD === null) {
    await post(batch); // warm the batch path
    const times: number[] = [];
    let errors = 0;
    const until = performance.now() + (SECONDS * 1000) / 3;
    const t0 = performance.now();
    const cpu0 = server.cpuMs();
    while (performance.now() < until) {
      const s = performance.now();
      if ((await post(batch)).status === 200) times.push(performance.now() - s);
      else errors++;
    }
    const elapsed = (performance.now() - t0) / 1000;
    const cpuPerBatch = (server.cpuMs() - cpu0) / (times.length + errors);
    times.sort((a, b) => a - b);
    const rowsPerS = (times.length * BATCH_ROWS) / elapsed;
    line({ mode: "batch", rate: null, n: times.length + errors, batch_rows: BATCH_ROWS, ms: round(quantile(times, 0.5), 3), per_s: round(rowsPerS, 1), p50_ms: round(quantile(times, 0.5), 3), p99_ms: round(quantile(times, 0.99), 3), server_cpu_ms_per_req: round(cpuPerBatch, 3), errors, rows_per_s: round(rowsPerS, 1) });
  }
} finally {
  await server?.stop();
  await postgresDb?.drop();
  rmSync(scratch, { recursive: true, force: true });
}
