/**
 * The typed arrays one GBDT fit (gbdt.ts) works in, and the two kernels that dominate its time:
 *
 * 1. Gradient histograms: for one tree node, per feature and per bin code, the sums of the
 *    gradient, of the hessian and the row count over the node's rows.
 * 2. Partition: reorders a node's rows idx[start..end) into its left rows, then its right rows
 *    (each side in its previous order), by one feature's bin code.
 *
 * Layout of a histogram (Float64Array): feature j, bin b starts at (j·256 + b)·slot, with
 * - slot 2: (G, H), where H is also the row count: only when every row's hessian is 1;
 * - slot 4: (G, H, count, 0).
 * Rows arrive as `idx[start..end)`; `gh[2r]`, `gh[2r + 1]` are row r's gradient and hessian;
 * `codes[r·stride + j]` its bin code of feature j (binning.ts, row-major).
 *
 * `columns[j·n + r]` holds the same codes column-major: a partition reads one feature of a
 * node's ascending rows, nearby addresses there, a cache line per row in `codes`.
 *
 * `histogramReference` and `partitionReference` are the plain loops. `GbdtSpace.histogram` and
 * `.partition` run the same loops compiled to WebAssembly (no bounds checks; the histogram with
 * 128-bit SIMD: one f64x2 add puts (g, h) into a bin, two for slot 4: (g, h) and (1, 0), four
 * features a step; the partition without branches). The histogram reads consecutive rows: a
 * node's scattered rows are first gathered (copied) into consecutive ones, which keeps many
 * more cache misses in flight than the histogram loop itself can. It adds in the reference's
 * order, so its sums are bit for bit the same; on W3 it takes 0.4 ns per row and feature
 * against 1.1 for the best JavaScript loop. The typed arrays are views of the module's memory,
 * which the caller fills; where WebAssembly SIMD is missing, or the memory would exceed 4 GiB,
 * they are ordinary arrays and the references run.
 */
import { NAN_BIN as NAN_BIN_IMPORTED } from "./binning";
import {
  block,
  brIf,
  encodeModule,
  f64x2Add,
  f64x2Const,
  i32Add,
  i32Const,
  i32Eqz,
  i32GeU,
  i32Load,
  i32Load8U,
  i32LtU,
  i32Mul,
  i32Shl,
  i32Store,
  i32Sub,
  localGet,
  localSet,
  localTee,
  loop,
  v128Load,
  v128Store,
  type Code,
  type WasmFunction,
} from "./wasm-encoder";

// a module-local copy: hot loops must not read an import binding (a getter under some loaders)
const NAN_BIN: number = NAN_BIN_IMPORTED;

/** Histogram bins per feature (bin codes 0..255). */
export const HIST_BINS = 256;

/** Doubles per bin: 2 = (G, H = count), 4 = (G, H, count, 0). */
export type HistogramSlot = 2 | 4;

/**
 * Reference: adds rows idx[start..end) into `out` for the features in `feats` (plain loops).
 * Slot 2 takes the count to be H (every gh[2r + 1] is 1).
 */
export function histogramReference(
  out: Float64Array, codes: Uint8Array, stride: number, gh: Float64Array,
  idx: Uint32Array, start: number, end: number, feats: Int32Array, slot: HistogramSlot,
): void {
  for (let k = start; k < end; k++) {
    const r = idx[k]!;
    const g = gh[2 * r]!, h = gh[2 * r + 1]!;
    for (let q = 0; q < feats.length; q++) {
      const j = feats[q]!;
      const s = (j * HIST_BINS + codes[r * stride + j]!) * slot;
      out[s]! += g;
      out[s + 1]! += h;
      if (slot === 4) out[s + 2]! += 1;
    }
  }
}

/**
 * Reference: stable partition of idx[start..end) (rows go left when column[r] ≤ bin, NaN-bin
 * rows when `nanLeft`); returns the first right index. `scratch` holds the right rows meanwhile.
 */
