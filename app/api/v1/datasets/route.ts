import { getDatabase } from "@/db";
import { assertDeclaredLength, requestChunks } from "@/server/api/body";
import { withTokenAuth } from "@/server/api/rest";
import { currentUser } from "@/server/auth/session";
import { importDataset } from "@/server/services/datasets/import-dataset";
import { listDatasets } from "@/server/services/datasets/list-datasets";
import { MAX_UPLOAD_BYTES } from "@/server/services/datasets/schemas";

export const runtime = "nodejs";

const MAPPED_FIELDS = ["time", "open", "high", "low", "close", "volume", "symbol"] as const;

/** `?col.close=Adj%20Close&col.time=Datetime`: source column names for fields whose headers
 * are not the usual ones (the rest are detected). */
function mappingFrom(q: URLSearchParams) {
  const entries = MAPPED_FIELDS.flatMap((f) => {
    const v = q.get(`col.${f}`);
    return v ? [[f, v] as const] : [];
  });
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** The team's datasets with their versions. */
export const GET = withTokenAuth("dataset:read", async (ctx) => ({ datasets: await listDatasets({ ctx }) }), getDatabase, currentUser);

/**
 * Upload a CSV or Parquet file as the body (streamed, up to 200 MB), described by the query:
 * `?name=...&format=csv|parquet&symbol=...&filename=...&split=true` (one dataset per symbol),
 * `&col.<field>=<header>` (column mapping; and
 * `&team=<slug>` from a browser). 201 with the stored {dataset, version} list; 422 with the validation report when the file has errors.
 */
export const POST = withTokenAuth(
  "dataset:write",
  async (ctx, req) => {
    const q = new URL(req.url).searchParams;
    const input = {
      name: q.get("name") ?? "",
      format: (q.get("format") ?? "csv") as "csv",
      filename: q.get("filename") ?? undefined,
      symbol: q.get("symbol") ?? undefined,
      description: q.get("description") ?? undefined,
      splitBySymbol: q.get("split") === "true",
      mapping: mappingFrom(q),
    };
    assertDeclaredLength(req, MAX_UPLOAD_BYTES, "file");
    const stored = await importDataset({ ctx, input, body: requestChunks(req) });
    return Response.json({ stored }, { status: 201 });
  },
  getDatabase,
  currentUser,
);
