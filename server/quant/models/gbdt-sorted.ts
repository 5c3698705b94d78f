/**
 * Split finding for small fits (gbdt.ts): per feature, every open node's rows kept sorted by
 * bin code, so that a node's split search visits its rows, not 255 bins per feature, and no
 * histogram (256 bins × features) is filled, copied or subtracted per node. On W4 (~750 rows,
 * depth 6) a node has ~750/2^depth rows: most bins of its histogram are empty.
 *
 * Layout: `order[j·n + k]`: for feature j, the rows of each open node occupy the node's segment
 * [start, end) as keys code·2^16 + row, ascending: by code, rows of equal code ascending (NaN,
 * code 255, last). A split partitions each feature's segment stably (left rows first), which
 * keeps both halves sorted; a list of the rows themselves is split with them and gives the row
 * order `idx` (gbdt-space.ts) of the tree's leaves.
 *
 * The choice equals `findSplitInHistogram` on the node's histogram built from its rows
 * (gbdt-split.ts): a bin's sums are added in ascending row order from 0, as the histogram build
 * adds them, and the cumulative sums over the bins in the same order; an empty bin adds 0, so its
 * candidate repeats the one before, which (the first of equal gains winning) is never chosen —
 * except bin 0 when empty (no candidate before it), which is offered with zero sums. The trees
 * differ from the histogram path's only where that path's subtracted histograms round
 * differently (sums in the last bits; on W4 this decides between candidates of equal gain).
 *
 * `findSplitReference` and `partitionReference` are the plain loops; `findSplit` and `partition`
 * run the same loops compiled to WebAssembly (the split search with the candidate rule of
 * `SplitSearch.offer`, operation for operation, so the same choice bit for bit): on W4 the
 * JavaScript loops took ~2× the time. Without WebAssembly the references run.
 */
import { NAN_BIN as NAN_BIN_IMPORTED } from "./binning";
import type { RowLayout } from "./gbdt-space";
import type { SplitSearch } from "./gbdt-split";
import {
  block,
  br,
  brIf,
  encodeModule,
  f64Add,
  f64Const,
  f64ConvertI32U,
  f64Div,
  f64Ge,
  f64Gt,
  f64Load,
  f64Lt,
  f64Mul,
  f64Store,
  f64Sub,
  i32Add,
  i32And,
  i32Const,
  i32Eq,
  i32Eqz,
  i32GeU,
  i32GtU,
  i32LeU,
  i32Load,
  i32Load8U,
  i32LtS,
  i32LtU,
  i32Mul,
  i32Ne,
  i32Or,
  i32Shl,
  i32ShrU,
  i32Store,
  i32Store8,
  i32Sub,
  ifThen,
  localGet,
  localSet,
  localTee,
  loop,
  select,
  type Code,
  type WasmFunction,
} from "./wasm-encoder";

// a module-local copy: hot loops must not read an import binding (a getter under some loaders)
const NAN_BIN: number = NAN_BIN_IMPORTED;

/** A key is code·2^16 + row: sorting keys sorts by code, then by row. */
const ROW_BITS = 16;
const ROW_MASK = (1 << ROW_BITS) - 1;

/** The most rows sorted split finding takes (rows must fit a key's 16 bits). */
export const SORTED_MAX_ROWS = ROW_MASK + 1;

// ------------------------------------------------------------------------ references

/**
 * Reference: splits a node's rows [start, end) by feature `feature` — keys of codes ≤ bin go
 * left, NaN ones when `nanLeft` — into goesLeft[row] (1: left); then partitions the node's
 * segment of each list in `lists` (list l's keys at l·n) stably, left keys first. Returns the
 * first right position, start + the left rows.
 */
export function partitionReference(
  order: Uint32Array, n: number, start: number, end: number, feature: number, bin: number, nanLeft: boolean, lists: Int32Array, goesLeft: Uint8Array,
): number {
  let left = 0;
  for (let k = feature * n + start; k < feature * n + end; k++) {
    const c = order[k]! >>> ROW_BITS;
    const l = c === NAN_BIN ? nanLeft : c <= bin;
    goesLeft[order[k]! & ROW_MASK] = l ? 1 : 0;
    if (l) left++;
  }
  for (let q = 0; q < lists.length; q++) {
    const o = lists[q]! * n;
    const seg = order.slice(o + start, o + end);
    let w = o + start;
    for (const key of seg) if (goesLeft[key & ROW_MASK]) order[w++] = key;
    for (const key of seg) if (!goesLeft[key & ROW_MASK]) order[w++] = key;
  }
  return start + left;
}