export function partitionReference(
  idx: Uint32Array, start: number, end: number, column: Uint8Array, bin: number, nanLeft: boolean, scratch: Uint32Array,
): number {
  let w = start, s = 0;
  for (let k = start; k < end; k++) {
    const r = idx[k]!, c = column[r]!;
    if (c === NAN_BIN ? nanLeft : c <= bin) idx[w++] = r;
    else scratch[s++] = r;
  }
  idx.set(scratch.subarray(0, s), w);
  return w;
}

// ------------------------------------------------------------------------ WebAssembly kernels

/**
 * Adds the row's (g, h) vector `v` into the bin at byte address `p` (+ `offset`); slot 4 also
 * adds `one` = (1, 0) into the (count, 0) lane pair after it.
 */
function addToBin(slot: HistogramSlot, p: number, v: number, one: number, offset: number): Code[] {
  const add = (vec: number, off: number): Code[] => [localGet(p), localGet(p), v128Load(off), localGet(vec), f64x2Add, v128Store(off)];
  return slot === 4 ? [...add(v, offset), ...add(one, offset + 16)] : add(v, offset);
}

/**
 * histogram_all(hist, rows, codes, stride, gh): rows consecutive rows (codes from `codes`,
 * `stride` bytes a row; (g, h) from `gh`, 16 bytes a row), every feature 0..stride−1, four a
 * step (stride a multiple of 4; padding features are written too).
 */
function kernelAllFeatures(slot: HistogramSlot): WasmFunction {
  const [hist, rows, codes, stride, gh] = [0, 1, 2, 3, 4];
  const [off, codesEnd, rowEnd, hb, p, v, one] = [5, 6, 7, 8, 9, 10, 11];
  const binShift = slot === 4 ? 5 : 4; // bytes per bin = 8·slot
  const featBytes = HIST_BINS << binShift;
  const feature = (u: number): Code[] => [
    localGet(hb), localGet(off), i32Load8U(u), i32Const(binShift), i32Shl, i32Add, localSet(p),
    ...addToBin(slot, p, v, one, u * featBytes),
  ];
  return {
    name: `histogram_all_${slot}`, params: 5, i32Locals: 5, v128Locals: 2,
    body: [block(
      localGet(rows), i32Eqz, brIf(0),
      f64x2Const(1, 0), localSet(one),
      localGet(codes), localSet(off),
      localGet(rows), localGet(stride), i32Mul, localGet(codes), i32Add, localSet(codesEnd),
      loop(
        localGet(gh), v128Load(), localSet(v),
        localGet(gh), i32Const(16), i32Add, localSet(gh),
        localGet(off), localGet(stride), i32Add, localSet(rowEnd),
        localGet(hist), localSet(hb),
        loop( // off walks the row's codes, four a step, and ends at the next row's
          ...feature(0), ...feature(1), ...feature(2), ...feature(3),
          localGet(hb), i32Const(4 * featBytes), i32Add, localSet(hb),
          localGet(off), i32Const(4), i32Add, localTee(off), localGet(rowEnd), i32LtU, brIf(0),
        ),
        localGet(off), localGet(codesEnd), i32LtU, brIf(0),
      ),
    )],
  };
}

