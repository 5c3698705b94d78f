import { ZodError } from "zod";
import { ServiceError } from "@/server/services/errors";
import { JobCancelledError, NonRetriableError } from "./step";

/** Bad input, missing data, refused permissions and explicit NonRetriableErrors fail a job at
 * once under either runner; anything else (a crash, a lost connection) is worth another attempt. */
export const isRetriable = (err: unknown) =>
  !(err instanceof ServiceError || err instanceof ZodError || err instanceof NonRetriableError || err instanceof JobCancelledError);
