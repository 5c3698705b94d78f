/**
 * W7 (BENCHMARKS.md): 100,000 metric points (10 keys × 10,000 steps) logged to one run through
 * the MLflow-compatible `runs/log-batch` in batches of 1,000, into PostgreSQL; then one key's
 * full history read through `metrics/get-history`. Requests go through the same handler as
 * `/api/2.0/mlflow/...` (token auth, JSON parsing, validation), in-process: no socket.
 * Database: DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres), in a
 * fresh database of its own that is dropped afterwards. per_s = points/s written.
 */
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { createMlflowHandler } from "@/server/mlflow/http";
import { createToken } from "@/server/services/tokens/create-token";
import { benchRuns } from "../args";
import { benchTeam, freshPostgresDatabase } from "../setup";
import { median, round, timeWorkload } from "../harness";

const KEYS = 10;
const STEPS = 10_000;
const BATCH = 1000;
const holdArg = process.argv.find((a) => a.startsWith("--hold="));
const HOLD = holdArg ? Number(holdArg.slice("--hold=".length)) : null;

const database = await freshPostgresDatabase();
const handle = await openDatabase({ url: database.url });
try {
  await migrateDatabase(handle);
  const ctx = await benchTeam(handle.db);
  const { token } = await createToken({ ctx, input: { name: "bench" } });
  const mlflow = createMlflowHandler(async () => ({ db: handle.db }));
  const call = async (method: "GET" | "POST", endpoint: string, body: Record<string, unknown>) => {
    const u = new URL(`http://bench/api/2.0/mlflow/${endpoint}`);
    if (method === "GET") for (const [k, v] of Object.entries(body)) u.searchParams.set(k, String(v));
    const res = await mlflow(
      new Request(u, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: method === "POST" ? JSON.stringify(body) : undefined }),
      endpoint,
      method,
    );
    if (res.status !== 200) throw new Error(`${endpoint}: HTTP ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const experimentId = (await call("POST", "experiments/create", { name: "w7" })).experiment_id;
  // The request bodies are built before timing: W7 measures the server side.
  const batches: string[] = [];
  for (let b = 0; b < (KEYS * STEPS) / BATCH; b++) {
    const metrics = [];
    for (let i = 0; i < BATCH; i++) {
      const k = b * BATCH + i;
      const step = Math.floor(k / KEYS);
      metrics.push({ key: `metric_${k % KEYS}`, value: Math.sin(k) * 0.01, timestamp: 1_700_000_000_000 + step, step });
    }
    batches.push(JSON.stringify(metrics));
  }
  let runId = "";
  if (HOLD !== null) {
    // The load test of `npm run test:stress`: log-batch without a pause for HOLD seconds, a new
    // run per 100,000 points, this process's resident memory sampled every 10 s.
    const rssMb = [round(process.memoryUsage().rss / 2 ** 20, 1)];
    let points = 0, errors = 0, b = 0;
    const t0 = performance.now();
    let nextSample = t0 + 10_000;
    while (performance.now() - t0 < HOLD * 1000) {
      if (b % batches.length === 0) runId = ((await call("POST", "runs/create", { experiment_id: experimentId })).run as { info: { run_id: string } }).info.run_id;
      try {
        await call("POST", "runs/log-batch", { run_id: runId, metrics: JSON.parse(batches[b % batches.length]!) });
        points += BATCH;
      } catch {
        errors++;
      }
      b++;
      if (performance.now() >= nextSample) {
        rssMb.push(round(process.memoryUsage().rss / 2 ** 20, 1));
        nextSample += 10_000;
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(JSON.stringify({ workload: "W7", impl: "foldline", mode: "hold", seconds: round(seconds, 1), n: points, per_s: round(points / seconds, 1), errors, rss_samples_mb: rssMb, db: "postgres" }));
  }
  const res = HOLD !== null ? null : await timeWorkload(
    "W7",
    KEYS * STEPS,
    { runs: benchRuns() },
    async () => {
      runId = ((await call("POST", "runs/create", { experiment_id: experimentId })).run as { info: { run_id: string } }).info.run_id;
      for (const metrics of batches) await call("POST", "runs/log-batch", { run_id: runId, metrics: JSON.parse(metrics) });
    },
    () => ({}),
  );
  const historyTimes: number[] = [];
  let points = 0;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    points = ((await call("GET", "metrics/get-history", { run_id: runId, metric_key: "metric_3" })).metrics as unknown[]).length;
    historyTimes.push(performance.now() - t0);
  }
  if (res) console.log(JSON.stringify({ ...res, db: "postgres", history_points: points, history_ms: round(median(historyTimes.slice(1)), 3) }));
} finally {
  await handle.close();
  await database.drop();
}
