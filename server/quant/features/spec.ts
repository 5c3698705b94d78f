/**
 * Feature pipeline specs: a versioned JSON document naming registry features, validated with
 * zod, canonicalised (defaults filled in, keys sorted) and hashed (sha256 of the canonical
 * JSON), so that the hash identifies the pipeline regardless of key order or omitted defaults.
 * Train and serve share a pipeline by this hash.
 *
 * ```json
 * { "version": 1, "features": [ { "id": "sma", "params": { "window": 20 }, "name": "sma20", "normalize": true } ] }
 * ```
 * - `params`: overrides of the registry defaults (unknown names and out-of-range values fail);
 * - `outputs`: a subset of the feature's outputs (default: all, in registry order);
 * - `name`: the column prefix (default: id and parameter values, e.g. `sma_20`); a column is
 *   named by the prefix when one output is selected, else `prefix_output` (`macd_signal`);
 * - `normalize`: `true` applies each output's registry kind (`price`: x/close − 1,
 *   `price_scale`: x/close), `false`/omitted leaves values as computed, or a kind forces one.
 */
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { OhlcvColumns } from "@/server/quant/data/ohlcv";
import { stochasticWilliamsR } from "./momentum";
import { type FeatureDef, getFeature, NORMALIZE_KINDS, type NormalizeKind, resolveParams } from "./registry";
import { lagDifference, logOf } from "./returns";
import { knownExtraColumn } from "@/server/quant/data/known-extra";

export const SPEC_VERSION = 1;

const NAME_RE = /^[a-z][a-z0-9_.]*$/;

export const FeatureEntrySchema = z.strictObject({
  id: z.string(),
  params: z.record(z.string(), z.number().finite()).optional(),
  outputs: z.array(z.string()).min(1).optional(),
  name: z.string().regex(NAME_RE).optional(),
  normalize: z.union([z.boolean(), z.enum(NORMALIZE_KINDS)]).optional(),
});

export const FeatureSpecSchema = z
  .strictObject({
    version: z.literal(SPEC_VERSION),
    features: z.array(FeatureEntrySchema).min(1),
    /** Extra numeric columns of the data set (fundamentals, sentiment...) to use as features,
     * each as known at the bar (see data/known-extra.ts); columns `extra_<name>`. */
    extras: z.array(z.string().min(1).max(100)).max(200).optional(),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.features.forEach((f, i) => {
      const path = ["features", i];
      const def = getFeature(f.id);
      if (!def) {
        ctx.addIssue({ code: "custom", path: [...path, "id"], message: `unknown feature id "${f.id}"` });
        return;
      }
      for (const [k, v] of Object.entries(f.params ?? {})) {
        const pd = Object.hasOwn(def.params, k) ? def.params[k] : undefined;
        if (!pd) {
          ctx.addIssue({ code: "custom", path: [...path, "params", k], message: `"${f.id}" has no parameter "${k}" (has: ${Object.keys(def.params).join(", ") || "none"})` });
        } else if ((pd.integer && !Number.isInteger(v)) || v < pd.min || (pd.max !== undefined && v > pd.max)) {
          ctx.addIssue({ code: "custom", path: [...path, "params", k], message: `${f.id}.${k} must be ${pd.integer ? "an integer " : ""}in [${pd.min}, ${pd.max ?? "∞"}], got ${v}` });
        }
      }
      if (f.id === "macd" || f.id === "ppo") {
        const p = resolveParams(def, f.params);
        if (p.fast! >= p.slow!) ctx.addIssue({ code: "custom", path: [...path, "params"], message: `${f.id}: fast must be < slow` });
      }
      for (const o of f.outputs ?? []) {
        if (!def.outputs.includes(o)) ctx.addIssue({ code: "custom", path: [...path, "outputs"], message: `"${f.id}" has no output "${o}" (has: ${def.outputs.join(", ")})` });
      }
      if (f.outputs && new Set(f.outputs).size !== f.outputs.length) ctx.addIssue({ code: "custom", path: [...path, "outputs"], message: "duplicate outputs" });
      for (const col of columnNames(f, resolveParams(def, f.params), f.outputs ?? def.outputs)) {
        if (seen.has(col)) ctx.addIssue({ code: "custom", path, message: `duplicate column name "${col}"` });
        seen.add(col);
      }
    });
    (spec.extras ?? []).forEach((e, i) => {
      const col = extraColumnName(e);
      if (seen.has(col)) ctx.addIssue({ code: "custom", path: ["extras", i], message: `duplicate column name "${col}"` });
      seen.add(col);
    });
  });

const extraColumnName = (extra: string) => `extra_${extra}`;

export type FeatureSpecInput = z.input<typeof FeatureSpecSchema>;
export type FeatureEntryInput = z.input<typeof FeatureEntrySchema>;

/** A spec with everything resolved: every parameter, the output list, the prefix, the normalisation per output. */
export interface CanonicalFeatureEntry {
  id: string;
  name: string;
  params: Record<string, number>;
  outputs: string[];
  normalize: NormalizeKind[];
}
export interface CanonicalFeatureSpec {
  version: typeof SPEC_VERSION;
  features: CanonicalFeatureEntry[];
  /** Present only when the spec uses extra columns, so older specs keep their hash. */
  extras?: string[];
}

