/**
 * The typed arrays one GBDT fit (gbdt.ts) works in, and the kernels that dominate its time:
 *
 * 1. Gradient histograms: for one tree node, per feature and per bin code, the sums of the
 *    gradient, of the hessian and the row count over the node's rows.
 * 2. Partition: reorders a node's rows idx[start..end) into its left rows, then its right rows
 *    (each side in its previous order), by one feature's bin code.
 *
 * Layout of a histogram (Float64Array): feature j, bin b starts at (j·256 + b)·slot, with
 * - slot 2: (G, H), where H is also the row count: only when every row's hessian is 1;
 * - slot 4: (G, H, count, 0).
 * Rows: one record of `rowBytes` bytes per row, so that gathering a row costs one cache miss,
 * not one per array: its gradient
 * g (f64), its hessian h (f64, slot 4 only: slot 2's is 1), then its bin codes (binning.ts),
 * feature j at byte `codeOffset + j`, padded to a multiple of 16 bytes. In the arrays:
 * gh[r·ghStride] = g, gh[r·ghStride + 1] = h, codes[r·rowBytes + codeOffset + j]. The same codes
 * column-major, `columns[j·n + r]`, serve the partitions: they read one feature of a node's
 * ascending rows, from nearby addresses there.
 *
 * `histogramReference` and `partitionReference` are the plain loops. `GbdtSpace.histogram` and
 * `.partition` run the same loops compiled to WebAssembly (no bounds checks; the histogram with
 * 128-bit SIMD: one f64x2 add puts (g, h) into a bin, two for slot 4: (g, h) and (1, 0), four
 * features a step; the partition without branches). The histogram reads consecutive records: a
 * node's scattered rows are first gathered (copied) into consecutive ones, a loop with room for
 * many more cache misses in flight than the histogram loop's. It adds in the reference's order,
 * so its sums are bit for bit the same; on W3 it takes 0.4 ns per row and feature against 1.1
 * for the best JavaScript loop. The typed arrays are views of the module's memory, which the
 * caller fills; where WebAssembly SIMD is missing, or the memory would exceed 4 GiB, they are
 * ordinary arrays and the references run.
 */
