import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { jobSteps } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { getJob } from "@/server/services/jobs/get-job";
import { makeTeamWithRoles } from "@/server/services/testing";
import { TESTING_JOBS_MODULE } from "@/workers/jobs/testing-jobs";
import { insertJob, jobLogLines, testRunners, waitForJob } from "@/workers/local/testing";
import { type Accelerators, probeAccelerators } from "./accelerators";
import { startWorker, type Worker, type WorkerOptions } from "./worker";

const startRunner = testRunners();
let accelerators: Accelerators;
beforeAll(async () => {
  accelerators = await probeAccelerators();
}, 60_000);

const workers: Worker[] = [];
afterAll(async () => {
  for (const w of workers.splice(0)) await w.shutdown();
});
const start = async (opts: Omit<WorkerOptions, "port" | "accelerators" | "drainTimeoutMs"> & Partial<WorkerOptions>) => {
  const w = await startWorker({ port: 0, host: "127.0.0.1", accelerators, drainTimeoutMs: 10_000, log: () => {}, ...opts });
  workers.push(w);
  return w;
};
const url = (w: Worker, p: string) => `http://127.0.0.1:${w.port}${p}`;

const installed = (pkg: string) => {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
};

it("probes the accelerators as the jobs use them: TF.js backend and ONNX provider, each with why", () => {
  // Without the GPU package (every machine but the worker image) TF.js trains on WASM and says why.
  if (installed("@tensorflow/tfjs-node-gpu")) expect(accelerators.tfjs).toEqual({ backend: "tensorflow", reason: "@tensorflow/tfjs-node-gpu loaded" });
  else {
    expect(accelerators.tfjs.backend).toBe("wasm");
    expect(accelerators.tfjs.reason).toMatch(/^@tensorflow\/tfjs-node-gpu: /);
  }
  if (accelerators.onnx.provider === "cpu") expect(accelerators.onnx.reason).not.toBe("");
  else expect(accelerators.onnx).toEqual({ provider: "cuda", reason: "the CUDA execution provider loaded" });
});

describeWithDatabase("GPU worker", (database) => {
  it("answers GET /health with the runner, the database, both accelerators with reasons and the jobs in flight; drains on shutdown", async () => {
    const { db, kind } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const worker = await start({ runner: "local", db, dbKind: kind, jobWorkers: 1, definitionsModule: TESTING_JOBS_MODULE });
    const idle = await fetch(url(worker, "/health"));
    expect(idle.status).toBe(200);
    expect(idle.headers.get("content-type")).toBe("application/json");
    const body = await idle.json();
    expect(Object.keys(body).sort()).toEqual(["database", "jobs_in_flight", "ok", "onnx", "runner", "status", "tfjs", "uptime_s"]);
    expect(body).toMatchObject({ ok: true, status: "ready", runner: "local", database: kind, jobs_in_flight: 0, tfjs: accelerators.tfjs, onnx: accelerators.onnx });
    expect(body.uptime_s).toBeGreaterThanOrEqual(0);
    expect((await fetch(url(worker, "/nothing"))).status).toBe(404);

    const job = await insertJob(db, ctx.member, "count_folds", { folds: 2, foldMs: 400 });
    await new Promise<void>((resolve) => worker.runner!.on("log", ({ line }: { line: string }) => line === "fold 0 computing" && resolve()));
    expect((await (await fetch(url(worker, "/health"))).json()).jobs_in_flight).toBe(1);
    expect(await worker.shutdown()).toEqual({ drained: 1, cutOff: 0 });
    await expect(fetch(url(worker, "/health"))).rejects.toThrow();
    const after = await getJob({ ctx: ctx.member, input: { id: job.id } });
    expect([after.status, after.finishedSteps]).toEqual(["queued", 1]);
    startRunner(db, { definitionsModule: TESTING_JOBS_MODULE });
    expect((await waitForJob(db, job.id, ["succeeded", "failed"])).status).toBe("succeeded");
  });
});

