import { getDatabase } from "@/db";
import { createArtifactsHandler } from "@/server/mlflow/artifacts-http";

export const runtime = "nodejs";

type Params = { params: Promise<{ path: string[] }> };
const handle = createArtifactsHandler(getDatabase);

export const GET = async (req: Request, { params }: Params) => handle(req, (await params).path, "GET");
export const PUT = async (req: Request, { params }: Params) => handle(req, (await params).path, "PUT");
