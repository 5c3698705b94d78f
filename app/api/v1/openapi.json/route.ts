import { openApiDocument } from "@/server/api/openapi";

export const runtime = "nodejs";

/** The OpenAPI 3.1 document of the jobs API, generated from its zod schemas (public). */
export const GET = () => Response.json(openApiDocument());
