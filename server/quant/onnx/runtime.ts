/**
 * onnxruntime-node wrapper: one session per model (cached by the sha256 of its bytes), the
 * CUDA execution provider when it loads and CPU otherwise, batch input from Foldline's column
 * layout or a row-major Float32Array.
 *
 * Provider choice (`provider` option, default "auto"):
 * - "auto": try CUDA once per process, only when onnxruntime lists a `cuda` backend; creating
 *   a CUDA session without its libraries throws, so the error is caught, remembered and the
 *   session is created on CPU. `FOLDLINE_ONNX_PROVIDER=cpu|cuda` overrides "auto".
 * - "cpu": CPU only. "cuda": CUDA or throw.
 * The handle's `provider` says which one the session was created with (ORT still places
 * operators CUDA has no kernel for on CPU inside a CUDA session).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as ort from "onnxruntime-node";

export type OnnxProvider = "cuda" | "cpu";

export interface OnnxSession {
  readonly session: ort.InferenceSession;
  /** sha256 (hex) of the model bytes: the cache key. */
  readonly sha256: string;
  /** Execution provider the session was created with. */
  readonly provider: OnnxProvider;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
}

export interface CreateSessionOptions {
  provider?: "auto" | OnnxProvider;
  /** Use and fill the session cache (default true). */
  cache?: boolean;
  /** Threads for one operator (default: onnxruntime's choice). */
  intraOpNumThreads?: number;
  /**
   * false: idle intra-op threads sleep instead of spinning (onnxruntime's
   * session.intra_op.allow_spinning = 0). Spinning saves a wake-up per run but burns the cores
   * meanwhile: W3-onnx with 2 threads on a busy 2-core machine, 439 → 236 ms of CPU per 100,000
   * rows. Default: onnxruntime's (spinning).
   */
  intraOpSpinning?: boolean;
}

/** One output tensor: its data (Float32Array, BigInt64Array, ...), dims and ORT type name. */
export interface OnnxOutput {
  readonly data: ort.Tensor["data"];
  readonly dims: readonly number[];
  readonly type: string;
}

const MAX_CACHED = 32;
const cache = new Map<string, Promise<OnnxSession>>();
let cudaUnavailable: string | null = null;

/** sha256 (hex) of model bytes. */
export function modelSha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Whether onnxruntime-node lists a CUDA backend at all (it may still fail to load). */
export function cudaListed(): boolean {
  try {
    return ort.listSupportedBackends().some((b) => b.name === "cuda");
  } catch {
    return false;
  }
}

/**
 * Whether the CUDA provider library sits next to the onnxruntime binding (the npm package ships
 * CPU binaries only; its CUDA download is a separate install). Unknown layouts count as present,
 * so the session attempt decides.
 */
function cudaLibraryPresent(): boolean {
  if (process.platform !== "linux" && process.platform !== "win32") return false;
  try {
    const req = createRequire(import.meta.url);
    const root = path.dirname(req.resolve("onnxruntime-node/package.json"));
    const dir = path.join(root, "bin", "napi-v6", process.platform, process.arch);
    if (!existsSync(dir)) return true;
    const lib = process.platform === "win32" ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";
    return existsSync(path.join(dir, lib));
  } catch {
    return true;
  }
}

/** Why CUDA was not used in this process (null when it was not tried or worked). */
export function cudaFallbackReason(): string | null {
  return cudaUnavailable;
}

function envProvider(): "auto" | OnnxProvider | undefined {
  const v = process.env.FOLDLINE_ONNX_PROVIDER;
  return v === "cpu" || v === "cuda" || v === "auto" ? v : undefined;
}

async function openSession(bytes: Uint8Array, sha256: string, opts: CreateSessionOptions): Promise<OnnxSession> {
  const want = opts.provider && opts.provider !== "auto" ? opts.provider : (envProvider() ?? "auto");
  const base: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: "all",
    logSeverityLevel: 3,
    ...(opts.intraOpNumThreads ? { intraOpNumThreads: opts.intraOpNumThreads } : {}),
    ...(opts.intraOpSpinning === false ? { extra: { session: { intra_op: { allow_spinning: "0" } } } } : {}),
  };
  const wrap = (session: ort.InferenceSession, provider: OnnxProvider): OnnxSession => ({
    session,
    sha256,
    provider,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
  });
  if (want === "auto" && cudaUnavailable === null && cudaListed() && !cudaLibraryPresent()) {
    cudaUnavailable = "the CUDA provider library is not installed next to onnxruntime-node";
  }
  if (want === "cuda" || (want === "auto" && cudaUnavailable === null && cudaListed())) {
    try {
      const s = await ort.InferenceSession.create(bytes, { ...base, executionProviders: ["cuda"] });
      return wrap(s, "cuda");
    } catch (e) {
      if (want === "cuda") throw e;
      cudaUnavailable = e instanceof Error ? e.message : String(e);
    }
  } else if (want === "auto" && cudaUnavailable === null) {
    cudaUnavailable = "onnxruntime-node lists no cuda backend";
  }
  const s = await ort.InferenceSession.create(bytes, { ...base, executionProviders: ["cpu"] });
  return wrap(s, "cpu");
}

