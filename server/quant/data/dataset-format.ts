import { createHash } from "node:crypto";
import type { MarketSeries } from "./market-series";

/**
 * Foldline's columnar dataset artifact (`.fds`), what the artifact store keeps for a dataset
 * version. Layout, all little-endian:
 *
 *   bytes 0..3   magic "FLDS"
 *   bytes 4..7   uint32 header length H (bytes of UTF-8 JSON)
 *   bytes 8..    header JSON, then zero padding to a multiple of 8
 *   then         each Float64 column in header order (rows × 8 bytes): time, open, high, low,
 *                close, volume, then the extras;
 *   then         the symbol column: Int32 codes into `header.symbols` (rows × 4 bytes),
 *                zero-padded to a multiple of 8.
 *
 * Header: `{ format: "foldline-dataset", version: 1, rows, symbols, columns: [{ name, role }],
 * meta }`; `role` is "ohlcv" or "extra". Symbols are dictionary-encoded (one Int32 per row) so a
 * long multi-symbol file keeps its row order. The encoding is deterministic (fixed key order,
 * no timestamps), so equal series and meta give equal bytes and an equal sha256: the store is
 * content-addressed by `datasetSha256`.
 */

export const DATASET_MAGIC = "FLDS";
export const DATASET_FORMAT_VERSION = 1;
const OHLCV = ["time", "open", "high", "low", "close", "volume"] as const;

/** Free-form JSON metadata; by convention `name`, `kind` ("real" | "synthetic"), `source`. */
export type DatasetMeta = { kind?: "real" | "synthetic"; name?: string; source?: string } & Record<string, unknown>;

export interface DatasetHeader {
  format: "foldline-dataset";
  version: number;
  rows: number;
  symbols: string[];
  columns: { name: string; role: "ohlcv" | "extra" }[];
  meta: DatasetMeta;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const pad8 = (n: number) => (n + 7) & ~7;

export function encodeDataset(series: MarketSeries, meta: DatasetMeta = {}): Uint8Array {
  const rows = series.time.length;
  const extraNames = Object.keys(series.extra);
  const cols: Float64Array[] = [...OHLCV.map((k) => series[k]), ...extraNames.map((k) => series.extra[k]!)];
  cols.forEach((c, i) => {
    if (c.length !== rows) throw new Error(`encodeDataset: column ${i} has ${c.length} rows, time has ${rows}`);
  });
  if (series.symbol.length !== rows) throw new Error("encodeDataset: symbol column length differs");
  const header: DatasetHeader = {
    format: "foldline-dataset",
    version: DATASET_FORMAT_VERSION,
    rows,
    symbols: series.symbols.slice(),
    columns: [...OHLCV.map((name) => ({ name, role: "ohlcv" as const })), ...extraNames.map((name) => ({ name, role: "extra" as const }))],
    meta,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = pad8(8 + json.length);
  const total = dataStart + cols.length * rows * 8 + pad8(rows * 4);
  const out = new Uint8Array(total);
  out.set(new TextEncoder().encode(DATASET_MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, json.length, true);
  out.set(json, 8);
  let off = dataStart;
  for (const c of cols) {
    if (LITTLE_ENDIAN_HOST) out.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), off);
    else for (let i = 0; i < rows; i++) view.setFloat64(off + i * 8, c[i]!, true);
    off += rows * 8;
  }
  const codes = series.symbol;
  if (LITTLE_ENDIAN_HOST) out.set(new Uint8Array(codes.buffer, codes.byteOffset, codes.byteLength), off);
  else for (let i = 0; i < rows; i++) view.setInt32(off + i * 4, codes[i]!, true);
  return out;
}

/** Read the header only (cheap: no column is touched). */
export function readDatasetHeader(bytes: Uint8Array): DatasetHeader {
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== DATASET_MAGIC) {
    throw new Error("decodeDataset: not a Foldline dataset (bad magic)");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint32(4, true);
  if (8 + len > bytes.length) throw new Error("decodeDataset: truncated header");
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) as DatasetHeader;
  if (header.format !== "foldline-dataset") throw new Error("decodeDataset: not a Foldline dataset header");
  if (header.version !== DATASET_FORMAT_VERSION) throw new Error(`decodeDataset: unsupported version ${header.version}`);
  return header;
}