/** histogram_list(hist, rows, codes, stride, gh, feats, nFeats): as histogram_all, features feats[0..nFeats). */
function kernelFeatureList(slot: HistogramSlot): WasmFunction {
  const [hist, rows, codes, stride, gh, feats, nFeats] = [0, 1, 2, 3, 4, 5, 6];
  const [off, codesEnd, q, j, p, featsEnd, v, one] = [7, 8, 9, 10, 11, 12, 13, 14];
  const binShift = slot === 4 ? 5 : 4;
  return {
    name: `histogram_list_${slot}`, params: 7, i32Locals: 6, v128Locals: 2,
    body: [block(
      localGet(rows), i32Eqz, brIf(0),
      localGet(nFeats), i32Eqz, brIf(0),
      f64x2Const(1, 0), localSet(one),
      localGet(feats), localGet(nFeats), i32Const(2), i32Shl, i32Add, localSet(featsEnd),
      localGet(codes), localSet(off),
      localGet(rows), localGet(stride), i32Mul, localGet(codes), i32Add, localSet(codesEnd),
      loop(
        localGet(gh), v128Load(), localSet(v),
        localGet(gh), i32Const(16), i32Add, localSet(gh),
        localGet(feats), localSet(q),
        loop(
          localGet(q), i32Load(), localSet(j),
          // p = hist + j·featBytes + codes[off + j]·binBytes
          localGet(hist), localGet(j), i32Const(8 + binShift), i32Shl, i32Add,
          localGet(off), localGet(j), i32Add, i32Load8U(), i32Const(binShift), i32Shl, i32Add, localSet(p),
          ...addToBin(slot, p, v, one, 0),
          localGet(q), i32Const(4), i32Add, localTee(q), localGet(featsEnd), i32LtU, brIf(0),
        ),
        localGet(off), localGet(stride), i32Add, localTee(off), localGet(codesEnd), i32LtU, brIf(0),
      ),
    )],
  };
}

/**
 * gather(idx, start, end, codes, stride, gh, codesOut, ghOut): copies rows idx[start..end)
 * (their codes and (g, h)) to consecutive rows at codesOut, ghOut. A small loop body, so the
 * processor has many rows' cache misses in flight at once; the histogram loop's body (a
 * row's 20-odd bin updates) leaves room for one or two.
 */
function kernelGather(): WasmFunction {
  const [idx, start, end, codes, stride, gh, codesOut, ghOut] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [k, r, src, srcEnd] = [8, 9, 10, 11];
  return {
    name: "gather", params: 8, i32Locals: 4, v128Locals: 0,
    body: [block(
      localGet(start), localGet(end), i32GeU, brIf(0),
      localGet(start), localSet(k),
      loop(
        localGet(idx), localGet(k), i32Const(2), i32Shl, i32Add, i32Load(), localSet(r),
        localGet(ghOut), localGet(r), i32Const(4), i32Shl, localGet(gh), i32Add, v128Load(), v128Store(),
        localGet(ghOut), i32Const(16), i32Add, localSet(ghOut),
        localGet(r), localGet(stride), i32Mul, localGet(codes), i32Add, localTee(src), localGet(stride), i32Add, localSet(srcEnd),
        loop(
          localGet(codesOut), localGet(src), i32Load(), i32Store(),
          localGet(codesOut), i32Const(4), i32Add, localSet(codesOut),
          localGet(src), i32Const(4), i32Add, localTee(src), localGet(srcEnd), i32LtU, brIf(0),
        ),
        localGet(k), i32Const(1), i32Add, localTee(k), localGet(end), i32LtU, brIf(0),
      ),
    )],
  };
}

/**
 * partition(idx, start, end, column, goesLeft, scratch) → first right index: every row is
 * written to the left end (idx[w]) and to the right list (scratch), and only its own side's
 * position moves: goesLeft[column[r]] is 1 or 0. The caller copies the right list back.
 */
function kernelPartition(): WasmFunction {
  const [idx, start, end, column, goesLeft, scratch] = [0, 1, 2, 3, 4, 5];
  const [k, w, s, r, l] = [6, 7, 8, 9, 10];
  return {
    name: "partition", params: 6, returnsI32: true, i32Locals: 5, v128Locals: 0,
    body: [
      localGet(start), localSet(w), localGet(scratch), localSet(s),
      block(
        localGet(start), localGet(end), i32GeU, brIf(0),
        localGet(start), localSet(k),
        loop(
          localGet(idx), localGet(k), i32Const(2), i32Shl, i32Add, i32Load(), localSet(r),
          localGet(goesLeft), localGet(column), localGet(r), i32Add, i32Load8U(), i32Add, i32Load8U(), localSet(l),
          localGet(idx), localGet(w), i32Const(2), i32Shl, i32Add, localGet(r), i32Store(), // w ≤ k: already read
          localGet(s), localGet(r), i32Store(),
          localGet(w), localGet(l), i32Add, localSet(w),
          localGet(s), i32Const(4), i32Add, localGet(l), i32Const(2), i32Shl, i32Sub, localSet(s),
          localGet(k), i32Const(1), i32Add, localTee(k), localGet(end), i32LtU, brIf(0),
        ),
      ),
      localGet(w),
    ],
  };
}