/**
 * A session for these model bytes; cached by sha256 (and provider choice) unless
 * `cache: false`. The cache keeps the 32 most recently created sessions.
 */
export function createOnnxSession(bytes: Uint8Array, opts: CreateSessionOptions = {}): Promise<OnnxSession> {
  const sha256 = modelSha256(bytes);
  if (opts.cache === false) return openSession(bytes, sha256, opts);
  const key = `${sha256}:${opts.provider ?? "auto"}:${opts.intraOpNumThreads ?? 0}:${opts.intraOpSpinning ?? true}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // move to the most recent end
    cache.set(key, hit);
    return hit;
  }
  const p = openSession(bytes, sha256, opts);
  cache.set(key, p);
  p.catch(() => cache.delete(key));
  while (cache.size > MAX_CACHED) {
    const oldest = cache.keys().next().value as string;
    const old = cache.get(oldest)!;
    cache.delete(oldest);
    void old.then((s) => s.session.release()).catch(() => {});
  }
  return p;
}

/** Release every cached session. */
export async function clearOnnxSessionCache(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  await Promise.all(all.map((p) => p.then((s) => s.session.release()).catch(() => {})));
}

/**
 * Row-major float32 [n, f] from Foldline's column layout (`columns[j][i]` = row i, feature j).
 */
export function columnsToRowMajorF32(columns: readonly Float64Array[], n: number, out = new Float32Array(n * columns.length)): Float32Array {
  const f = columns.length;
  for (let j = 0; j < f; j++) {
    const c = columns[j]!;
    if (c.length < n) throw new Error(`feature column ${j} has ${c.length} rows, expected ${n}`);
    for (let i = 0; i < n; i++) out[i * f + j] = c[i]!;
  }
  return out;
}

/**
 * Run a session on a batch: `features` as columns (Float64Array per feature, n rows each) or a
 * row-major Float32Array of n·f values. Feeds the model's single input (named `features` in
 * Foldline's graphs) and returns every output by name.
 */
export async function runOnnx(
  handle: OnnxSession,
  features: readonly Float64Array[] | Float32Array,
  n: number,
  f: number,
): Promise<Record<string, OnnxOutput>> {
  let data: Float32Array;
  if (features instanceof Float32Array) {
    if (features.length !== n * f) throw new Error(`expected ${n}×${f} = ${n * f} values, got ${features.length}`);
    data = features;
  } else {
    if (features.length !== f) throw new Error(`expected ${f} feature columns, got ${features.length}`);
    data = columnsToRowMajorF32(features, n);
  }
  const inputName = handle.inputNames[0];
  if (inputName === undefined || handle.inputNames.length !== 1) throw new Error("model must have exactly one input");
  const result = await handle.session.run({ [inputName]: new ort.Tensor("float32", data, [n, f]) });
  const out: Record<string, OnnxOutput> = {};
  for (const [name, t] of Object.entries(result)) out[name] = { data: t.data, dims: [...t.dims], type: t.type };
  return out;
}

/** An output's values as a Float64Array (numbers, bigints and booleans converted). */
export function outputToFloat64(o: OnnxOutput): Float64Array {
  const d = o.data;
  if (d instanceof Float32Array || d instanceof Float64Array || d instanceof Int32Array) return Float64Array.from(d);
  if (d instanceof BigInt64Array) return Float64Array.from(d, (v) => Number(v));
  if (Array.isArray(d)) return Float64Array.from(d as unknown[], (v) => Number(v));
  return Float64Array.from(d as ArrayLike<number>);
}

/** Bytes in, named outputs out: `createOnnxSession` (cached) then `runOnnx`. */
export async function predictOnnx(
  bytes: Uint8Array,
  features: readonly Float64Array[] | Float32Array,
  n: number,
  f: number,
  opts: CreateSessionOptions = {},
): Promise<Record<string, OnnxOutput>> {
  return runOnnx(await createOnnxSession(bytes, opts), features, n, f);
}