/**
 * Decode bytes from `encodeDataset`. Columns are copied out, so the result does not keep
 * `bytes` alive and does not depend on its alignment.
 */
export function decodeDataset(bytes: Uint8Array): { series: MarketSeries; meta: DatasetMeta; header: DatasetHeader } {
  const header = readDatasetHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { rows } = header;
  let off = pad8(8 + view.getUint32(4, true));
  const expected = off + header.columns.length * rows * 8 + pad8(rows * 4);
  if (bytes.length !== expected) throw new Error(`decodeDataset: ${bytes.length} bytes, expected ${expected}`);
  const readF64 = () => {
    const col = new Float64Array(rows);
    if (LITTLE_ENDIAN_HOST) new Uint8Array(col.buffer).set(bytes.subarray(off, off + rows * 8));
    else for (let i = 0; i < rows; i++) col[i] = view.getFloat64(off + i * 8, true);
    off += rows * 8;
    return col;
  };
  const byName: Record<string, Float64Array> = {};
  const extra: Record<string, Float64Array> = {};
  for (const c of header.columns) (c.role === "ohlcv" ? byName : extra)[c.name] = readF64();
  for (const k of OHLCV) if (!byName[k]) throw new Error(`decodeDataset: no ${k} column`);
  const symbol = new Int32Array(rows);
  if (LITTLE_ENDIAN_HOST) new Uint8Array(symbol.buffer).set(bytes.subarray(off, off + rows * 4));
  else for (let i = 0; i < rows; i++) symbol[i] = view.getInt32(off + i * 4, true);
  for (let i = 0; i < rows; i++) {
    if (symbol[i]! < 0 || symbol[i]! >= header.symbols.length) throw new Error(`decodeDataset: bad symbol code at row ${i + 1}`);
  }
  const series: MarketSeries = {
    time: byName.time!,
    open: byName.open!,
    high: byName.high!,
    low: byName.low!,
    close: byName.close!,
    volume: byName.volume!,
    symbols: header.symbols,
    symbol,
    extra,
  };
  return { series, meta: header.meta, header };
}

/** Hex sha256 of the encoded bytes: the dataset version's content address. */
export function datasetSha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export interface DatasetSummary {
  rows: number;
  /** Epoch ms of the first and last bar (over all symbols); NaN when empty. */
  firstTime: number;
  lastTime: number;
  symbols: { symbol: string; rows: number; firstTime: number; lastTime: number }[];
  extraColumns: string[];
}

export function datasetSummary(series: MarketSeries): DatasetSummary {
  const k = series.symbols.length;
  const rows = new Array<number>(k).fill(0);
  const first = new Array<number>(k).fill(Infinity);
  const last = new Array<number>(k).fill(-Infinity);
  for (let i = 0; i < series.time.length; i++) {
    const c = series.symbol[i]!, t = series.time[i]!;
    rows[c]!++;
    if (t < first[c]!) first[c] = t;
    if (t > last[c]!) last[c] = t;
  }
  const symbols = series.symbols.map((symbol, c) => ({
    symbol,
    rows: rows[c]!,
    firstTime: rows[c] ? first[c]! : NaN,
    lastTime: rows[c] ? last[c]! : NaN,
  }));
  const withRows = symbols.filter((s) => s.rows > 0);
  return {
    rows: series.time.length,
    firstTime: withRows.length ? Math.min(...withRows.map((s) => s.firstTime)) : NaN,
    lastTime: withRows.length ? Math.max(...withRows.map((s) => s.lastTime)) : NaN,
    symbols,
    extraColumns: Object.keys(series.extra),
  };
}
