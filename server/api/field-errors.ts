import type { ZodError } from "zod";

/** Messages by dotted input path (`target.start`), so nested forms can place them; the same
 * shape for tRPC and REST. */
export function zodFieldErrors(err: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of err.issues) (out[issue.path.join(".")] ??= []).push(issue.message);
  return out;
}
