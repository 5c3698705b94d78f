/** Errors a service verb may throw; the adapters (tRPC, REST, CLI) map their codes, and only
 * they. Anything else is a bug and becomes a bare 500. */
export const SERVICE_ERROR_CODES = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** A body over its size limit (refused before it is read whole). */
  PAYLOAD_TOO_LARGE: 413,
  /** A body in a format the endpoint does not take (e.g. JSON sent without its Content-Type). */
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  TOO_MANY_REQUESTS: 429,
} as const;
export type ServiceErrorCode = keyof typeof SERVICE_ERROR_CODES;

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    /** The input field the error is about, for form errors. */
    readonly field?: string,
    /** Structured detail for the caller, e.g. a data file's validation report. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ServiceError";
  }
  get status(): number {
    return SERVICE_ERROR_CODES[this.code];
  }
}

export const notFound = (what: string) => new ServiceError("NOT_FOUND", `${what} not found`);
export const forbidden = (message = "you do not have permission to do this") =>
  new ServiceError("FORBIDDEN", message);

/** Too many requests from one caller: the adapters send `retryAfterS` as the Retry-After header. */
export class RateLimitedError extends ServiceError {
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super("TOO_MANY_REQUESTS", message);
    this.name = "RateLimitedError";
  }
}

/** The HTTP headers an error's response carries beyond its body (Retry-After for rate limits). */
export const errorHeaders = (err: unknown): Record<string, string> =>
  err instanceof RateLimitedError ? { "retry-after": String(err.retryAfterS) } : {};