type Kernel = (...args: number[]) => number;

let compiled: WebAssembly.Module | null | undefined;

/** The kernels' module, compiled once; null where WebAssembly (with SIMD) is missing. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (typeof WebAssembly === "undefined") return compiled;
  const bytes = encodeModule([kernelAllFeatures(2), kernelAllFeatures(4), kernelFeatureList(2), kernelFeatureList(4), kernelGather(), kernelPartition()]);
  if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  return compiled;
}

const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB: wasm32

const align16 = (x: number) => Math.ceil(x / 16) * 16;

/**
 * Everything one fit's tree building touches: `codes` (n × stride, stride = nFeatures rounded up
 * to a multiple of 4; padding codes stay 0), `columns` (nFeatures × n), `gh` (n × 2) and `idx`
 * (n), filled by the caller; the kernels over them. One per fit: the WebAssembly memory is sized
 * once and never grows.
 */
export class GbdtSpace {
  readonly stride: number;
  readonly codes: Uint8Array;
  readonly columns: Uint8Array;
  readonly gh: Float64Array;
  readonly idx: Uint32Array;
  /** Whether the kernels run compiled (else the references). */
  readonly compiled: boolean;
  private readonly scratchRows: Uint32Array;
  private readonly goesLeft: Uint8Array;
  private readonly histScratch: Float64Array | null = null;
  private readonly featList: Int32Array | null = null;
  private readonly kernels: { all: Kernel; list: Kernel; gather: Kernel; partition: Kernel } | null = null;
  /** Where `gather` puts a node's rows: their codes, their (g, h) (byte addresses). */
  private readonly gatheredCodesAt: number = 0;
  private readonly gatheredGhAt: number = 0;

  constructor(
    readonly n: number,
    readonly nFeatures: number,
    readonly slot: HistogramSlot,
    opts: { webAssembly?: boolean } = {},
  ) {
    const stride = Math.max(4, Math.ceil(nFeatures / 4) * 4);
    this.stride = stride;
    const mod = opts.webAssembly === false ? null : kernelModule();
    // memory layout (bytes): histogram | goesLeft | feature list | gh | gathered gh | idx |
    // scratch rows | codes | gathered codes | columns
    const histBytes = stride * HIST_BINS * slot * 8;
    const leftAt = histBytes, featAt = leftAt + HIST_BINS, ghAt = align16(featAt + stride * 4), gatheredGhAt = ghAt + n * 16;
    const idxAt = gatheredGhAt + n * 16, scratchAt = idxAt + n * 4, codesAt = scratchAt + n * 4;
    const gatheredCodesAt = codesAt + n * stride, columnsAt = gatheredCodesAt + n * stride;
    const pages = Math.ceil((columnsAt + n * nFeatures) / PAGE);
    let memory: WebAssembly.Memory | null = null;
    if (mod && pages <= MAX_PAGES) {
      try {
        memory = new WebAssembly.Memory({ initial: pages });
      } catch {
        memory = null; // address space refused: the references below
      }
    }
    if (mod && memory) {
      const exports = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as Record<string, Kernel>;
      const buf = memory.buffer;
      this.histScratch = new Float64Array(buf, 0, histBytes / 8);
      this.goesLeft = new Uint8Array(buf, leftAt, HIST_BINS);
      this.featList = new Int32Array(buf, featAt, stride);
      this.gh = new Float64Array(buf, ghAt, 2 * n);
      this.idx = new Uint32Array(buf, idxAt, n);
      this.scratchRows = new Uint32Array(buf, scratchAt, n);
      this.codes = new Uint8Array(buf, codesAt, n * stride);
      this.columns = new Uint8Array(buf, columnsAt, n * nFeatures);
      this.kernels = { all: exports[`histogram_all_${slot}`]!, list: exports[`histogram_list_${slot}`]!, gather: exports.gather!, partition: exports.partition! };
      this.gatheredCodesAt = gatheredCodesAt;
      this.gatheredGhAt = gatheredGhAt;
      this.compiled = true;
    } else {
      this.goesLeft = new Uint8Array(HIST_BINS);
      this.gh = new Float64Array(2 * n);
      this.idx = new Uint32Array(n);
      this.scratchRows = new Uint32Array(n);
      this.codes = new Uint8Array(n * stride);
      this.columns = new Uint8Array(n * nFeatures);
      this.compiled = false;
    }
  }

