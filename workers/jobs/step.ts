/**
 * The Step interface every job is written against, and the one implementation of its rules
 * (`createStep`) over a small driver that each runner provides: the local runner's worker
 * thread (steps checkpointed in the database) and the Inngest wrapper (steps memoised by
 * Inngest). A job is a plain async function of (step, input, services); see registry.ts.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { z } from "zod";
import type { JobServiceFns } from "./services";

/** An event a job may send: `foldline/<kind>.requested` starts another job of the same team
 * (data is its input), `foldline/job.cancelled` cancels one (data.job_id). */
export interface JobEvent {
  name: `foldline/${string}`;
  data: Record<string, unknown>;
}

export interface Step {
  /**
   * Runs `fn` once per job: its result is stored as JSON, and a resumed or retried job gets the
   * stored result back without calling `fn`. The result is always the JSON round trip of what
   * `fn` returned (the same value on the first run as on a resume), so return ids and small
   * summaries; large arrays belong in the artifact store. Ids must be unique within the job
   * (a step in a loop adds its index). Throws JobCancelledError once the job is cancelled.
   */
  run<T>(id: string, fn: () => T | Promise<T>): Promise<T>;
  /** Waits `ms` (durably: a resumed job waits only what was left). */
  sleep(id: string, ms: number): Promise<void>;
  /** Sends an event once per job. */
  sendEvent(id: string, event: JobEvent): Promise<void>;
  /** How far the job is, for the UI (`done` of `total` units, e.g. folds). */
  progress(done: number, total: number, message?: string): Promise<void>;
  /** A log line for the UI. */
  log(line: string): Promise<void>;
  /** Aborted when the job is cancelled; long computations inside a step may poll it. */
  readonly signal: AbortSignal;
  /** 1 on the first execution; more on a retry or after a crash. */
  readonly attempt: number;
}

/** The database-side operations a job may call (workers/jobs/services.ts), as the job sees
 * them: from a worker thread each call is a message to the thread that holds the database. */
export type JobServices = {
  [K in keyof JobServiceFns]: (args: Parameters<JobServiceFns[K]>[1]) => Promise<Awaited<ReturnType<JobServiceFns[K]>>>;
};

/** Services whose every call goes through `call(name, args)`: in-process, or a message to the
 * thread that holds the database (which checks the name). */
export function serviceProxy(call: (name: string, args: unknown) => Promise<unknown>): JobServices {
  return new Proxy({} as JobServices, {
    // `then` stays undefined so the proxy is never mistaken for a promise.
    get: (_, name) => (typeof name === "string" && name !== "then" ? (args: unknown) => call(name, args) : undefined),
  });
}

/** A job kind: its input schema (for production kinds, the one in schemas.ts; a runner parses
 * the stored input with it) and its body. */
export interface JobDefinition<I = unknown, R = unknown> {
  input: z.ZodType<I>;
  run(step: Step, input: I, services: JobServices): Promise<R>;
}

export class JobCancelledError extends Error {
  constructor(message = "the job was cancelled") {
    super(message);
    this.name = "JobCancelledError";
  }
}

/** An error that retrying cannot fix (bad input, missing data): the job fails at once. */
export class NonRetriableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NonRetriableError";
  }
}

export interface ProgressUpdate {
  done: number;
  total: number;
  message: string | null;
}

/** What a runner provides underneath the Step rules. */
export interface StepDriver {
  readonly signal: AbortSignal;
  readonly attempt: number;
  /** Calls `fn` unless step `id` finished before, in which case it returns the stored result
   * (and does not call `fn`); stores what `fn` returns. */
  memo<T>(id: string, fn: () => Promise<T>): Promise<T>;
  sleep(id: string, ms: number): Promise<void>;
  sendEvent(id: string, event: JobEvent): Promise<void>;
  writeLogs(lines: string[]): Promise<void>;
  writeProgress(p: ProgressUpdate): Promise<void>;
}

/** The job-level part of a Step: `flush` writes what is still buffered (call it when the job
 * function returns or throws). */
export interface DrivenStep extends Step {
  flush(): Promise<void>;
}

const jsonRoundTrip = <T>(value: T): T => (value === undefined ? null : JSON.parse(JSON.stringify(value))) as T;

/**
 * The Step rules over a driver.
 *
 * Code outside steps runs again whenever a job resumes (and, under Inngest, on every replay),
 * so log lines and progress written there are buffered: a step that really runs writes the
 * buffer first (the lines belong to code that ran for the first time, or ran again because
 * the step they lead to runs again), and a step whose stored result is replayed drops it
 * (those lines were written when that code first ran). Lines logged inside a step's `fn` are
 * written at once. The buffer is left alone at sleeps and events, which replay without a
 * callback to tell the two cases apart; the next step decides.
 */
export function createStep(driver: StepDriver): DrivenStep {
  const insideStep = new AsyncLocalStorage<string>();
  const usedIds = new Set<string>();
  let pendingLogs: string[] = [];
  let pendingProgress: ProgressUpdate | null = null;

  const claimId = (id: string) => {
    if (!id) throw new Error("a step needs an id");
    if (usedIds.has(id)) throw new Error(`step id "${id}" is used twice in this job; ids must be unique (add the loop index)`);
    if (insideStep.getStore() !== undefined) throw new Error(`step "${id}" is inside step "${insideStep.getStore()}"; steps cannot nest`);
    usedIds.add(id);
  };
  const checkCancelled = () => {
    if (driver.signal.aborted) throw new JobCancelledError();
  };
  const flush = async () => {
    const lines = pendingLogs;
    const progress = pendingProgress;
    pendingLogs = [];
    pendingProgress = null;
    if (lines.length) await driver.writeLogs(lines);
    if (progress) await driver.writeProgress(progress);
  };
  const drop = () => {
    pendingLogs = [];
    pendingProgress = null;
  };

  return {
    signal: driver.signal,
    attempt: driver.attempt,
    async run<T>(id: string, fn: () => T | Promise<T>): Promise<T> {
      claimId(id);
      checkCancelled();
      let ran = false;
      const result = await driver.memo(id, async () => {
        ran = true;
        await flush();
        return jsonRoundTrip(await insideStep.run(id, fn));
      });
      if (!ran) drop();
      return result;
    },
    async sleep(id, ms) {
      claimId(id);
      checkCancelled();
      await driver.sleep(id, ms);
    },
    async sendEvent(id, event) {
      claimId(id);
      checkCancelled();
      await driver.sendEvent(id, event);
    },
    async progress(done, total, message) {
      const p = { done, total, message: message ?? null };
      if (insideStep.getStore() !== undefined) await driver.writeProgress(p);
      else pendingProgress = p;
    },
    async log(line) {
      if (insideStep.getStore() !== undefined) await driver.writeLogs([line]);
      else pendingLogs.push(line);
    },
    flush,
  };
}

/** Waits `ms`, or rejects with JobCancelledError when `signal` aborts first. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new JobCancelledError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new JobCancelledError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
