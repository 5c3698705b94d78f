/**
 * Artifact keys are relative paths of plain segments: no `..`, no absolute paths, no
 * backslashes, no percent-encoded separators, no empty or dot segments, no control characters.
 */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/;

export function assertSafeKey(key: string): void {
  const segments = key.split("/");
  if (key.length > 1024 || !segments.every((s) => SEGMENT.test(s) && s !== "." && s !== "..")) {
    throw new Error(`invalid artifact key: ${JSON.stringify(key).slice(0, 120)}`);
  }
}
