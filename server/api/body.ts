/**
 * Request bodies read within a size limit: refused (413) by a declared Content-Length before
 * anything is read, and while streaming otherwise, so an oversized body is never held whole.
 */
import { collectBytes, limitBytes, tooLarge } from "@/server/services/byte-streams";

/** Refuses a request whose Content-Length already says it is over `limit`. */
export function assertDeclaredLength(req: Request, limit: number, what = "body"): void {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) throw tooLarge(limit, what);
}

/** The body's chunks (none for a request without a body). */
export const requestChunks = (req: Request): AsyncIterable<Uint8Array> => (req.body ?? (async function* () {})()) as AsyncIterable<Uint8Array>;

/** The whole body as bytes, at most `limit` of them. */
export async function readBody(req: Request, limit: number, what = "body"): Promise<Uint8Array> {
  assertDeclaredLength(req, limit, what);
  return collectBytes(limitBytes(requestChunks(req), limit, what));
}
