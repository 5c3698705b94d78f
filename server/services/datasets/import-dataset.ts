import { importCsv } from "@/server/quant/data/csv-import";
import { importParquet } from "@/server/quant/data/parquet-import";
import type { ArtifactBackend } from "../artifacts/backend";
import { requirePermission, type TeamCtx } from "../context";
import { collectBytes, limitBytes } from "../byte-streams";
import { ServiceError } from "../errors";
import { ImportDatasetInput, MAX_UPLOAD_BYTES } from "./schemas";
import { storeDatasetVersions } from "./store-dataset-version";
import { splitBySymbol } from "@/server/quant/data/market-series";
import { FILE_LEVEL_ISSUES } from "@/server/quant/data/validation-report";

/**
 * Uploads OHLCV data as a new version of a dataset (kind `real`). CSV streams through the
 * importer (files up to 200 MB are never held as text); Parquet needs random access, so its
 * bytes are collected first. A file with any validation error is refused whole with its report
 * (UNPROCESSABLE) and nothing is stored. Returns every stored {dataset, version}: one, or one
 * per symbol with `splitBySymbol`.
 */
export async function importDataset({
  ctx,
  input,
  body,
  backend,
}: {
  ctx: TeamCtx;
  input: ImportDatasetInput;
  body: AsyncIterable<Uint8Array>;
  backend?: ArtifactBackend;
}) {
  requirePermission(ctx, "dataset:write");
  const { name, format, filename, symbol, mapping, description, splitBySymbol: split } = ImportDatasetInput.parse(input);
  const limited = limitBytes(body, MAX_UPLOAD_BYTES, "file");
  const options = { symbol: symbol ?? "", mapping: mapping as never };
  const result = format === "csv" ? await importCsv(limited, options) : await importParquet(await collectBytes(limited), options);
  if (!result.ok) {
    const { errors, rows, issues } = result.report;
    // A file-level problem (not CSV text, missing columns) is named; row errors are counted.
    const fileLevel = issues.find((i) => FILE_LEVEL_ISSUES.includes(i.kind));
    const what = fileLevel ? fileLevel.message : `the file has ${errors} error${errors === 1 ? "" : "s"} in ${rows} rows`;
    throw new ServiceError("UNPROCESSABLE", `${what}; nothing was stored`, "file", result.report);
  }
  if (result.series.time.length === 0) throw new ServiceError("UNPROCESSABLE", "the file has no data rows", "file");
  const source = { filename, format };
  const parts = split && result.series.symbols.length > 1 ? splitBySymbol(result.series) : [result.series];
  const versions = parts.map((series) => ({
    name: parts.length > 1 ? `${name} ${series.symbols[0]}` : name,
    kind: "real" as const,
    description,
    series,
    source,
    warnings: result.warnings,
  }));
  return storeDatasetVersions(ctx, versions, backend);
}
