/**
 * The local durable runner (JOB_RUNNER=local, the default): claims queued jobs from the
 * database with a lease, runs each on its own worker thread (so the web server stays
 * responsive while jobs compute), and writes everything durable itself — the thread asks by
 * message (protocol.ts), because PGlite cannot be shared across threads.
 *
 * - Pool: at most `workers` jobs at once; the next is claimed when one ends, or at the next
 *   poll (a job queued in this process wakes the runner at once).
 * - Lease: renewed by a heartbeat while the job runs. A job whose lease ran out belonged to a
 *   process that died: any runner claims it again, and the job skips its finished steps.
 * - Retries: a failed attempt goes back to the queue after an exponential backoff, until
 *   `maxAttempts`; bad input, missing data and refused permissions fail at once.
 * - Cancel: the job is marked cancelled by the cancel verb; the runner sees it at the next
 *   step (its checkpoint is refused) or heartbeat, or at once when cancelled in this process,
 *   aborts the thread's signal and terminates the thread if it does not stop within
 *   `cancelGraceMs`.
 * - Shutdown: `drain` (a worker asked to stop) lets each running job finish and store the step
 *   it is computing, then gives the job back to the queue; `stop` gives jobs back at once,
 *   losing their running steps; `kill` writes nothing, as a crash would.
 */
import { EventEmitter } from "node:events";
import { hostname, availableParallelism } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { Db } from "@/db";
import type { JobRow } from "@/server/services/jobs/access";
import { loadCheckpoints, saveCheckpoint } from "@/server/services/jobs/checkpoints";
import { type DispatchedJob, localJobSignals } from "@/server/services/jobs/dispatch";
import { finishJob, type JobOutcome, retryDelayMs } from "@/server/services/jobs/finish-job";
import { appendJobLogs, setJobProgress } from "@/server/services/jobs/job-output";
import { jobTeamCtx } from "@/server/services/jobs/job-team-ctx";
import { claimJob, expireLeases, releaseJobs, renewLeases } from "@/server/services/jobs/lease";
import { callJobService, type JobEnv } from "@/workers/jobs/services";
import { sendJobEvent } from "@/workers/jobs/events";
import { JobCancelledError } from "@/workers/jobs/step";
import { type RunnerMessage, type SerializedError, serializeError, type ThreadJob, type ThreadMessage, type ThreadRequest } from "./protocol";

// Threads load these from source (thread-boot.mjs registers tsx), under `next start` too: the
// comments keep Turbopack from bundling them into the server build.
const THREAD_BOOT = path.join(/* turbopackIgnore: true */ process.cwd(), "workers/local/thread-boot.mjs");
export const DEFAULT_DEFINITIONS_MODULE = path.join(/* turbopackIgnore: true */ process.cwd(), "workers/jobs/registry.ts");

export interface LocalRunnerOptions {
  db: Db;
  /** Jobs computed at once (JOB_WORKERS; default: cores − 1, at least 1). */
  workers?: number;
  /** How often to look for work when idle. */
  pollMs?: number;
  /** How long a claim holds without a heartbeat; a job whose runner died waits this long. */
  leaseMs?: number;
  heartbeatMs?: number;
  /** Backoff of the first retry (doubling each time), and its cap. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long a cancelled job's thread may take to stop before it is terminated. */
  cancelGraceMs?: number;
  /** Module whose `JOB_DEFINITIONS` the threads run (tests add kinds of their own). */
  definitionsModule?: string;
  /** This runner's name on the leases it holds. */
  owner?: string;
  /** No other process uses this database (PGlite): jobs still running at start were left by a
   * process that died, and resume at once instead of after their lease. */
  exclusive?: boolean;
}

export const defaultWorkers = () => Math.max(1, availableParallelism() - 1);

interface ActiveJob {
  job: JobRow;
  worker?: Worker;
  /** Set once the outcome is known, or the runner was killed: later messages are ignored. */
  closed: boolean;
  abortTimer?: NodeJS.Timeout;
  /** Settles when the runner is done with the job (whatever the outcome). */
  ended?: Promise<void>;
}

/** `released`: the job went back to the queue because the runner drained. */
type FinishedStatus = "succeeded" | "failed" | "retry" | "cancelled" | "released";