/**
 * Reference: offers `search` (started with the node's sums) the bins the node's keys
 * order[j·n + start .. j·n + end) occupy, for the features j in `feats`; `nBins[j]`: feature j's
 * finite bins; g[r], h[r]: row r's gradient and hessian.
 */
export function findSplitReference(
  search: SplitSearch, order: Uint32Array, n: number, start: number, end: number, feats: Int32Array, nBins: Int32Array, g: Float64Array, h: Float64Array,
): void {
  for (let q = 0; q < feats.length; q++) {
    const j = feats[q]!;
    const a = j * n + start, b = j * n + end;
    // the NaN rows: last; their sums in ascending row order
    let e = b;
    while (e > a && order[e - 1]! >>> ROW_BITS === NAN_BIN) e--;
    let gN = 0, hN = 0;
    for (let k = e; k < b; k++) {
      const r = order[k]! & ROW_MASK;
      gN += g[r]!;
      hN += h[r]!;
    }
    search.startFeature(j, nBins[j]!, gN, hN, b - e);
    const last = search.binsToOffer();
    if (last <= 0) continue;
    let c = e > a ? order[a]! >>> ROW_BITS : NAN_BIN;
    if (c > 0) search.offer(0, 0, 0, 0); // bin 0 empty: its candidate comes first
    let gl = 0, hl = 0, cl = 0;
    let k = a;
    while (k < e && c < last) {
      // one bin (keys below the next code's): its sums from 0, then added to the cumulative sums
      let bg = 0, bh = 0, bc = 0;
      for (; k < e && order[k]! >>> ROW_BITS === c; k++) {
        const r = order[k]! & ROW_MASK;
        bg += g[r]!;
        bh += h[r]!;
        bc++;
      }
      gl += bg; hl += bh; cl += bc;
      search.offer(c, gl, hl, cl);
      if (k < e) c = order[k]! >>> ROW_BITS;
    }
  }
}

// ------------------------------------------------------------------------ WebAssembly kernels

/**
 * sorted_partition(order, n, start, end, lists, nLists, goesLeft, scratch, split, leftBelow, nanLeft)
 * → the first right position: partitionReference, with `split` the split feature's segment
 * (byte address of its first key), `leftBelow` = (bin + 1)·2^16 (keys below it go left) and
 * nanLeft 0 or 1. Branch-free: a key's side is (key < leftBelow) | (key is NaN's) & nanLeft; in
 * a list every key is written to the left end and to scratch, only its own side's position
 * moves, then scratch is copied after the left keys.
 */
function kernelPartition(): WasmFunction {
  const [order, n, start, end, lists, nLists, goesLeft, scratch, split, leftBelow, nanLeft] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [q, p, b, w, s, key, l, left] = [11, 12, 13, 14, 15, 16, 17, 18];
  return {
    name: "sorted_partition", params: 11, returnsI32: true, i32Locals: 8, v128Locals: 0,
    body: [
      block(
        localGet(start), localGet(end), i32GeU, brIf(0),
        // the sides, from the split feature's keys
        localGet(split), localSet(p),
        localGet(split), localGet(end), localGet(start), i32Sub, i32Const(2), i32Shl, i32Add, localSet(b),
        loop(
          localGet(p), i32Load(), localTee(key), localGet(leftBelow), i32LtU,
          localGet(key), i32Const(NAN_BIN << ROW_BITS), i32GeU, localGet(nanLeft), i32And, i32Or, localSet(l),
          localGet(goesLeft), localGet(key), i32Const(ROW_MASK), i32And, i32Add, localGet(l), i32Store8(),
          localGet(left), localGet(l), i32Add, localSet(left),
          localGet(p), i32Const(4), i32Add, localTee(p), localGet(b), i32LtU, brIf(0),
        ),
        localGet(nLists), i32Eqz, brIf(0),
        localGet(lists), localSet(q),
        loop(
          // p = &order[list·n + start], b = &order[list·n + end]
          localGet(q), i32Load(), localGet(n), i32Mul, i32Const(2), i32Shl, localGet(order), i32Add, localTee(b),
          localGet(start), i32Const(2), i32Shl, i32Add, localTee(p), localSet(w),
          localGet(b), localGet(end), i32Const(2), i32Shl, i32Add, localSet(b),
          localGet(scratch), localSet(s),
          loop(
            localGet(p), i32Load(), localSet(key),
            localGet(goesLeft), localGet(key), i32Const(ROW_MASK), i32And, i32Add, i32Load8U(), localSet(l),
            localGet(w), localGet(key), i32Store(), // w ≤ p: already read
            localGet(s), localGet(key), i32Store(),
            localGet(w), localGet(l), i32Const(2), i32Shl, i32Add, localSet(w),
            localGet(s), i32Const(4), i32Add, localGet(l), i32Const(2), i32Shl, i32Sub, localSet(s),
            localGet(p), i32Const(4), i32Add, localTee(p), localGet(b), i32LtU, brIf(0),
          ),
          // the right keys after the left ones
          localGet(scratch), localSet(p),
          block(
            localGet(p), localGet(s), i32GeU, brIf(0),
            loop(
              localGet(w), localGet(p), i32Load(), i32Store(),
              localGet(w), i32Const(4), i32Add, localSet(w),
              localGet(p), i32Const(4), i32Add, localTee(p), localGet(s), i32LtU, brIf(0),
            ),
          ),
          localGet(q), i32Const(4), i32Add, localTee(q),
          localGet(lists), localGet(nLists), i32Const(2), i32Shl, i32Add, i32LtU, brIf(0),
        ),
      ),
      localGet(start), localGet(left), i32Add,
    ],
  };
}

