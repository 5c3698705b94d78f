/**
 * The TensorFlow.js runtime that trains the neural estimators, chosen once per process, first
 * that loads wins:
 *
 * 1. `@tensorflow/tfjs-node-gpu`: native TensorFlow with CUDA → backend "tensorflow". An optional
 *    dependency that only installs on the GPU worker image; anywhere else its import throws.
 * 2. `@tensorflow/tfjs` + `@tensorflow/tfjs-backend-wasm` → "wasm" (XNNPACK with SIMD; Node has no
 *    cross-origin isolation, so it runs single-threaded and its sums are deterministic).
 * 3. `@tensorflow/tfjs` on its plain-JavaScript "cpu" backend.
 *
 * `reason` says why the earlier choices were skipped, for the worker's start-up log.
 *
 * Every import here is dynamic, and the GPU package's name is not a literal, so a bundler (Next)
 * never tries to resolve the native binding; predictions never need TF.js (the estimators run
 * their forward pass natively).
 */
import { createRequire } from "node:module";
import path from "node:path";

export type Tf = typeof import("@tensorflow/tfjs");
export type TfBackendName = "tensorflow" | "wasm" | "cpu";

export interface NeuralBackend {
  readonly tf: Tf;
  /** `tf.getBackend()` after loading. */
  readonly name: TfBackendName;
  /** Why this backend: what the earlier candidates failed with. */
  readonly reason: string;
}

const GPU_PACKAGE = "@tensorflow/tfjs-node-gpu";

let loading: Promise<NeuralBackend> | null = null;
let loaded: NeuralBackend | null = null;

const message = (e: unknown) => (e instanceof Error ? e.message.split("\n")[0]! : String(e));

async function tryGpu(): Promise<Tf> {
  const mod = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ GPU_PACKAGE)) as Tf & { default?: Tf };
  const tf = mod.default ?? mod;
  await tf.ready();
  if (tf.getBackend() !== "tensorflow") throw new Error(`${GPU_PACKAGE} loaded but the active backend is ${tf.getBackend()}`);
  return tf;
}

/** The folder holding tfjs-backend-wasm's .wasm binaries (with a trailing separator). */
function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep;
}

async function tryWasm(tf: Tf): Promise<void> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  wasm.setWasmPaths(wasmDirectory());
  if (!(await tf.setBackend("wasm"))) throw new Error("tf.setBackend('wasm') failed to initialise");
}

async function chooseBackend(): Promise<NeuralBackend> {
  const skipped: string[] = [];
  try {
    return { tf: await tryGpu(), name: "tensorflow", reason: `${GPU_PACKAGE} loaded` };
  } catch (e) {
    skipped.push(`${GPU_PACKAGE}: ${message(e)}`);
  }
  const tf = await import("@tensorflow/tfjs");
  try {
    await tryWasm(tf);
    return { tf, name: "wasm", reason: skipped.join("; ") };
  } catch (e) {
    skipped.push(`wasm: ${message(e)}`);
  }
  if (!(await tf.setBackend("cpu"))) throw new Error(`no TensorFlow.js backend could be initialised (${skipped.join("; ")})`);
  return { tf, name: "cpu", reason: skipped.join("; ") };
}

/** Load (once per process) and return the TF.js backend the neural estimators train on. */
export function loadNeuralBackend(): Promise<NeuralBackend> {
  loading ??= chooseBackend().then((b) => (loaded = b));
  return loading;
}

/**
 * The loaded backend, for synchronous training; throws when `loadNeuralBackend()` has not
 * finished yet (`fitAsync` awaits it).
 */
export function readyNeuralBackend(who: string): NeuralBackend {
  if (!loaded) {
    throw new Error(`${who}: TensorFlow.js is not loaded; call fitAsync(), or await loadNeuralBackend() before a synchronous fit()`);
  }
  return loaded;
}