export interface DrainResult {
  /** Jobs that stopped after their running step and went back to the queue, or ended. */
  drained: number;
  /** Jobs still computing at the timeout: stopped and given back, their running step lost. */
  cutOff: number;
}

/** Events (for tests, benchmarks and logs): `claimed` (job), `step` ({ jobId, stepId }),
 * `log` ({ jobId, line }), `finished` ({ jobId, status }). */
export class LocalRunner extends EventEmitter {
  readonly owner: string;
  private readonly db: Db;
  private readonly workers: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly cancelGraceMs: number;
  private readonly definitionsModule: string;
  private readonly exclusive: boolean;
  private readonly active = new Map<string, ActiveJob>();
  private running = false;
  /** Set by drain() and stop(): a job claimed from now on goes straight back to the queue. */
  private givingBack = false;
  private claiming = false;
  private pollTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;

  constructor(opts: LocalRunnerOptions) {
    super();
    this.db = opts.db;
    this.workers = opts.workers ?? defaultWorkers();
    if (!(this.workers >= 1)) throw new Error(`a runner computes at least one job at once (JOB_WORKERS=${this.workers}); JOB_WORKERS=0 is for a web server whose jobs another process runs`);
    this.pollMs = opts.pollMs ?? 1000;
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.heartbeatMs = opts.heartbeatMs ?? Math.max(50, Math.floor(this.leaseMs / 3));
    this.retryBaseMs = opts.retryBaseMs ?? 5000;
    this.retryMaxMs = opts.retryMaxMs ?? 300_000;
    this.cancelGraceMs = opts.cancelGraceMs ?? 5000;
    this.definitionsModule = opts.definitionsModule ?? DEFAULT_DEFINITIONS_MODULE;
    this.exclusive = opts.exclusive ?? false;
    this.owner = opts.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  private readonly onRequested = () => void this.poll();
  private readonly onCancelled = (job: DispatchedJob) => this.abortJob(job.id, "the job was cancelled");

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.givingBack = false;
    localJobSignals.on("requested", this.onRequested);
    localJobSignals.on("cancelled", this.onCancelled);
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.heartbeatMs);
    const ready = this.exclusive ? expireLeases(this.db) : Promise.resolve();
    void ready.catch((err) => console.error("job runner: reclaiming jobs failed", err)).then(() => this.poll());
    return this;
  }

  /** Jobs running now. */
  get busy(): number {
    return this.active.size;
  }

  /** Stops cleanly: claims nothing more, stops the running jobs' threads and gives their jobs
   * back to the queue (they resume from their finished steps, without counting an attempt). */
  async stop() {
    this.givingBack = true;
    const ids = this.halt();
    await releaseJobs(this.db, { owner: this.owner, ids });
  }

  /**
   * Stops gracefully: claims nothing more, lets each running job finish the step it is
   * computing (stored as usual) and start no other, then gives it back to the queue, where it
   * resumes from its finished steps without counting an attempt. Jobs still computing after
   * `timeoutMs` are stopped as `stop()` stops them. Leases are renewed meanwhile.
   */
  async drain(timeoutMs: number): Promise<DrainResult> {
    this.running = false;
    this.givingBack = true;
    clearTimeout(this.pollTimer);
    localJobSignals.off("requested", this.onRequested);
    const entries = [...this.active.values()];
    for (const entry of entries) entry.worker?.postMessage({ type: "drain" } satisfies RunnerMessage);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all(entries.map((e) => e.ended)), timeout]);
    clearTimeout(timer);
    const cutOff = this.active.size;
    await this.stop();
    return { drained: entries.length - cutOff, cutOff };
  }

  /** Stops as a crash would: threads terminated mid-step, leases left to run out, nothing
   * written. Another runner resumes the jobs once their leases expire. */
  kill() {
    this.halt();
  }

  private halt(): string[] {
    this.running = false;
    clearTimeout(this.pollTimer);
    clearInterval(this.heartbeatTimer);
    localJobSignals.off("requested", this.onRequested);
    localJobSignals.off("cancelled", this.onCancelled);
    const ids = [...this.active.keys()];
    for (const entry of this.active.values()) {
      entry.closed = true;
      clearTimeout(entry.abortTimer);
      void entry.worker?.terminate();
    }
    this.active.clear();
    return ids;
  }

  /** Claims jobs while the pool has room, then looks again after `pollMs`. */
  private async poll() {
    if (!this.running || this.claiming) return;
    this.claiming = true;
    clearTimeout(this.pollTimer);
    try {
      while (this.running && this.active.size < this.workers) {
        const job = await claimJob(this.db, { owner: this.owner, leaseMs: this.leaseMs });
        if (!job) break;
        if (!this.running) {
          // Stopped while claiming: give the job back (killed: its lease runs out and another
          // runner takes it).
          if (this.givingBack) await releaseJobs(this.db, { owner: this.owner, ids: [job.id] });
          break;
        }
        this.launch(job);
      }
    } catch (err) {
      console.error("job runner: claiming a job failed", err);
    } finally {
      this.claiming = false;
      if (this.running) this.pollTimer = setTimeout(() => void this.poll(), this.pollMs);
    }
  }

  private launch(job: JobRow) {
    const entry: ActiveJob = { job, closed: false };
    this.active.set(job.id, entry);
    this.emit("claimed", job);
    entry.ended = this.execute(entry)
      .catch((err) => console.error(`job runner: job ${job.id} failed outside its thread`, err))
      .finally(() => {
        if (this.active.get(job.id) === entry) this.active.delete(job.id);
        void this.poll();
      });
  }

  private async heartbeat() {
    const ids = [...this.active.keys()];
    if (!ids.length) return;
    try {
      const held = await renewLeases(this.db, { owner: this.owner, ids, leaseMs: this.leaseMs });
      for (const id of ids) if (!held.has(id)) this.abortJob(id, "the job was cancelled or taken over");
    } catch (err) {
      console.error("job runner: heartbeat failed", err);
    }
  }

  /** Asks the job's thread to stop (its signal aborts; steps refuse to start), then
   * terminates it if it has not stopped after the grace period. */
  private abortJob(jobId: string, reason: string) {
    const entry = this.active.get(jobId);
    if (!entry?.worker || entry.abortTimer) return;
    entry.worker.postMessage({ type: "abort", reason });
    entry.abortTimer = setTimeout(() => void entry.worker?.terminate(), this.cancelGraceMs);
  }

  private async execute(entry: ActiveJob) {
    const { job } = entry;
    if (job.attempts > job.maxAttempts) {
      // Every attempt so far ended with its process dying (a clean failure would have been
      // recorded): stop trying.
      await this.finish(entry, { status: "failed", error: `gave up after ${job.maxAttempts} attempts; the last ended without a result (${job.error ?? "its runner stopped"})` });
      return;
    }
    let env: JobEnv;
    try {
      env = { ctx: await jobTeamCtx(this.db, job), jobId: job.id, workers: this.workers };
    } catch (err) {
      await this.settle(entry, { type: "failed", error: serializeError(err) });
      return;
    }
    const checkpoints = await loadCheckpoints(this.db, job.id);
    const finished = Object.keys(checkpoints).length;
    if (finished) await this.writeLogs(job, [`attempt ${job.attempts} resumes after ${finished} finished step${finished === 1 ? "" : "s"}`]);
    if (entry.closed) return;
    if (this.givingBack) {
      await this.release(entry);
      return;
    }
    const workerData: ThreadJob = { jobId: job.id, kind: job.kind, input: job.input, attempt: job.attempts, checkpoints, definitionsModule: this.definitionsModule };
    const worker = new Worker(/* turbopackIgnore: true */ THREAD_BOOT, { workerData, name: `job ${job.kind} ${job.id}` });
    entry.worker = worker;
    const outcome = await new Promise<Exclude<ThreadMessage, { type: "request" }>>((resolve) => {
      worker.on("message", (m: ThreadMessage) => {
        if (m.type === "request") void this.serve(entry, env, m.seq, m.request);
        else resolve(m);
      });
      worker.on("error", (err) => resolve({ type: "failed", error: serializeError(err) }));
      worker.on("exit", (code) => resolve({ type: "failed", error: { name: "Error", message: `the job's thread stopped (exit code ${code})`, retriable: true } }));
    });
    clearTimeout(entry.abortTimer);
    void worker.terminate();
    await this.settle(entry, outcome);
  }

  /** Answers one request of the thread: the durable writes, events and services. */
  private async serve(entry: ActiveJob, env: JobEnv, seq: number, r: ThreadRequest) {
    const { job } = entry;
    let reply: { ok: true; value: unknown } | { ok: false; error: SerializedError };
    try {
      let value: unknown = null;
      switch (r.op) {
        case "checkpoint":
          if (!(await saveCheckpoint(this.db, { job, owner: this.owner, leaseMs: this.leaseMs, stepId: r.stepId, result: r.result }))) {
            throw new JobCancelledError("the job is no longer held by this runner (cancelled)");
          }
          this.emit("step", { jobId: job.id, stepId: r.stepId });
          break;
        case "logs":
          await this.writeLogs(job, r.lines);
          break;
        case "progress":
          await setJobProgress(this.db, { jobId: job.id, owner: this.owner, ...r.progress });
          break;
        case "event":
          await sendJobEvent(env, r.event);
          break;
        case "service":
          value = await callJobService(env, r.name, r.args);
          break;
      }
      reply = { ok: true, value };
    } catch (err) {
      reply = { ok: false, error: serializeError(err) };
    }
    if (!entry.closed) entry.worker?.postMessage({ type: "reply", seq, ...reply });
  }

  /** Records how the attempt ended: success, a retry after backoff, or failure. A cancelled
   * job (or one this runner lost) is left as it is. */
  private async settle(entry: ActiveJob, outcome: Exclude<ThreadMessage, { type: "request" }>) {
    if (entry.closed) return;
    const { job } = entry;
    if (outcome.type === "cancelled") {
      entry.closed = true;
      this.emit("finished", { jobId: job.id, status: "cancelled" satisfies FinishedStatus });
      return;
    }
    if (outcome.type === "done") {
      await this.finish(entry, { status: "succeeded", result: outcome.result });
      return;
    }
    if (outcome.type === "drained") {
      await this.writeLogs(job, [`attempt ${job.attempts} stopped after its running step: the runner shut down`]);
      await this.release(entry);
      return;
    }
    const { error } = outcome;
    const message = error.field ? `${error.message} (field: ${error.field})` : error.message;
    await this.writeLogs(job, [`attempt ${job.attempts} failed: ${message}`]);
    const retry = error.retriable && job.attempts < job.maxAttempts;
    await this.finish(
      entry,
      retry ? { status: "retry", error: message, delayMs: retryDelayMs(job.attempts, this.retryBaseMs, this.retryMaxMs) } : { status: "failed", error: message },
    );
  }

  /** Stores log lines of the job's current attempt (the thread's and the runner's own), then
   * emits each as a `log` event. */
  private async writeLogs(job: JobRow, lines: string[]) {
    await appendJobLogs(this.db, { job, attempt: job.attempts, lines });
    for (const line of lines) this.emit("log", { jobId: job.id, line });
  }

  /** Gives the job back to the queue (drain): it resumes from its finished steps. */
  private async release(entry: ActiveJob) {
    if (entry.closed) return;
    entry.closed = true;
    await releaseJobs(this.db, { owner: this.owner, ids: [entry.job.id] });
    this.emit("finished", { jobId: entry.job.id, status: "released" satisfies FinishedStatus });
  }

  private async finish(entry: ActiveJob, outcome: JobOutcome) {
    if (entry.closed) return;
    entry.closed = true;
    const held = await finishJob(this.db, { jobId: entry.job.id, owner: this.owner, outcome });
    this.emit("finished", { jobId: entry.job.id, status: (held ? outcome.status : "cancelled") satisfies FinishedStatus });
  }
}

const globalForRunner = globalThis as unknown as { foldlineLocalRunner?: LocalRunner };

/** The process's local runner, started once (the Next server's instrumentation and
 * workers/local/main.ts call this). */
export function startLocalRunner(opts: LocalRunnerOptions): LocalRunner {
  globalForRunner.foldlineLocalRunner ??= new LocalRunner(opts).start();
  return globalForRunner.foldlineLocalRunner;
}