function defaultPrefix(id: string, params: Record<string, number>): string {
  const vals = Object.values(params);
  return vals.length ? `${id}_${vals.join("_")}` : id;
}

function columnNames(f: { id: string; name?: string }, params: Record<string, number>, outputs: readonly string[]): string[] {
  const prefix = f.name ?? defaultPrefix(f.id, params);
  return outputs.length === 1 ? [prefix] : outputs.map((o) => `${prefix}_${o}`);
}

/** Validates (throws a ZodError on a bad spec) and resolves every default. */
export function canonicalizeSpec(input: unknown): CanonicalFeatureSpec {
  const spec = FeatureSpecSchema.parse(input);
  return {
    version: SPEC_VERSION,
    features: spec.features.map((f) => {
      const def = getFeature(f.id)!;
      const params = resolveParams(def, f.params);
      const outputs = f.outputs ? def.outputs.filter((o) => f.outputs!.includes(o)) : [...def.outputs];
      const normalize = outputs.map((o): NormalizeKind => {
        if (f.normalize === true) return def.normalize[def.outputs.indexOf(o)]!;
        if (f.normalize === undefined || f.normalize === false) return "none";
        return f.normalize;
      });
      return { id: f.id, name: f.name ?? defaultPrefix(f.id, params), params, outputs, normalize };
    }),
    ...(spec.extras?.length ? { extras: spec.extras } : {}),
  };
}

/** JSON with object keys sorted at every level (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** sha256 (hex) of the canonical JSON of the canonical spec: key order and omitted defaults don't change it. */
export function specHash(input: unknown): string {
  return createHash("sha256").update(canonicalJson(canonicalizeSpec(input))).digest("hex");
}

/** Column names in output order, without computing anything. */
export function specColumnNames(input: unknown): string[] {
  return canonicalColumnNames(canonicalizeSpec(input));
}

/** Column names of an already canonical spec. */
export function canonicalColumnNames(spec: CanonicalFeatureSpec): string[] {
  return [...spec.features.flatMap((f) => columnNames(f, f.params, f.outputs)), ...(spec.extras ?? []).map(extraColumnName)];
}

export interface FeatureMatrix {
  names: string[];
  columns: Float64Array[];
  specHash: string;
}

/**
 * Computes every column of `spec` over `s` (one Float64Array per column, the series' length).
 * `out` (optional): the caller's column buffers, one per column in order, each of the series'
 * length, reused instead of allocating (kernels overwrite every element).
 * Normalisation by the bar's own close (`price`: x/close − 1, `price_scale`: x/close) keeps the
 * no-look-ahead property. The warm-up rows stay NaN; dropping them is the caller's choice.
 * The spec's `extras` come last, from `s.extra`, as known at each bar (an earlier bar's value).
 */
export function computeFeatures(
  input: unknown,
  s: OhlcvColumns & { extra?: Record<string, Float64Array> },
  out?: readonly Float64Array[],
): FeatureMatrix {
  const spec = canonicalizeSpec(input);
  const n = s.close.length;
  const extras = spec.extras ?? [];
  if (out) {
    const want = spec.features.reduce((k, f) => k + f.outputs.length, 0) + extras.length;
    if (out.length !== want || out.some((b) => b.length !== n)) {
      throw new RangeError(`computeFeatures: out must be ${want} Float64Arrays of length ${n}`);
    }
  }
  // one buffer list per feature, in registry output order: selected outputs go to the caller's
  // buffers (or fresh ones), unselected ones are `null` (the kernel skips them or uses scratch).
  // Fresh columns are allocated just before the feature is computed, not all up front: V8
  // collects the previous results' columns (external memory) as the new ones are allocated,
  // so the allocator reuses that memory within the run instead of growing the process.
  let at = 0;
  const plan: PlannedFeature[] = spec.features.map((f) => {
    const def = getFeature(f.id)!;
    const first = at;
    at += f.outputs.length;
    let bufs: (Float64Array | null)[] | undefined;
    const get = () =>
      (bufs ??= def.outputs.map((o) => {
        const k = f.outputs.indexOf(o);
        return k < 0 ? null : out ? out[first + k]! : freshColumn(n);
      }));
    return { f, def, bufs: get };
  });
  const done = computeFused(plan, s);
  plan.forEach((p, i) => {
    if (!done[i]) p.def.compute(s, p.f.params, p.bufs());
  });
  const names: string[] = [];
  const columns: Float64Array[] = [];
  for (const { f, def, bufs } of plan) {
    const cols = columnNames(f, f.params, f.outputs);
    f.outputs.forEach((o, k) => {
      const col = bufs()[def.outputs.indexOf(o)]!;
      const kind = f.normalize[k]!;
      if (kind === "price") normalizePrice(col, s.close);
      else if (kind === "price_scale") normalizePriceScale(col, s.close);
      names.push(cols[k]!);
      columns.push(col);
    });
  }
  for (const e of extras) {
    const values = s.extra?.[e];
    if (!values) throw new RangeError(`the data has no extra column "${e}" (has: ${Object.keys(s.extra ?? {}).join(", ") || "none"})`);
    names.push(extraColumnName(e));
    columns.push(knownExtraColumn(s.time, values, out?.[columns.length] ?? freshColumn(n)));
  }
  return { names, columns, specHash: createHash("sha256").update(canonicalJson(spec)).digest("hex") };
}