import { NAN_BIN as NAN_BIN_IMPORTED } from "./binning";
import {
  block,
  brIf,
  encodeModule,
  f64Const,
  f64Load,
  f64x2Add,
  f64x2Const,
  f64x2ReplaceLane,
  f64x2Splat,
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

/** Where a row's g, h and codes are (GbdtSpace; see the module comment). */
export interface RowLayout {
  readonly slot: HistogramSlot;
  readonly gh: Float64Array;
  readonly ghStride: number;
  readonly codes: Uint8Array;
  readonly rowBytes: number;
  readonly codeOffset: number;
}

/** Reference: adds rows idx[start..end) into `out` for the features in `feats` (plain loops). */
export function histogramReference(out: Float64Array, rows: RowLayout, idx: Uint32Array, start: number, end: number, feats: Int32Array): void {
  const { slot, gh, ghStride, codes, rowBytes, codeOffset } = rows;
  for (let k = start; k < end; k++) {
    const r = idx[k]!;
    const g = gh[r * ghStride]!, h = slot === 2 ? 1 : gh[r * ghStride + 1]!;
    for (let q = 0; q < feats.length; q++) {
      const j = feats[q]!;
      const s = (j * HIST_BINS + codes[r * rowBytes + codeOffset + j]!) * slot;
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

/** Bytes before a record's codes: g, or g and h. */
const codeOffsetOf = (slot: HistogramSlot) => (slot === 2 ? 8 : 16);

/**
 * v = the (g, h) vector of the record at byte address `at`: loaded, or for slot 2 (g, 1).
 */
function loadGh(slot: HistogramSlot, at: number, v: number): Code[] {
  return slot === 4
    ? [localGet(at), v128Load(), localSet(v)]
    : [localGet(at), f64Load(), f64x2Splat, f64Const(1), f64x2ReplaceLane(1), localSet(v)];
}

/**
 * histogram_all(hist, nRows, at, stride, rowBytes): nRows consecutive records from byte address
 * `at`, every feature 0..stride−1, four a step (stride a multiple of 4; padding features are
 * written too).
 */
function kernelAllFeatures(slot: HistogramSlot): WasmFunction {
  const [hist, nRows, at, stride, rowBytes] = [0, 1, 2, 3, 4];
  const [off, end, rowEnd, hb, p, v, one] = [5, 6, 7, 8, 9, 10, 11];
  const binShift = slot === 4 ? 5 : 4; // bytes per bin = 8·slot
  const featBytes = HIST_BINS << binShift;
  const feature = (u: number): Code[] => [
    localGet(hb), localGet(off), i32Load8U(u), i32Const(binShift), i32Shl, i32Add, localSet(p),
    ...addToBin(slot, p, v, one, u * featBytes),
  ];
  return {
    name: `histogram_all_${slot}`, params: 5, i32Locals: 5, v128Locals: 2,
    body: [block(
      localGet(nRows), i32Eqz, brIf(0),
      f64x2Const(1, 0), localSet(one),
      localGet(nRows), localGet(rowBytes), i32Mul, localGet(at), i32Add, localSet(end),
      loop(
        ...loadGh(slot, at, v),
        localGet(at), i32Const(codeOffsetOf(slot)), i32Add, localTee(off), localGet(stride), i32Add, localSet(rowEnd),
        localGet(hist), localSet(hb),
        loop(
          ...feature(0), ...feature(1), ...feature(2), ...feature(3),
          localGet(hb), i32Const(4 * featBytes), i32Add, localSet(hb),
          localGet(off), i32Const(4), i32Add, localTee(off), localGet(rowEnd), i32LtU, brIf(0),
        ),
        localGet(at), localGet(rowBytes), i32Add, localTee(at), localGet(end), i32LtU, brIf(0),
      ),
    )],
  };
}

/** histogram_list(hist, nRows, at, rowBytes, feats, nFeats): as histogram_all, features feats[0..nFeats). */
function kernelFeatureList(slot: HistogramSlot): WasmFunction {
  const [hist, nRows, at, rowBytes, feats, nFeats] = [0, 1, 2, 3, 4, 5];
  const [off, end, q, j, p, featsEnd, v, one] = [6, 7, 8, 9, 10, 11, 12, 13];
  const binShift = slot === 4 ? 5 : 4;
  return {
    name: `histogram_list_${slot}`, params: 6, i32Locals: 6, v128Locals: 2,
    body: [block(
      localGet(nRows), i32Eqz, brIf(0),
      localGet(nFeats), i32Eqz, brIf(0),
      f64x2Const(1, 0), localSet(one),
      localGet(feats), localGet(nFeats), i32Const(2), i32Shl, i32Add, localSet(featsEnd),
      localGet(nRows), localGet(rowBytes), i32Mul, localGet(at), i32Add, localSet(end),
      loop(
        ...loadGh(slot, at, v),
        localGet(at), i32Const(codeOffsetOf(slot)), i32Add, localSet(off),
        localGet(feats), localSet(q),
        loop(
          localGet(q), i32Load(), localSet(j),
          // p = hist + j·featBytes + code(j)·binBytes
          localGet(hist), localGet(j), i32Const(8 + binShift), i32Shl, i32Add,
          localGet(off), localGet(j), i32Add, i32Load8U(), i32Const(binShift), i32Shl, i32Add, localSet(p),
          ...addToBin(slot, p, v, one, 0),
          localGet(q), i32Const(4), i32Add, localTee(q), localGet(featsEnd), i32LtU, brIf(0),
        ),
        localGet(at), localGet(rowBytes), i32Add, localTee(at), localGet(end), i32LtU, brIf(0),
      ),
    )],
  };
}

/**
 * gather(idx, start, end, records, rowBytes, out): copies the records of rows idx[start..end) to
 * consecutive records at `out`, 16 bytes a step. A small loop body, so the processor has many
 * rows' cache misses in flight at once; the histogram loop's body (a row's 20-odd bin updates)
 * leaves room for one or two.
 */
function kernelGather(): WasmFunction {
  const [idx, start, end, records, rowBytes, out] = [0, 1, 2, 3, 4, 5];
  const [k, src, srcEnd] = [6, 7, 8];
  return {
    name: "gather", params: 6, i32Locals: 3, v128Locals: 0,
    body: [block(
      localGet(start), localGet(end), i32GeU, brIf(0),
      localGet(start), localSet(k),
      loop(
        localGet(idx), localGet(k), i32Const(2), i32Shl, i32Add, i32Load(),
        localGet(rowBytes), i32Mul, localGet(records), i32Add, localTee(src), localGet(rowBytes), i32Add, localSet(srcEnd),
        loop(
          localGet(out), localGet(src), v128Load(), v128Store(),
          localGet(out), i32Const(16), i32Add, localSet(out),
          localGet(src), i32Const(16), i32Add, localTee(src), localGet(srcEnd), i32LtU, brIf(0),
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
 * Everything one fit's tree building touches: the row records (`gh`, `codes`), `columns`
 * (nFeatures × n) and `idx` (n), filled by the caller (`fillRowCodes` copies `columns` into the
 * records); the kernels over them. One per fit: the WebAssembly memory is sized once and never
 * grows.
 */
export class GbdtSpace implements RowLayout {
  /** Codes a record holds: nFeatures rounded up to a multiple of 4 (padding codes stay 0). */
  readonly stride: number;
  readonly rowBytes: number;
  readonly codeOffset: number;
  readonly ghStride: number;
  readonly gh: Float64Array;
  readonly codes: Uint8Array;
  readonly columns: Uint8Array;
  readonly idx: Uint32Array;
  /** Whether the kernels run compiled (else the references). */
  readonly compiled: boolean;
  private readonly scratchRows: Uint32Array;
  private readonly goesLeft: Uint8Array;
  private readonly histScratch: Float64Array | null = null;
  private readonly featList: Int32Array | null = null;
  private readonly kernels: { all: Kernel; list: Kernel; gather: Kernel; partition: Kernel } | null = null;
  /** Where `gather` puts a node's records (byte address). */
  private readonly gatheredAt: number = 0;

  constructor(
    readonly n: number,
    readonly nFeatures: number,
    readonly slot: HistogramSlot,
    opts: { webAssembly?: boolean } = {},
  ) {
    const stride = Math.max(4, Math.ceil(nFeatures / 4) * 4);
    this.stride = stride;
    this.codeOffset = codeOffsetOf(slot);
    this.rowBytes = align16(this.codeOffset + stride);
    this.ghStride = this.rowBytes / 8;
    const mod = opts.webAssembly === false ? null : kernelModule();
    // memory layout (bytes): histogram | goesLeft | feature list | records | gathered records |
    // idx | scratch rows | columns
    const histBytes = stride * HIST_BINS * slot * 8;
    const leftAt = histBytes, featAt = leftAt + HIST_BINS, recordsAt = align16(featAt + stride * 4);
    const gatheredAt = recordsAt + n * this.rowBytes, idxAt = gatheredAt + n * this.rowBytes;
    const scratchAt = idxAt + n * 4, columnsAt = scratchAt + n * 4;
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
      this.gh = new Float64Array(buf, recordsAt, (n * this.rowBytes) / 8);
      this.codes = new Uint8Array(buf, recordsAt, n * this.rowBytes);
      this.idx = new Uint32Array(buf, idxAt, n);
      this.scratchRows = new Uint32Array(buf, scratchAt, n);
      this.columns = new Uint8Array(buf, columnsAt, n * nFeatures);
      this.kernels = { all: exports[`histogram_all_${slot}`]!, list: exports[`histogram_list_${slot}`]!, gather: exports.gather!, partition: exports.partition! };
      this.gatheredAt = gatheredAt;
      this.compiled = true;
    } else {
      const records = new ArrayBuffer(n * this.rowBytes);
      this.gh = new Float64Array(records);
      this.codes = new Uint8Array(records);
      this.goesLeft = new Uint8Array(HIST_BINS);
      this.idx = new Uint32Array(n);
      this.scratchRows = new Uint32Array(n);
      this.columns = new Uint8Array(n * nFeatures);
      this.compiled = false;
    }
  }

  /** Doubles one histogram holds (nFeatures × 256 × slot). */
  get histogramLength(): number {
    return this.nFeatures * HIST_BINS * this.slot;
  }

  /** Copies `columns` into the row records' codes. */
  fillRowCodes(): void {
    const { n, columns, codes, rowBytes, codeOffset } = this;
    for (let j = 0; j < this.nFeatures; j++) {
      for (let r = 0, o = codeOffset + j, c = j * n; r < n; r++, o += rowBytes, c++) codes[o] = columns[c]!;
    }
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
      histogramReference(out, this, this.idx, start, end, feats);
      return;
    }
    // the kernels read consecutive records: the node's own when its rows are consecutive (the
    // root), else copies gathered first
    const rows = end - start, idx = this.idx;
    let at = this.gatheredAt;
    if (rows > 0 && idx[end - 1]! - idx[start]! === rows - 1) at = this.codes.byteOffset + idx[start]! * this.rowBytes;
    else kernels.gather(idx.byteOffset, start, end, this.codes.byteOffset, this.rowBytes, at);
    if (feats.length === this.nFeatures) {
      scratch.fill(0);
      kernels.all(0, rows, at, this.stride, this.rowBytes);
      out.set(scratch.subarray(0, this.nFeatures * per));
    } else {
      for (let q = 0; q < feats.length; q++) scratch.fill(0, feats[q]! * per, (feats[q]! + 1) * per);
      this.featList!.set(feats);
      kernels.list(0, rows, at, this.rowBytes, this.featList!.byteOffset, feats.length);
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
