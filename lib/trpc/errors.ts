import { TRPCClientError } from "@trpc/client";

/** Field messages from a tRPC error (zod issues or a service error's field), for forms. */
export function fieldErrors(err: unknown): Record<string, string | undefined> {
  if (!(err instanceof TRPCClientError)) return {};
  const data = err.data as { fieldErrors?: Record<string, string[] | undefined> | null } | undefined;
  return Object.fromEntries(Object.entries(data?.fieldErrors ?? {}).map(([k, v]) => [k, v?.[0]]));
}

/** The message to show for an error that is not about one field. */
export function errorMessage(err: unknown): string | null {
  if (!err) return null;
  if (err instanceof TRPCClientError && Object.keys(fieldErrors(err)).length) return null;
  return err instanceof Error ? err.message : "something went wrong";
}
