/**
 * W3-onnx: batch inference throughput of the W3 spx model (w3-data.ts) exported with toOnnx()
 * and run by onnxruntime-node through server/quant/onnx/runtime.ts (CPU provider; session
 * options as the app's: graph optimisation "all", onnxruntime's default intra-op threads unless
 * `--threads=N`). Input: 100,000 rows of W3 features (float32, row-major, built outside the timed
 * section) from `syntheticOhlcv(100_105, 7)`: distinct rows, unlike tiling spx's 5,000.
 * Timed: one `runOnnx` call on the whole batch. n = rows, per_s = rows/s; extra fields
 * `batch_rows`, `trees`, `provider`, `intra_op_threads`, `max_abs_diff` (ONNX vs native
 * predictions on the batch, float32 graph).
 */
import { syntheticOhlcv } from "@/server/quant/data/synthetic";
import { computeFeatures, W3_SPEC } from "@/server/quant/features/spec";
import { GbdtRegressor } from "@/server/quant/models/gbdt";
import { columnsToRowMajorF32, createOnnxSession, outputToFloat64, runOnnx } from "@/server/quant/onnx/runtime";
import { benchRuns } from "../args";
import { round, timeWorkload } from "../harness";
import { W3_PARAMS, w3Dataset } from "./w3-data";

const ROWS = 100_000;
const threadsArg = process.argv.find((a) => a.startsWith("--threads="))?.slice(10);
const intraOpNumThreads = threadsArg ? Number(threadsArg) : undefined;

const { train } = w3Dataset("spx");
const model = new GbdtRegressor(W3_PARAMS).fit(train.X, train.y);

// batch: the first ROWS rows of synthetic W3 features without NaN
const { columns } = computeFeatures(W3_SPEC, syntheticOhlcv(ROWS + 105, 7));
const first = columns.reduce((a, c) => { let t = 0; while (Number.isNaN(c[t]!)) t++; return Math.max(a, t); }, 0);
if (columns[0]!.length - first < ROWS) throw new Error("W3-onnx: too few rows without NaN");
const X = columns.map((c) => c.slice(first, first + ROWS));
const batch = columnsToRowMajorF32(X, ROWS);

const handle = await createOnnxSession(model.toOnnx(), { provider: "cpu", ...(intraOpNumThreads ? { intraOpNumThreads } : {}) });
const res = await timeWorkload("W3-onnx", ROWS, { runs: benchRuns() }, () => runOnnx(handle, batch, ROWS, X.length), (out) => {
  const onnx = outputToFloat64(out.prediction!);
  const native = model.predict(X);
  let maxAbsDiff = 0;
  for (let i = 0; i < ROWS; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(onnx[i]! - native[i]!));
  return {
    unit: "rows/s",
    batch_rows: ROWS,
    trees: model.model!.trees.length,
    provider: handle.provider,
    intra_op_threads: intraOpNumThreads ?? "default",
    max_abs_diff: maxAbsDiff,
    node: process.version,
  };
});
console.log(JSON.stringify(res));
