/**
 * A job's worker thread (loaded by thread-boot.mjs): runs one attempt of one job with the Step
 * rules of workers/jobs/step.ts over a driver that keeps finished steps in memory and asks the
 * runner to store them. See protocol.ts for the messages.
 */
import { parentPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import type { JobDefinitions } from "@/workers/jobs/registry";
import { abortableDelay, createStep, JobCancelledError, NonRetriableError, serviceProxy, type StepDriver } from "@/workers/jobs/step";
import { deserializeError, JobDrainedError, type RunnerMessage, serializeError, type ThreadJob, type ThreadMessage, type ThreadRequest } from "./protocol";

const job = workerData as ThreadJob;
const port = parentPort!;
const abort = new AbortController();
/** Aborted when the runner drains: the running step finishes; no step starts after it. */
const drain = new AbortController();
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let seq = 0;

const post = (m: ThreadMessage) => port.postMessage(m);

port.on("message", (m: RunnerMessage) => {
  if (m.type === "abort") {
    abort.abort(new JobCancelledError(m.reason));
    return;
  }
  if (m.type === "drain") {
    drain.abort();
    return;
  }
  const waiter = pending.get(m.seq);
  pending.delete(m.seq);
  if (m.ok) waiter?.resolve(m.value);
  else waiter?.reject(deserializeError(m.error));
});

function request(r: ThreadRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    pending.set(++seq, { resolve, reject });
    post({ type: "request", seq, request: r });
  });
}

const checkpoints = new Map(Object.entries(job.checkpoints));

const driver: StepDriver = {
  signal: abort.signal,
  attempt: job.attempt,
  async memo<T>(id: string, fn: () => Promise<T>): Promise<T> {
    if (checkpoints.has(id)) return checkpoints.get(id) as T;
    if (drain.signal.aborted) throw new JobDrainedError();
    const result = await fn();
    await request({ op: "checkpoint", stepId: id, result });
    checkpoints.set(id, result);
    return result;
  },
  async sleep(id, ms) {
    // The wake-up time is the step's result, so a resumed job sleeps only what is left.
    const { until } = await driver.memo(id, async () => ({ until: Date.now() + ms }));
    try {
      await abortableDelay(until - Date.now(), AbortSignal.any([abort.signal, drain.signal]));
    } catch (err) {
      // A drain ends the wait; the next attempt waits only what is left.
      if (drain.signal.aborted && !abort.signal.aborted) throw new JobDrainedError();
      throw err;
    }
  },
  async sendEvent(id, event) {
    await driver.memo(id, async () => {
      await request({ op: "event", event });
      return null;
    });
  },
  writeLogs: async (lines) => void (await request({ op: "logs", lines })),
  writeProgress: async (progress) => void (await request({ op: "progress", progress })),
};

async function main() {
  const { JOB_DEFINITIONS } = (await import(pathToFileURL(job.definitionsModule).href)) as { JOB_DEFINITIONS: JobDefinitions };
  const definition = JOB_DEFINITIONS[job.kind];
  if (!definition) throw new NonRetriableError(`this build has no job kind "${job.kind}"`);
  const input = definition.input.parse(job.input);
  const step = createStep(driver);
  const services = serviceProxy((name, args) => request({ op: "service", name, args }));
  try {
    const result = await definition.run(step, input, services);
    await step.flush();
    post({ type: "done", result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (err) {
    // What the job logged before it stopped helps to see why; a cancelled job's runner may
    // refuse it, which changes nothing.
    await step.flush().catch(() => {});
    throw err;
  }
}

main().catch((err: unknown) => {
  if (err instanceof JobDrainedError && !abort.signal.aborted) post({ type: "drained" });
  else if (err instanceof JobCancelledError || abort.signal.aborted) post({ type: "cancelled" });
  else post({ type: "failed", error: serializeError(err) });
});
