import { ServiceError } from "./errors";

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** A 413 naming what was too large (`body`, `file`) and the limit. */
export const tooLarge = (limit: number, what = "body") => new ServiceError("PAYLOAD_TOO_LARGE", `${what} larger than ${mb(limit)}`, what);

/** Passes the chunks of `body` on, and stops with a 413 once they add up to more than `limit`,
 * so an oversized upload is refused while it streams, never held whole. */
export async function* limitBytes(body: AsyncIterable<Uint8Array>, limit: number, what = "body"): AsyncIterable<Uint8Array> {
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > limit) throw tooLarge(limit, what);
    yield chunk;
  }
}

/** All the chunks of `body` in one array. */
export async function collectBytes(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of body) {
    parts.push(c);
    n += c.byteLength;
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}
