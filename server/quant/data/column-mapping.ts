/**
 * Which source column feeds which field. The caller may name any of them; the rest are
 * detected from common header names, compared case-insensitively with spaces, `_` and `-`
 * removed: time ← date | timestamp | datetime | time (first found in that order), open, high,
 * low, close, volume, symbol ← symbol | ticker. "Adj Close"-style columns are ignored by
 * default (close is the unadjusted price; adjusted prices are a different series). Every other
 * column is an extra, kept if its values are numeric.
 */

export const REQUIRED_FIELDS = ["time", "open", "high", "low", "close", "volume"] as const;
export type RequiredField = (typeof REQUIRED_FIELDS)[number];

export interface ColumnMapping {
  time: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  /** Symbol column; null/absent for a single-symbol file. */
  symbol?: string | null;
  /** Extra columns to keep; default: every column not mapped or ignored. */
  extras?: string[];
  /** Columns to skip; default: the adjusted-close names. */
  ignore?: string[];
}

export const HEADER_ALIASES: Record<RequiredField | "symbol", readonly string[]> = {
  time: ["date", "timestamp", "datetime", "time"],
  open: ["open"],
  high: ["high"],
  low: ["low"],
  close: ["close"],
  volume: ["volume"],
  symbol: ["symbol", "ticker"],
};

export const IGNORED_BY_DEFAULT = ["adjclose", "adjustedclose"] as const;

export const normalizeHeader = (h: string) => h.trim().toLowerCase().replace(/[\s_-]+/g, "");

export interface ResolvedColumns {
  /** Source index of each required field (FIELD_* order: time, open, high, low, close, volume); -1 if missing. */
  fields: [number, number, number, number, number, number];
  symbol: number;
  extras: number[];
  /** Required fields with no column, with the name that was looked for. */
  missing: { field: RequiredField | "symbol" | "extra"; wanted: string }[];
}

/** Find a header by exact name, then case-insensitively. */
function findHeader(headers: readonly string[], name: string): number {
  const exact = headers.indexOf(name);
  if (exact >= 0) return exact;
  const n = normalizeHeader(name);
  return headers.findIndex((h) => normalizeHeader(h) === n);
}

/** The mapping detected from header names alone (fields it cannot find are absent). */
export function detectColumnMapping(headers: readonly string[]): Partial<ColumnMapping> {
  const norm = headers.map(normalizeHeader);
  const out: Partial<ColumnMapping> = {};
  for (const field of [...REQUIRED_FIELDS, "symbol"] as const) {
    for (const alias of HEADER_ALIASES[field]) {
      const i = norm.indexOf(alias);
      if (i >= 0) {
        out[field] = headers[i]!;
        break;
      }
    }
  }
  return out;
}

/** Resolve a (partial) caller mapping over the detected one to column indices. */
export function resolveColumns(headers: readonly string[], mapping: Partial<ColumnMapping> = {}): ResolvedColumns {
  const detected = detectColumnMapping(headers);
  const missing: ResolvedColumns["missing"] = [];
  const fields = REQUIRED_FIELDS.map((f) => {
    const wanted = mapping[f] ?? detected[f];
    const i = wanted === undefined ? -1 : findHeader(headers, wanted);
    if (i < 0) missing.push({ field: f, wanted: wanted ?? HEADER_ALIASES[f].join(" | ") });
    return i;
  }) as ResolvedColumns["fields"];
  let symbol = -1;
  const wantedSymbol = mapping.symbol === null ? undefined : (mapping.symbol ?? detected.symbol ?? undefined);
  if (wantedSymbol != null) {
    symbol = findHeader(headers, wantedSymbol);
    if (symbol < 0) missing.push({ field: "symbol", wanted: wantedSymbol });
  }
  const used = new Set<number>([...fields, symbol].filter((i) => i >= 0));
  const ignored = new Set((mapping.ignore ?? IGNORED_BY_DEFAULT).map(normalizeHeader));
  let extras: number[];
  if (mapping.extras) {
    extras = [];
    for (const name of mapping.extras) {
      const i = findHeader(headers, name);
      if (i < 0) missing.push({ field: "extra", wanted: name });
      else if (!used.has(i)) extras.push(i);
    }
  } else {
    extras = headers.map((_, i) => i).filter((i) => !used.has(i) && !ignored.has(normalizeHeader(headers[i]!)));
  }
  return { fields, symbol, extras, missing };
}
