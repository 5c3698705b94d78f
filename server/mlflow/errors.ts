import { z, ZodError } from "zod";
import { errorHeaders, type ServiceErrorCode, ServiceError } from "@/server/services/errors";

/** MLflow's error codes (databricks ErrorCode) and the HTTP statuses its server sends. */
const MLFLOW_CODES: Record<ServiceErrorCode, [string, number]> = {
  BAD_REQUEST: ["INVALID_PARAMETER_VALUE", 400],
  UNPROCESSABLE: ["INVALID_PARAMETER_VALUE", 400],
  CONFLICT: ["RESOURCE_ALREADY_EXISTS", 400],
  PAYLOAD_TOO_LARGE: ["INVALID_PARAMETER_VALUE", 413],
  // MLflow's server answers a body without Content-Type: application/json this way.
  UNSUPPORTED_MEDIA_TYPE: ["INVALID_PARAMETER_VALUE", 400],
  NOT_FOUND: ["RESOURCE_DOES_NOT_EXIST", 404],
  FORBIDDEN: ["PERMISSION_DENIED", 403],
  UNAUTHORIZED: ["UNAUTHENTICATED", 401],
  TOO_MANY_REQUESTS: ["REQUEST_LIMIT_EXCEEDED", 429],
};

export const mlflowError = (code: string, message: string, status: number, headers: Record<string, string> = {}) =>
  Response.json({ error_code: code, message }, { status, headers });

/** The one mapping of errors to MLflow's `{"error_code", "message"}` bodies. */
export function mlflowErrorResponse(err: unknown): Response {
  if (err instanceof ServiceError) {
    const [code, status] = MLFLOW_CODES[err.code];
    return mlflowError(code, err.message, status, errorHeaders(err));
  }
  if (err instanceof ZodError) return mlflowError("INVALID_PARAMETER_VALUE", z.prettifyError(err), 400);
  console.error("mlflow:", err);
  return mlflowError("INTERNAL_ERROR", "internal error", 500);
}