/** Doubles of the split kernel's exchange block (`SortedRows.findSplit`). */
const CFG = { G: 0, H: 1, C: 2, parentScore: 3, lambda: 4, mcs: 5, mcw: 6, best: 7, feat: 8, bin: 9, nanLeft: 10, gl: 11, hl: 12, cl: 13, gain: 14, size: 16 };

/**
 * sorted_split_{unit,any}(order, g, h, n, start, end, feats, nFeats, nBins, cfg):
 * findSplitReference with `SplitSearch.offer` inlined, operation for operation. cfg (doubles,
 * CFG): in the node's G, H, C, G²/(H+λ), λ, minChildSamples, minChildWeight and the gain to
 * beat; out the best gain, and when a candidate beat it: its feature, bin, NaN side, left sums
 * and gain. `unit`: every hessian is 1 (h is not read), so a hessian sum is the row count, the
 * same double: one sum serves both, and both minimums are one, max(minChildSamples, minChildWeight).
 * Beyond the reference, which gives the same choice: features without NaN rows run a loop
 * without NaN-left candidates, and a feature's scan stops where no later candidate can be
 * feasible.
 */
function kernelSplit(unit: boolean): WasmFunction {
  const [order, g, h, n, start, end, feats, nFeats, nBins, cfg] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [q, j, a, b, e, k, key, c, binEnd, last, nb, r, bin, binStart] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
  const f = 24; // f64 locals after the i32 ones
  const [G, H, C, P, lambda, mcs, mcw, best, gN, hN, cN, gl, hl, cl, bg, bh, gr, hr, cr, gain, gL, hL, cL] = [
    f + 0, f + 1, f + 2, f + 3, f + 4, f + 5, f + 6, f + 7, f + 8, f + 9, f + 10, f + 11, f + 12, f + 13, f + 14, f + 15, f + 16, f + 17, f + 18, f + 19, f + 20, f + 21, f + 22,
  ] as const;
  // the hessian sum of a count local (unit: the count itself)
  const hess = (count: number, hessian: number) => (unit ? count : hessian);
  const cfgLoad = (slot: number): Code => [localGet(cfg), f64Load(slot * 8)].flat();
  const cfgStore = (slot: number, value: Code): Code => [localGet(cfg), value, f64Store(slot * 8)].flat();
  // one candidate (SplitSearch.offer): the left side's sums; the right side's from the node's
  const candidate = (sg: number, sh: number, sc: number, nanLeft: Code): Code[] => [
    localGet(C), localGet(sc), f64Sub, localSet(cr),
    ...(unit ? [] : [localGet(H), localGet(sh), f64Sub, localSet(hr)]),
    localGet(G), localGet(sg), f64Sub, localSet(gr),
    localGet(sc), localGet(mcs), f64Ge, localGet(cr), localGet(mcs), f64Ge, i32And,
    ...(unit ? [] : [localGet(sh), localGet(mcw), f64Ge, i32And, localGet(hr), localGet(mcw), f64Ge, i32And]),
    ifThen(
      f64Const(0.5),
      localGet(sg), localGet(sg), f64Mul, localGet(sh), localGet(lambda), f64Add, f64Div,
      localGet(gr), localGet(gr), f64Mul, localGet(hess(cr, hr)), localGet(lambda), f64Add, f64Div,
      f64Add, localGet(P), f64Sub, f64Mul, localTee(gain),
      localGet(best), f64Gt,
      ifThen(
        localGet(gain), localSet(best),
        cfgStore(CFG.gain, localGet(gain)),
        cfgStore(CFG.feat, [localGet(j), f64ConvertI32U].flat()),
        cfgStore(CFG.bin, [localGet(bin), f64ConvertI32U].flat()),
        cfgStore(CFG.nanLeft, nanLeft),
        cfgStore(CFG.gl, localGet(sg)), cfgStore(CFG.hl, localGet(sh)), cfgStore(CFG.cl, localGet(sc)),
      ),
    ),
  ];
  // the candidates of bin `bin`, cumulative sums (gl, hl, cl): for a feature with NaN rows NaN
  // right, then (bin below the top finite bin) NaN left; without, NaN follows the larger side
  const offer = (withNaN: boolean): Code[] => withNaN
    ? [
      ...candidate(gl, hess(cl, hl), cl, f64Const(0)),
      localGet(bin), localGet(nb), i32Const(1), i32Sub, i32LtS,
      ifThen(
        localGet(gl), localGet(gN), f64Add, localSet(gL),
        ...(unit ? [] : [localGet(hl), localGet(hN), f64Add, localSet(hL)]),
        localGet(cl), localGet(cN), f64Add, localSet(cL),
        ...candidate(gL, hess(cL, hL), cL, f64Const(1)),
      ),
    ]
    : candidate(gl, hess(cl, hl), cl, [f64Const(1), f64Const(0), localGet(cl), localGet(cr), f64Ge, select].flat());
  const rowOf = (at: number): Code => [localGet(at), i32Load(), i32Const(ROW_MASK), i32And, i32Const(3), i32Shl, localSet(r)].flat();
  const addHessian = (sum: number): Code[] => (unit ? [] : [localGet(sum), localGet(h), localGet(r), i32Add, f64Load(), f64Add, localSet(sum)]);
  // the bins from key address k (code c) on, each offered with the cumulative sums
  const binLoop = (withNaN: boolean): Code => block(loop(
    localGet(k), localGet(e), i32GeU, brIf(1),
    localGet(c), localGet(last), i32GeU, brIf(1),
    localGet(c), i32Const(1), i32Add, i32Const(ROW_BITS), i32Shl, localSet(binEnd),
    f64Const(0), localSet(bg), f64Const(0), localSet(bh), localGet(k), localSet(binStart),
    loop( // the bin's rows: keys below binEnd
      rowOf(k),
      localGet(bg), localGet(g), localGet(r), i32Add, f64Load(), f64Add, localSet(bg),
      ...addHessian(bh),
      localGet(k), i32Const(4), i32Add, localSet(k),
      block(
        localGet(k), localGet(e), i32GeU, brIf(0),
        localGet(k), i32Load(), localTee(key), localGet(binEnd), i32LtU, brIf(1),
      ),
    ),
    localGet(gl), localGet(bg), f64Add, localSet(gl),
    ...addHessianSum(unit, hl, bh),
    // the bin's row count (a sum of ones, exact)
    localGet(cl), localGet(k), localGet(binStart), i32Sub, i32Const(2), i32ShrU, f64ConvertI32U, f64Add, localSet(cl),
    localGet(c), localSet(bin),
    ...offer(withNaN),
    // done when the rows right of this bin are fewer than minChildSamples (or weigh less than
    // minChildWeight): every later candidate's right side is smaller still
    localGet(C), localGet(cl), f64Sub, localGet(mcs), f64Lt,
    ...(unit ? [] : [localGet(H), localGet(hl), f64Sub, localGet(mcw), f64Lt, i32Or]),
    brIf(1),
    localGet(key), i32Const(ROW_BITS), i32ShrU, localSet(c),
    br(0),
  ));
  return {
    name: unit ? "sorted_split_unit" : "sorted_split_any", params: 10, i32Locals: 14, v128Locals: 0, f64Locals: 23,
    body: [block(
      localGet(nFeats), i32Eqz, brIf(0),
      cfgLoad(CFG.G), localSet(G), cfgLoad(CFG.H), localSet(H), cfgLoad(CFG.C), localSet(C),
      cfgLoad(CFG.parentScore), localSet(P), cfgLoad(CFG.lambda), localSet(lambda),
      cfgLoad(CFG.mcs), localSet(mcs), cfgLoad(CFG.mcw), localSet(mcw), cfgLoad(CFG.best), localSet(best),
      ...(unit ? [localGet(mcs), localGet(mcw), localGet(mcs), localGet(mcw), f64Ge, select, localSet(mcs)] : []),
      localGet(feats), localSet(q),
      loop(
        block( // one feature; br 0 = next feature
          localGet(q), i32Load(), localTee(j), localGet(n), i32Mul, i32Const(2), i32Shl, localGet(order), i32Add, localTee(a),
          localGet(end), i32Const(2), i32Shl, i32Add, localTee(b), localSet(e),
          localGet(a), localGet(start), i32Const(2), i32Shl, i32Add, localSet(a),
          // the NaN rows (code 255) at the end: e = their first key's address
          block(loop(
            localGet(e), localGet(a), i32LeU, brIf(1),
            localGet(e), i32Const(4), i32Sub, i32Load(), i32Const(ROW_BITS), i32ShrU, i32Const(NAN_BIN), i32Ne, brIf(1),
            localGet(e), i32Const(4), i32Sub, localSet(e),
            br(0),
          )),
          localGet(b), localGet(e), i32Sub, i32Const(2), i32ShrU, f64ConvertI32U, localSet(cN),
          f64Const(0), localSet(gN), f64Const(0), localSet(hN),
          localGet(e), localSet(k),
          block(loop(
            localGet(k), localGet(b), i32GeU, brIf(1),
            rowOf(k),
            localGet(gN), localGet(g), localGet(r), i32Add, f64Load(), f64Add, localSet(gN),
            ...addHessian(hN),
            localGet(k), i32Const(4), i32Add, localSet(k),
            br(0),
          )),
          // last = NaN rows ? nb : nb − 1 (bins from last on are not offered)
          localGet(nBins), localGet(j), i32Const(2), i32Shl, i32Add, i32Load(), localTee(nb),
          localGet(nb), i32Const(1), i32Sub, localGet(b), localGet(e), i32Ne, select, localTee(last),
          i32Eqz, brIf(0),
          // c = first code (255 when every row is NaN)
          localGet(a), i32Load(), i32Const(ROW_BITS), i32ShrU, i32Const(NAN_BIN), localGet(e), localGet(a), i32GtU, select, localSet(c),
          f64Const(0), localSet(gl), f64Const(0), localSet(hl), f64Const(0), localSet(cl),
          // bin 0 empty: its candidate comes first; then the bins, in a loop for features with
          // NaN rows or one for features without
          localGet(a), localSet(k),
          block(
            block(
              localGet(b), localGet(e), i32Eq, brIf(0), // no NaN rows
              localGet(c), ifThen(i32Const(0), localSet(bin), ...offer(true)),
              binLoop(true),
              br(1),
            ),
            localGet(c), ifThen(i32Const(0), localSet(bin), ...offer(false)),
            binLoop(false),
          ),
        ),
        localGet(q), i32Const(4), i32Add, localTee(q),
        localGet(feats), localGet(nFeats), i32Const(2), i32Shl, i32Add, i32LtU, brIf(0),
      ),
      cfgStore(CFG.best, localGet(best)),
    )],
  };
}