  /** Doubles one histogram holds (nFeatures × 256 × slot). */
  get histogramLength(): number {
    return this.nFeatures * HIST_BINS * this.slot;
  }

  /**
   * Writes into `out` the histogram of rows idx[start..end) for the features in `feats`
   * (ascending); other features' ranges of `out` are left as they are.
   */
  histogram(out: Float64Array, start: number, end: number, feats: Int32Array): void {
    const per = HIST_BINS * this.slot;
    const scratch = this.histScratch, kernels = this.kernels;
    if (!scratch || !kernels) {
      for (let q = 0; q < feats.length; q++) out.fill(0, feats[q]! * per, (feats[q]! + 1) * per);
      histogramReference(out, this.codes, this.stride, this.gh, this.idx, start, end, feats, this.slot);
      return;
    }
    // the kernels read consecutive rows: the node's own when its rows are consecutive (the root),
    // else copies gathered first
    const rows = end - start, stride = this.stride;
    let codesAt = this.gatheredCodesAt, ghAt = this.gatheredGhAt;
    if (rows > 0 && this.idx[end - 1]! - this.idx[start]! === rows - 1) {
      codesAt = this.codes.byteOffset + this.idx[start]! * stride;
      ghAt = this.gh.byteOffset + this.idx[start]! * 16;
    } else {
      kernels.gather(this.idx.byteOffset, start, end, this.codes.byteOffset, stride, this.gh.byteOffset, codesAt, ghAt);
    }
    if (feats.length === this.nFeatures) {
      scratch.fill(0);
      kernels.all(0, rows, codesAt, stride, ghAt);
      out.set(scratch.subarray(0, this.nFeatures * per));
    } else {
      for (let q = 0; q < feats.length; q++) scratch.fill(0, feats[q]! * per, (feats[q]! + 1) * per);
      this.featList!.set(feats);
      kernels.list(0, rows, codesAt, stride, ghAt, this.featList!.byteOffset, feats.length);
      for (let q = 0; q < feats.length; q++) {
        const a = feats[q]! * per;
        out.set(scratch.subarray(a, a + per), a);
      }
    }
  }

  /**
   * Stable partition of idx[start..end) by feature `feature`: bin codes ≤ `bin` go left, the NaN
   * bin goes left when `nanLeft`. Returns the first right index.
   */
  partition(start: number, end: number, feature: number, bin: number, nanLeft: boolean): number {
    const column = this.columns.subarray(feature * this.n, (feature + 1) * this.n);
    if (!this.kernels) return partitionReference(this.idx, start, end, column, bin, nanLeft, this.scratchRows);
    const goesLeft = this.goesLeft;
    for (let c = 0; c < HIST_BINS; c++) goesLeft[c] = c <= bin ? 1 : 0;
    goesLeft[NAN_BIN] = nanLeft ? 1 : 0;
    const w = this.kernels.partition(this.idx.byteOffset, start, end, column.byteOffset, goesLeft.byteOffset, this.scratchRows.byteOffset);
    this.idx.set(this.scratchRows.subarray(0, end - w), w);
    return w;
  }
}
