import { getDatabase } from "@/db";
import { createMlflowHandler } from "@/server/mlflow/http";

export const runtime = "nodejs";

type Params = { params: Promise<{ path: string[] }> };
const handle = createMlflowHandler(getDatabase);

export const GET = async (req: Request, { params }: Params) => handle(req, (await params).path.join("/"), "GET");
export const POST = async (req: Request, { params }: Params) => handle(req, (await params).path.join("/"), "POST");
export const PATCH = async (req: Request, { params }: Params) => handle(req, (await params).path.join("/"), "PATCH");
export const DELETE = async (req: Request, { params }: Params) => handle(req, (await params).path.join("/"), "DELETE");
