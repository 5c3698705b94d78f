/**
 * The prediction log's writer. Requests never wait for it: rows are queued and inserted in
 * batches (every FLUSH_MS, or at once when BATCH_ROWS are queued), so a busy endpoint makes a
 * few multi-row inserts a second instead of one per request. Shadow scoring runs here too, after
 * the primary has answered. `flushPredictionLog` waits for both (tests, shutdown).
 * A row lost to a crash between queueing and its insert is a sampled log's accepted cost.
 */
import type { Db } from "@/db";
import { predictionLog } from "@/db/schema";

export type PredictionLogRow = typeof predictionLog.$inferInsert;

export const FLUSH_MS = 200;
export const BATCH_ROWS = 500;

interface LogState {
  queues: Map<Db, PredictionLogRow[]>;
  timer: ReturnType<typeof setTimeout> | null;
  pending: Set<Promise<unknown>>;
}

const holder = globalThis as unknown as { foldlinePredictionLog?: LogState };
const state = (holder.foldlinePredictionLog ??= { queues: new Map(), timer: null, pending: new Set() });

function track(p: Promise<unknown>) {
  state.pending.add(p);
  void p.finally(() => state.pending.delete(p));
}

/** Inserts in statements of INSERT_ROWS: PGlite runs each statement on the event loop's thread,
 * so one big insert would hold every request behind it; small ones let requests in between. */
export const INSERT_ROWS = 32;

async function insertRows(db: Db, rows: PredictionLogRow[]) {
  for (let i = 0; i < rows.length; i += INSERT_ROWS) {
    const part = rows.slice(i, i + INSERT_ROWS);
    await db
      .insert(predictionLog)
      .values(part)
      .catch((err: unknown) => console.error(`prediction log: ${part.length} rows not written:`, err));
  }
}

function insertQueued() {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  for (const [db, rows] of state.queues) {
    state.queues.delete(db);
    track(insertRows(db, rows));
  }
}

/** Queues one row (the caller decided it is sampled). */
export function logPrediction(db: Db, row: PredictionLogRow): void {
  let rows = state.queues.get(db);
  if (!rows) state.queues.set(db, (rows = []));
  rows.push(row);
  if (rows.length >= BATCH_ROWS) insertQueued();
  else if (!state.timer) {
    state.timer = setTimeout(insertQueued, FLUSH_MS);
    state.timer.unref?.();
  }
}

/** Runs `work` after the current request has answered, without delaying it; its errors are logged. */
export function inBackground(label: string, work: () => Promise<unknown>): void {
  track(
    new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((err: unknown) => console.error(`${label}:`, err)),
  );
}

/** Waits for background scoring and writes every queued row. */
export async function flushPredictionLog(): Promise<void> {
  while (state.pending.size || state.queues.size) {
    await Promise.all([...state.pending]);
    insertQueued();
  }
}