/** sum += part (nothing when hessians are unit: the count is the sum). */
function addHessianSum(unit: boolean, sum: number, part: number): Code[] {
  return unit ? [] : [localGet(sum), localGet(part), f64Add, localSet(sum)];
}

let compiled: WebAssembly.Module | null | undefined;

/** The kernels' module, compiled once; null where WebAssembly is missing. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (typeof WebAssembly === "undefined") return compiled;
  const bytes = encodeModule([kernelPartition(), kernelSplit(true), kernelSplit(false)]);
  if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  return compiled;
}

type Kernel = (...args: number[]) => void;

const PAGE = 65536;
const align16 = (x: number) => Math.ceil(x / 16) * 16;

// ------------------------------------------------------------------------ the sorted rows of one fit

/**
 * The sorted keys of one fit (`order`), the tree's gradients, and the kernels over them; the
 * typed arrays are views of the kernels' WebAssembly memory (ordinary arrays without it).
 * Besides the features' lists, list `nFeatures` holds the rows themselves (keys = rows), split
 * with them: a tree's leaves' rows, for `rowsInto`.
 */
export class SortedRows {
  /** Per feature, then the rows' list: the open nodes' keys (see the module comment). */
  readonly order: Uint32Array;
  /** Whether the kernels run compiled (else the references). */
  readonly compiled: boolean;
  /** Every row of feature j by code: order's root for a fit without row sampling. */
  private readonly presorted: Uint32Array;
  /** The tree's gradients and hessians by row (copied from the row records). */
  private readonly g: Float64Array;
  private readonly h: Float64Array;
  private readonly goesLeft: Uint8Array;
  private readonly scratch: Uint32Array;
  /** The tree's features, then the rows' list (nFeatures). */
  private readonly lists: Int32Array;
  private nFeats = 0;
  private readonly nBins: Int32Array;
  private readonly cfg: Float64Array;
  /** Whether every hessian is 1 (the rows' layout is slot 2). */
  private unitHessian = false;
  private readonly kernels: { partition: (...args: number[]) => number; splitUnit: Kernel; splitAny: Kernel } | null = null;

