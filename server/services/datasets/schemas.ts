import { z } from "zod";

export const DatasetName = z
  .string()
  .trim()
  .min(1, { message: "enter a dataset name" })
  .max(80, { message: "name must be at most 80 characters" })
  .regex(/^[\w .:&()-]+$/, { message: "use letters, digits, spaces and . _ - : & ( )" });

export const ImportDatasetInput = z.object({
  name: DatasetName,
  format: z.enum(["csv", "parquet"], { message: "format must be csv or parquet" }),
  filename: z.string().trim().max(255).default("upload"),
  /** The symbol of a file without a symbol column. */
  symbol: z.string().trim().max(32).optional(),
  /** Source column names for the fields, when the headers are not the usual ones. */
  mapping: z
    .object({
      time: z.string(), open: z.string(), high: z.string(), low: z.string(), close: z.string(), volume: z.string(),
      symbol: z.string().nullable(),
    })
    .partial()
    .optional(),
  description: z.string().max(2000).optional(),
  /** A multi-symbol file becomes one dataset per symbol ("<name> <symbol>") instead of one. */
  splitBySymbol: z.boolean().default(false),
});
export type ImportDatasetInput = z.input<typeof ImportDatasetInput>;

/** Files larger than this are refused while streaming, before they are read whole. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
