/**
 * W3-onnx: batch inference throughput of the W3 spx model (w3-data.ts) exported with toOnnx()
 * and run by onnxruntime-node through server/quant/onnx/runtime.ts (CPU provider, graph
 * optimisation "all"). Input: 100,000 rows of W3 features (float32, row-major, built outside the
 * timed section) from `syntheticOhlcv(100_105, 7)`: distinct rows, unlike tiling spx's 5,000.
 * Timed: one `runOnnx` call on the whole batch. Two lines: `intra_op_threads` 1 (what serving
 * uses: server/services/serving/model-cache.ts), then one thread per core with idle threads
 * sleeping (`intraOpSpinning: false`); `--threads=N` replaces the second.
 * n = rows, per_s = rows/s; extra fields `batch_rows`, `trees`, `provider`, `intra_op_threads`,
 * `cpu_ms` (process CPU time of the median run: the rows/s the cores would give with nothing
 * else running is rows / cpu_ms × threads), `max_abs_diff` (ONNX vs native predictions on the
 * batch, float32 graph).
 */
import os from "node:os";
import { syntheticOhlcv } from "@/server/quant/data/synthetic";
import { computeFeatures, W3_SPEC } from "@/server/quant/features/spec";
import { GbdtRegressor } from "@/server/quant/models/gbdt";
import { columnsToRowMajorF32, createOnnxSession, outputToFloat64, runOnnx } from "@/server/quant/onnx/runtime";
import { benchRuns } from "../args";
import { median, round, timeWorkload } from "../harness";
import { W3_PARAMS, w3Dataset } from "./w3-data";

const ROWS = 100_000;
const threadsArg = process.argv.find((a) => a.startsWith("--threads="))?.slice(10);
const manyThreads = threadsArg ? Number(threadsArg) : os.availableParallelism();

const { train } = w3Dataset("spx");
const model = new GbdtRegressor(W3_PARAMS).fit(train.X, train.y);
const bytes = model.toOnnx();

// batch: the first ROWS rows of synthetic W3 features without NaN
const { columns } = computeFeatures(W3_SPEC, syntheticOhlcv(ROWS + 105, 7));
const first = columns.reduce((a, c) => { let t = 0; while (Number.isNaN(c[t]!)) t++; return Math.max(a, t); }, 0);
if (columns[0]!.length - first < ROWS) throw new Error("W3-onnx: too few rows without NaN");
const X = columns.map((c) => c.slice(first, first + ROWS));
const batch = columnsToRowMajorF32(X, ROWS);
const native = model.predict(X);

for (const threads of [1, manyThreads]) {
  const handle = await createOnnxSession(bytes, { provider: "cpu", intraOpNumThreads: threads, intraOpSpinning: false });
  const cpuMs: number[] = [];
  const res = await timeWorkload("W3-onnx", ROWS, { runs: benchRuns() }, async () => {
    const c0 = process.cpuUsage();
    const out = await runOnnx(handle, batch, ROWS, X.length);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
    return out;
  }, (out) => {
    const onnx = outputToFloat64(out.prediction!);
    let maxAbsDiff = 0;
    for (let i = 0; i < ROWS; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(onnx[i]! - native[i]!));
    return {
      unit: "rows/s",
      batch_rows: ROWS,
      trees: model.model!.trees.length,
      provider: handle.provider,
      intra_op_threads: threads,
      cpu_ms: round(median(cpuMs.slice(1)), 1), // [0] is the warm-up
      max_abs_diff: maxAbsDiff,
      node: process.version,
    };
  });
  console.log(JSON.stringify(res));
}