it("Inngest mode: serves the functions at /api/inngest, counts step requests in flight, and lets them finish on shutdown while refusing new ones", async () => {
  vi.stubEnv("INNGEST_DEV", "1");
  const handle = await openDatabase({ pgliteDir: "memory://" });
  try {
    const served = await start({ runner: "inngest", db: handle.db, dbKind: handle.kind });
    const intro = await fetch(url(served, "/api/inngest"));
    const { inngestFunctions, jobFunctions } = await import("@/workers/inngest/functions");
    // Each job function's onFailure handler is served as a function of its own.
    expect([intro.status, (await intro.json()).function_count]).toEqual([200, inngestFunctions.length + jobFunctions.length]);
    await served.shutdown();

    // A step Inngest is waiting on: it answers only when released.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const slowStep: http.RequestListener = (_req, res) => void released.then(() => res.end("step done"));
    const worker = await start({ runner: "inngest", db: handle.db, dbKind: handle.kind, inngestHandler: slowStep });
    const step = fetch(url(worker, "/api/inngest"), { method: "POST", body: "{}" });
    await vi.waitFor(async () => expect((await (await fetch(url(worker, "/health"))).json()).jobs_in_flight).toBe(1));
    const stopped = worker.shutdown();
    expect(worker.health()).toMatchObject({ ok: false, status: "draining", jobs_in_flight: 1 });
    let settled = false;
    void stopped.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(settled).toBe(false);
    // A new step is refused: 503 on a kept-alive connection, or no connection at all.
    const late = await fetch(url(worker, "/api/inngest"), { method: "POST", body: "{}" }).then((r) => r.status, () => "refused");
    expect([503, "refused"]).toContain(late);
    release();
    expect(await (await step).text()).toBe("step done");
    expect(await stopped).toEqual({ drained: 1, cutOff: 0 });
  } finally {
    vi.unstubAllEnvs();
    await handle.close();
  }
}, 60_000);

it("a worker process signalled with SIGTERM mid-step finishes and stores that step, starts no other, and exits 0", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "foldline-worker-"));
  const pgliteDir = path.join(dir, "pglite");
  let child: ChildProcess | undefined;
  try {
    let setup = await openDatabase({ pgliteDir });
    await migrateDatabase(setup);
    const { ctx } = await makeTeamWithRoles(setup.db);
    const job = await insertJob(setup.db, ctx.member, "count_folds", { folds: 3, foldMs: 1500 });
    await setup.close();

    child = spawn(process.execPath, ["--import", "tsx", "workers/gpu/testing/worker-with-test-jobs.ts"], {
      env: { ...process.env, DATABASE_URL: "", PGLITE_DIR: pgliteDir, JOB_RUNNER: "local", JOB_WORKERS: "1", WORKER_PORT: "0", WORKER_DRAIN_TIMEOUT_S: "30" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
    await vi.waitFor(() => expect(out).toContain(`job ${job.id}: fold 0 computing`), { timeout: 60_000, interval: 50 });
    expect(out).toMatch(/Foldline worker on port \d+: local job runner on PGlite/);
    expect(out).toMatch(/Foldline worker: TF\.js backend \w+.*; ONNX Runtime provider \w+ \(/);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toContain("SIGTERM: draining");
    expect(out).toContain(`job ${job.id}: released`);
    expect(out).toContain("stopped: 1 job drained");

    setup = await openDatabase({ pgliteDir });
    try {
      const steps = await setup.db.select({ stepId: jobSteps.stepId, result: jobSteps.result }).from(jobSteps).where(eq(jobSteps.jobId, job.id));
      // Fold 0 was computing at the signal: it finished and was stored; fold 1 never began.
      expect(steps).toEqual([{ stepId: "fold-0", result: { square: 0 } }]);
      const lines = (await jobLogLines(setup.db, job.id)).map((l) => l.line);
      expect(lines).toEqual(["attempt 1 starts", "fold 0 computing", "attempt 1 stopped after its running step: the runner shut down"]);
      const after = await getJob({ ctx: { ...ctx.member, db: setup.db }, input: { id: job.id } });
      expect([after.status, after.attempts, after.leaseOwner]).toEqual(["queued", 0, null]);
    } finally {
      await setup.close();
    }
  } finally {
    if (child?.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
