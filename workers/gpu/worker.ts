/**
 * The GPU worker: one Node process that computes Foldline's jobs next to the accelerator, in
 * one of two modes (JOB_RUNNER):
 *
 * - `inngest`: serves the Inngest functions at /api/inngest. Inngest (Cloud, or a self-hosted
 *   `inngest start`) calls it once per step; the step's answer is its checkpoint.
 * - `local`: runs the local durable runner against the database (PostgreSQL beside the app,
 *   which then queues jobs without computing them: JOB_WORKERS=0 there). Steps are
 *   checkpointed in the database; no Inngest needed (the self-hosted compose stack).
 *
 * Either way GET /health answers JSON (ok, uptime, runner, the TF.js backend and ONNX provider
 * with why, jobs in flight), and `shutdown()` stops taking work and lets the running steps
 * finish and be stored, up to a timeout.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Db, DbKind } from "@/db";
import { type DrainResult, LocalRunner } from "@/workers/local/runner";
import type { Accelerators } from "./accelerators";

export const INNGEST_PATH = "/api/inngest";

export interface WorkerOptions {
  runner: "local" | "inngest";
  /** 0: any free port (tests). */
  port: number;
  host?: string;
  db: Db;
  dbKind: DbKind;
  accelerators: Accelerators;
  /** How long shutdown waits for running steps. */
  drainTimeoutMs: number;
  /** Local runner: jobs computed at once (default: cores − 1). */
  jobWorkers?: number;
  /** Local runner: the module whose JOB_DEFINITIONS the job threads run (tests add kinds). */
  definitionsModule?: string;
  /** Inngest: the handler of /api/inngest (default: Inngest's node adapter over every Foldline function). */
  inngestHandler?: http.RequestListener;
  log?: (line: string) => void;
}

export interface WorkerHealth {
  ok: boolean;
  status: "ready" | "draining";
  uptime_s: number;
  runner: "local" | "inngest";
  database: DbKind;
  tfjs: Accelerators["tfjs"];
  onnx: Accelerators["onnx"];
  /** Local: jobs on the runner's threads; Inngest: step requests being answered. */
  jobs_in_flight: number;
}

export interface Worker {
  readonly port: number;
  /** The local runner (local mode). */
  readonly runner: LocalRunner | null;
  health(): WorkerHealth;
  /** Stops taking work, waits for the running steps (up to the drain timeout), closes the server. */
  shutdown(): Promise<DrainResult>;
}

async function defaultInngestHandler(): Promise<http.RequestListener> {
  const [{ serve }, { inngest }, { inngestFunctions }] = await Promise.all([import("inngest/node"), import("@/workers/inngest/client"), import("@/workers/inngest/functions")]);
  return serve({ client: inngest, functions: inngestFunctions, servePath: INNGEST_PATH });
}

const sendJson = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
};

export async function startWorker(opts: WorkerOptions): Promise<Worker> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const startedAt = Date.now();
  let status: WorkerHealth["status"] = "ready";
  let inngestInFlight = 0;
  let stopping: Promise<DrainResult> | null = null;

  const runner =
    opts.runner === "local"
      ? new LocalRunner({ db: opts.db, workers: opts.jobWorkers, exclusive: opts.dbKind === "pglite", definitionsModule: opts.definitionsModule })
      : null;
  const inngestHandler = opts.runner === "inngest" ? (opts.inngestHandler ?? (await defaultInngestHandler())) : null;

  const health = (): WorkerHealth => ({
    ok: status === "ready",
    status,
    uptime_s: Math.round((Date.now() - startedAt) / 100) / 10,
    runner: opts.runner,
    database: opts.dbKind,
    tfjs: opts.accelerators.tfjs,
    onnx: opts.accelerators.onnx,
    jobs_in_flight: runner ? runner.busy : inngestInFlight,
  });

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://worker").pathname;
    if (path === "/health" && (req.method === "GET" || req.method === "HEAD")) {
      const h = health();
      sendJson(res, h.ok ? 200 : 503, h);
      return;
    }
    if (inngestHandler && path === INNGEST_PATH) {
      if (status !== "ready") {
        // Inngest retries the step; another worker (or this one restarted) answers it.
        sendJson(res, 503, { error: "the worker is shutting down" });
        return;
      }
      inngestInFlight++;
      res.once("close", () => inngestInFlight--);
      inngestHandler(req, res);
      return;
    }
    sendJson(res, 404, { error: `no route ${req.method} ${path}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  if (runner) {
    runner.on("claimed", (job: { id: string; kind: string; attempts: number }) => log(`job ${job.id} (${job.kind}): attempt ${job.attempts} claimed`));
    runner.on("log", ({ jobId, line }: { jobId: string; line: string }) => log(`job ${jobId}: ${line}`));
    runner.on("finished", ({ jobId, status: s }: { jobId: string; status: string }) => log(`job ${jobId}: ${s}`));
    runner.start();
  }

  /** Inngest mode: waits until no step request is open, or the timeout. */
  const drainInngest = async (): Promise<DrainResult> => {
    const open = inngestInFlight;
    const deadline = Date.now() + opts.drainTimeoutMs;
    while (inngestInFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return { drained: open - inngestInFlight, cutOff: inngestInFlight };
  };

  const shutdown = () =>
    (stopping ??= (async () => {
      status = "draining";
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const result = runner ? await runner.drain(opts.drainTimeoutMs) : await drainInngest();
      server.closeAllConnections();
      await closed;
      return result;
    })());

  return { port, runner, health, shutdown };
}
