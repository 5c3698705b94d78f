import { describe, expect, it } from "vitest";
import { createStep, JobCancelledError, type StepDriver } from "./step";

/** A driver over an in-memory checkpoint map that records what it is asked to write. */
function memoryDriver(stored: Record<string, unknown> = {}) {
  const abort = new AbortController();
  const writes: string[] = [];
  const driver: StepDriver = {
    signal: abort.signal,
    attempt: 1,
    async memo<T>(id: string, fn: () => Promise<T>) {
      if (id in stored) return stored[id] as T;
      const result = await fn();
      stored[id] = result;
      writes.push(`checkpoint ${id}`);
      return result;
    },
    sleep: async (id) => void writes.push(`sleep ${id}`),
    sendEvent: async (id, e) => void writes.push(`event ${id} ${e.name}`),
    writeLogs: async (lines) => void writes.push(...lines.map((l) => `log ${l}`)),
    writeProgress: async (p) => void writes.push(`progress ${p.done}/${p.total}`),
  };
  return { driver, writes, stored, abort };
}

describe("Step rules", () => {
  it("memoises step results: a stored step returns its result without calling fn", async () => {
    const { driver, stored } = memoryDriver({ a: { n: 1 } });
    const step = createStep(driver);
    let calls = 0;
    expect(await step.run("a", () => (calls++, { n: 99 }))).toEqual({ n: 1 });
    expect(await step.run("b", () => (calls++, { n: 2 }))).toEqual({ n: 2 });
    expect([calls, stored.b]).toEqual([1, { n: 2 }]);
  });

  it("returns the JSON round trip of a result on the first run too (what a resume would return)", async () => {
    const step = createStep(memoryDriver().driver);
    expect(await step.run("dates", () => ({ at: new Date(0), gone: undefined, nan: NaN }))).toEqual({ at: "1970-01-01T00:00:00.000Z", nan: null });
    expect(await step.run("nothing", () => undefined)).toBeNull();
  });

  it("refuses duplicate and nested step ids, and steps after cancellation", async () => {
    const { driver, abort } = memoryDriver();
    const step = createStep(driver);
    await step.run("x", () => 1);
    await expect(step.run("x", () => 2)).rejects.toThrow('step id "x" is used twice in this job; ids must be unique (add the loop index)');
    await expect(step.run("outer", () => step.run("inner", () => 1))).rejects.toThrow('step "inner" is inside step "outer"; steps cannot nest');
    abort.abort();
    await expect(step.run("late", () => 1)).rejects.toBeInstanceOf(JobCancelledError);
  });

  it("buffers logs and progress outside steps: written before a step that runs, dropped at a replayed one", async () => {
    const { driver, writes } = memoryDriver({ first: 1 });
    const step = createStep(driver);
    await step.log("before first (already written when first ran)");
    await step.progress(0, 2);
    await step.run("first", () => 1);
    await step.log("before second");
    await step.progress(1, 2);
    await step.run("second", async () => {
      await step.log("inside second");
      return 2;
    });
    await step.log("after second");
    await step.sleep("pause", 10);
    await step.sendEvent("tell", { name: "foldline/job.cancelled", data: {} });
    await step.progress(2, 2);
    await step.flush();
    expect(writes).toEqual([
      "log before second",
      "progress 1/2",
      "log inside second",
      "checkpoint second",
      "sleep pause",
      "event tell foldline/job.cancelled",
      "log after second",
      "progress 2/2",
    ]);
  });
});
