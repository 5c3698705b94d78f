/**
 * Messages between the local runner (main thread, which holds the database) and a job's worker
 * thread (which computes). The thread owns nothing durable: it asks the runner to store each
 * finished step, log line and progress update, to send events and to run database services,
 * and waits for the answer (so a step counts as finished only once it is stored).
 */
import { ZodError } from "zod";
import { ServiceError, type ServiceErrorCode } from "@/server/services/errors";
import { isRetriable } from "@/workers/jobs/errors";
import { type JobEvent, JobCancelledError, NonRetriableError, type ProgressUpdate } from "@/workers/jobs/step";

/** The thread's `workerData`. */
export interface ThreadJob {
  jobId: string;
  kind: string;
  input: unknown;
  attempt: number;
  /** Finished steps: step id → stored result. */
  checkpoints: Record<string, unknown>;
  /** Absolute path of the module whose `JOB_DEFINITIONS` holds the kind. */
  definitionsModule: string;
}

export type ThreadRequest =
  | { op: "checkpoint"; stepId: string; result: unknown }
  | { op: "logs"; lines: string[] }
  | { op: "progress"; progress: ProgressUpdate }
  | { op: "event"; event: JobEvent }
  | { op: "service"; name: string; args: unknown };

export type ThreadMessage =
  | { type: "request"; seq: number; request: ThreadRequest }
  | { type: "done"; result: unknown }
  | { type: "failed"; error: SerializedError }
  | { type: "cancelled" }
  /** The attempt stopped between steps because the runner drains (its finished steps,
   * the one it was computing included, are stored). */
  | { type: "drained" };

export type RunnerMessage =
  | { type: "reply"; seq: number; ok: true; value: unknown }
  | { type: "reply"; seq: number; ok: false; error: SerializedError }
  | { type: "abort"; reason: string }
  /** The runner shuts down: finish the running step, then start no other. */
  | { type: "drain" };

/** Thrown in a thread where a step would start after the runner asked it to drain. */
export class JobDrainedError extends Error {
  constructor() {
    super("the runner is shutting down; the job resumes from its finished steps");
    this.name = "JobDrainedError";
  }
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: ServiceErrorCode;
  field?: string;
  /** Whether running the job again may succeed. */
  retriable: boolean;
}

export function serializeError(err: unknown): SerializedError {
  const e = err instanceof Error ? err : new Error(String(err));
  return {
    name: e.name,
    message: err instanceof ZodError ? `invalid input: ${err.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}` : e.message,
    stack: e.stack,
    code: err instanceof ServiceError ? err.code : undefined,
    field: err instanceof ServiceError ? err.field : undefined,
    retriable: isRetriable(err),
  };
}

/** The error again on this side of the thread boundary, with its class where it matters. */
export function deserializeError(s: SerializedError): Error {
  const err =
    s.code !== undefined
      ? new ServiceError(s.code, s.message, s.field)
      : s.name === "JobCancelledError"
        ? new JobCancelledError(s.message)
        : s.retriable
          ? new Error(s.message)
          : new NonRetriableError(s.message);
  if (s.stack) err.stack = s.stack;
  return err;
}