interface PlannedFeature {
  f: CanonicalFeatureEntry;
  def: FeatureDef;
  /** The feature's output buffers (allocated on first call). */
  bufs: () => (Float64Array | null)[];
}

/**
 * Features that share a pass, computed together (same values, bit for bit, as their kernels
 * one by one; spec.test.ts checks it): several `log_return`s take one log per bar (ln close
 * into the first one's column, the others as lag differences of it, then the first in place);
 * a `stochastic` with both outputs and a `williams_r` of the same period share the rolling
 * HH/LL. Returns which entries of `plan` are done.
 */
function computeFused(plan: readonly PlannedFeature[], s: OhlcvColumns): boolean[] {
  const done = plan.map(() => false);
  const logRets = plan.flatMap((p, i) => (p.f.id === "log_return" ? [i] : []));
  if (logRets.length >= 2) {
    const lnc = logOf(s.close, plan[logRets[0]!]!.bufs()[0]!);
    for (const i of logRets.slice(1)) lagDifference(lnc, plan[i]!.f.params.period!, plan[i]!.bufs()[0]!);
    lagDifference(lnc, plan[logRets[0]!]!.f.params.period!, lnc);
    for (const i of logRets) done[i] = true;
  }
  plan.forEach((st, i) => {
    if (st.f.id !== "stochastic" || st.f.outputs.length !== 2) return;
    const j = plan.findIndex((w, jj) => !done[jj] && w.f.id === "williams_r" && w.f.params.period === st.f.params.period);
    if (j < 0) return;
    const { period, d_period } = st.f.params;
    const [k, d] = st.bufs();
    stochasticWilliamsR(s.high, s.low, s.close, period!, d_period!, k!, d!, plan[j]!.bufs()[0]!);
    done[i] = done[j] = true;
  });
  return done;
}

/**
 * A fresh column of `n` float64s, not zero-filled (malloc, like `numpy.empty`; `new
 * Float64Array(n)` is calloc): every kernel writes every element of its outputs (tested in
 * spec.test.ts), so zeroing is wasted work, and on memory recycled from earlier results it is a
 * memset of 8 MB per million bars. Its own ArrayBuffer, so that the column can be freed alone.
 */
function freshColumn(n: number): Float64Array {
  const b = Buffer.allocUnsafeSlow(n * Float64Array.BYTES_PER_ELEMENT);
  return new Float64Array(b.buffer, b.byteOffset, n);
}

/** x ← x/close − 1 in place. Uses bar t only. */
export function normalizePrice(x: Float64Array, close: Float64Array): void {
  const n = x.length;
  for (let i = 0; i < n; i++) x[i] = x[i]! / close[i]! - 1;
}

/** x ← x/close in place. Uses bar t only. */
export function normalizePriceScale(x: Float64Array, close: Float64Array): void {
  const n = x.length;
  for (let i = 0; i < n; i++) x[i] = x[i]! / close[i]!;
}

/** The 20 W1 outputs of BENCHMARKS.md, raw (as the W1 peer computes them). */
export const W1_SPEC = {
  version: 1,
  features: [
    { id: "sma", params: { window: 20 }, name: "sma20" },
    { id: "ema", params: { span: 12 }, name: "ema12" },
    { id: "ema", params: { span: 26 }, name: "ema26" },
    { id: "rsi", params: { period: 14 }, name: "rsi14" },
    { id: "macd", params: { fast: 12, slow: 26, signal: 9 }, name: "macd" },
    { id: "bollinger", params: { window: 20, mult: 2 }, name: "bb" },
    { id: "atr", params: { period: 14 }, name: "atr14" },
    { id: "obv", name: "obv" },
    { id: "stochastic", params: { period: 14, d_period: 3 }, name: "stoch" },
    { id: "adx", params: { period: 14 }, outputs: ["adx"], name: "adx14" },
    { id: "cci", params: { period: 20 }, name: "cci20" },
    { id: "williams_r", params: { period: 14 }, name: "willr14" },
    { id: "log_return", params: { period: 1 }, name: "logret1" },
    { id: "log_return", params: { period: 5 }, name: "logret5" },
    { id: "log_return", params: { period: 20 }, name: "logret20" },
  ],
} as const satisfies FeatureSpecInput;

/**
 * The W3/W4/W5 model inputs: the W1 outputs with price levels (SMA, EMAs, Bollinger) as
 * x/close − 1 and price-scaled ones (MACD lines, ATR) as x/close; the rest as is.
 */
export const W3_SPEC = {
  version: 1,
  features: W1_SPEC.features.map((f) => ({ ...f, normalize: true })),
} satisfies FeatureSpecInput;