  /**
   * `columns[j·n + r]`: the bin code of row r, feature j (binning.ts); `nBins[j]`: feature j's
   * finite bins; n ≤ SORTED_MAX_ROWS.
   */
  constructor(columns: Uint8Array, readonly n: number, readonly nFeatures: number, nBins: Int32Array, opts: { webAssembly?: boolean } = {}) {
    if (n > SORTED_MAX_ROWS) throw new RangeError(`sorted split finding takes at most ${SORTED_MAX_ROWS} rows, got ${n}`);
    const mod = opts.webAssembly === false ? null : kernelModule();
    // memory layout (bytes): order (features + rows) | presorted | g | h | scratch | lists | nBins | cfg | goesLeft
    const orderBytes = align16(4 * n * (nFeatures + 1)), presortedAt = orderBytes;
    const gAt = presortedAt + align16(4 * n * nFeatures), hAt = gAt + align16(8 * n), scratchAt = hAt + align16(8 * n);
    const listsAt = scratchAt + align16(4 * n), nBinsAt = listsAt + align16(4 * (nFeatures + 1)), cfgAt = nBinsAt + align16(4 * nFeatures);
    const leftAt = cfgAt + 8 * CFG.size, bytes = leftAt + n;
    const memory = mod ? new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) }) : null;
    const buf = memory ? memory.buffer : new ArrayBuffer(bytes);
    this.order = new Uint32Array(buf, 0, n * (nFeatures + 1));
    this.presorted = new Uint32Array(buf, presortedAt, n * nFeatures);
    this.g = new Float64Array(buf, gAt, n);
    this.h = new Float64Array(buf, hAt, n);
    this.scratch = new Uint32Array(buf, scratchAt, n);
    this.lists = new Int32Array(buf, listsAt, nFeatures + 1);
    this.nBins = new Int32Array(buf, nBinsAt, nFeatures);
    this.nBins.set(nBins);
    this.cfg = new Float64Array(buf, cfgAt, CFG.size);
    this.goesLeft = new Uint8Array(buf, leftAt, n);
    if (mod && memory) {
      const exports = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as Record<string, Kernel>;
      this.kernels = { partition: exports.sorted_partition as unknown as (...args: number[]) => number, splitUnit: exports.sorted_split_unit!, splitAny: exports.sorted_split_any! };
    }
    this.compiled = this.kernels !== null;
    const count = new Uint32Array(257);
    for (let j = 0; j < nFeatures; j++) {
      // counting sort by code (stable: equal codes keep ascending rows)
      const o = j * n;
      count.fill(0);
      for (let r = 0; r < n; r++) count[columns[o + r]! + 1]!++;
      for (let c = 0; c < 256; c++) count[c + 1]! += count[c]!;
      for (let r = 0; r < n; r++) {
        const c = columns[o + r]!;
        this.presorted[o + count[c]!++] = c * (ROW_MASK + 1) + r;
      }
    }
  }

  /**
   * The root of a tree over the features `feats` (those of every later call until the next
   * root): per feature the rows with `inSample[r]` (every row when null) in code order at the
   * start of its list, and in the rows' list ascending; the rows' gradients and hessians
   * (gh[r·ghStride], gh[r·ghStride + 1] for slot 4, else 1) as they are now.
   */
  layRoot(feats: Int32Array, inSample: Uint8Array | null, rows: Pick<RowLayout, "gh" | "ghStride" | "slot">): void {
    const { n, order, presorted, g, h } = this;
    const { gh, ghStride } = rows;
    this.unitHessian = rows.slot === 2;
    for (let r = 0, o = 0; r < n; r++, o += ghStride) {
      g[r] = gh[o]!;
      h[r] = rows.slot === 2 ? 1 : gh[o + 1]!;
    }
    this.lists.set(feats);
    this.lists[feats.length] = this.nFeatures;
    this.nFeats = feats.length;
    for (let q = 0; q < feats.length; q++) {
      const o = feats[q]! * n;
      if (!inSample) {
        order.set(presorted.subarray(o, o + n), o);
        continue;
      }
      let w = o;
      for (let k = o; k < o + n; k++) {
        const key = presorted[k]!;
        if (inSample[key & ROW_MASK]) order[w++] = key;
      }
    }
    for (let r = 0, w = this.nFeatures * n; r < n; r++) if (!inSample || inSample[r]) order[w++] = r;
  }

  /**
   * Splits the node [start, end) by feature `feature` at `bin` (codes ≤ bin left, NaN left when
   * `nanLeft`): the rows' list always, the features' lists when a child is split again
   * (`featuresToo`). Returns the first right position.
   */
  partition(start: number, end: number, feature: number, bin: number, nanLeft: boolean, featuresToo: boolean): number {
    const { n, lists, nFeats } = this;
    if (!this.kernels) {
      return partitionReference(this.order, n, start, end, feature, bin, nanLeft, featuresToo ? lists.subarray(0, nFeats + 1) : lists.subarray(nFeats, nFeats + 1), this.goesLeft);
    }
    return this.kernels.partition(
      this.order.byteOffset, n, start, end, lists.byteOffset + (featuresToo ? 0 : 4 * nFeats), featuresToo ? nFeats + 1 : 1,
      this.goesLeft.byteOffset, this.scratch.byteOffset, this.order.byteOffset + 4 * (feature * n + start), (bin + 1) << ROW_BITS, nanLeft ? 1 : 0,
    );
  }

  /** idx[0..m) = the rows' list: each leaf's rows at its segment. */
  rowsInto(idx: Uint32Array, m: number): void {
    idx.set(this.order.subarray(this.nFeatures * this.n, this.nFeatures * this.n + m));
  }

  /**
   * Offers `search` (started with the node's sums) the bins the node's rows [start, end)
   * occupy, for the tree's features (findSplitReference; compiled: the same choice).
   */
  findSplit(search: SplitSearch, start: number, end: number): void {
    const feats = this.lists.subarray(0, this.nFeats);
    if (!this.kernels) return findSplitReference(search, this.order, this.n, start, end, feats, this.nBins, this.g, this.h);
    const cfg = this.cfg;
    cfg[CFG.G] = search.G; cfg[CFG.H] = search.H; cfg[CFG.C] = search.C; cfg[CFG.parentScore] = search.parentScore;
    cfg[CFG.lambda] = search.lambda; cfg[CFG.mcs] = search.minChildSamples; cfg[CFG.mcw] = search.minChildWeight;
    cfg[CFG.best] = search.best; cfg[CFG.feat] = -1;
    (this.unitHessian ? this.kernels.splitUnit : this.kernels.splitAny)(
      this.order.byteOffset, this.g.byteOffset, this.h.byteOffset, this.n, start, end,
      feats.byteOffset, feats.length, this.nBins.byteOffset, cfg.byteOffset,
    );
    if (cfg[CFG.feat]! >= 0) search.choose(cfg[CFG.gain]!, cfg[CFG.feat]!, cfg[CFG.bin]!, cfg[CFG.nanLeft]!, cfg[CFG.gl]!, cfg[CFG.hl]!, cfg[CFG.cl]!);
  }
}
