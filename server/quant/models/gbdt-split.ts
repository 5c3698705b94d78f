/**
 * Choosing one node's split (gbdt.ts): the candidates are "bin codes ≤ b go left" for each
 * feature and bin b, NaN rows right or left. `SplitSearch` judges the candidates it is offered
 * (xgboost's gain, the constraints, the first best kept); `findSplitInHistogram` offers it every
 * bin of a node's gradient histogram, and gbdt-sorted.ts only the bins the node's rows occupy
 * (the same choice: see there).
 */
import { NAN_BIN as NAN_BIN_IMPORTED } from "./binning";
import { HIST_BINS, type HistogramSlot } from "./gbdt-space";

// a module-local copy: hot loops must not read an import binding (a getter under some loaders)
const NAN_BIN: number = NAN_BIN_IMPORTED;

export interface SplitConstraints {
  lambda: number;
  minChildSamples: number;
  minChildWeight: number;
  minSplitGain: number;
}

/**
 * The best split of one node among the candidates offered: `startNode` with the node's sums,
 * then per feature `startFeature` with its NaN rows' sums and `offer` for bins in ascending
 * order, each with the sums of the rows whose codes are ≤ the bin. A candidate needs
 * gain ½·[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)] > max(minSplitGain, 0) and on each side
 * ≥ minChildSamples rows and ≥ minChildWeight hessian; of equal gains the first offered wins.
 */
export class SplitSearch {
  readonly lambda: number;
  readonly minChildSamples: number;
  readonly minChildWeight: number;
  private readonly minGain: number;
  /** The node's gradient sum, hessian sum, row count and G²/(H+λ). */
  G = 0;
  H = 0;
  C = 0;
  parentScore = 0;
  /** The gain a candidate must exceed: max(minSplitGain, 0), then the best so far. */
  best = 0;
  // the feature being scanned
  private j = 0;
  private nb = 0;
  private gN = 0;
  private hN = 0;
  private cN = 0;
  /** The choice: gain 0 and feat −1 while none. */
  gain = 0;
  feat = -1;
  bin = 0;
  nanLeft = 0;
  /** Sums of the left child: gradient, hessian, rows. */
  gl = 0;
  hl = 0;
  cl = 0;

  constructor(c: SplitConstraints) {
    this.lambda = c.lambda;
    this.minChildSamples = c.minChildSamples;
    this.minChildWeight = c.minChildWeight;
    this.minGain = Math.max(c.minSplitGain, 0);
  }

  /** A new node: its gradient sum, hessian sum and row count. */
  startNode(G: number, H: number, C: number): void {
    this.G = G; this.H = H; this.C = C;
    this.parentScore = (G * G) / (H + this.lambda);
    this.best = this.minGain;
    this.gain = 0; this.feat = -1; this.bin = 0; this.nanLeft = 0; this.gl = 0; this.hl = 0; this.cl = 0;
  }

  /** Feature j (nb finite bins) with the sums of the node's NaN rows. */
  startFeature(j: number, nb: number, gN: number, hN: number, cN: number): void {
    this.j = j; this.nb = nb; this.gN = gN; this.hN = hN; this.cN = cN;
  }

  /** The last bin worth offering (exclusive): the top finite bin splits only with NaN present. */
  binsToOffer(): number {
    return this.cN > 0 ? this.nb : this.nb - 1;
  }

  /**
   * Bin `bin`, the rows with codes ≤ bin summing to (gl, hl, cl): NaN right, then (NaN rows
   * present, bin below the top) NaN left. Without NaN rows in the node, NaN follows the larger side.
   */
  offer(bin: number, gl: number, hl: number, cl: number): void {
    const { lambda, minChildSamples: mcs, minChildWeight: mcw } = this;
    {
      const cr = this.C - cl, hr = this.H - hl, gr = this.G - gl;
      if (cl >= mcs && cr >= mcs && hl >= mcw && hr >= mcw) {
        const gain = 0.5 * ((gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - this.parentScore);
        if (gain > this.best) this.choose(gain, this.j, bin, this.cN > 0 ? 0 : cl >= cr ? 1 : 0, gl, hl, cl);
      }
    }
    if (this.cN > 0 && bin < this.nb - 1) {
      const gL = gl + this.gN, hL = hl + this.hN, cL = cl + this.cN;
      const cr = this.C - cL, hr = this.H - hL, gr = this.G - gL;
      if (cL >= mcs && cr >= mcs && hL >= mcw && hr >= mcw) {
        const gain = 0.5 * ((gL * gL) / (hL + lambda) + (gr * gr) / (hr + lambda) - this.parentScore);
        if (gain > this.best) this.choose(gain, this.j, bin, 1, gL, hL, cL);
      }
    }
  }

  /** Makes a candidate the choice (for kernels that judge candidates as `offer` does). */
  choose(gain: number, feat: number, bin: number, nanLeft: number, gl: number, hl: number, cl: number): void {
    this.best = gain;
    this.gain = gain; this.feat = feat; this.bin = bin; this.nanLeft = nanLeft; this.gl = gl; this.hl = hl; this.cl = cl;
  }
}

/**
 * Offers `search` every bin of a node's histogram (gbdt-space.ts layout) for the features in
 * `feats`; `nBins[j]`: feature j's finite bins. The node must have been started.
 */
export function findSplitInHistogram(search: SplitSearch, hist: Float64Array, slot: HistogramSlot, feats: Int32Array, nBins: Int32Array): void {
  const cOff = slot === 2 ? 1 : 2; // slot 2: the count is H
  for (let q = 0; q < feats.length; q++) {
    const j = feats[q]!;
    const base = j * HIST_BINS * slot;
    const ns = base + NAN_BIN * slot;
    search.startFeature(j, nBins[j]!, hist[ns]!, hist[ns + 1]!, hist[ns + cOff]!);
    const last = search.binsToOffer();
    let gl = 0, hl = 0, cl = 0;
    for (let bin = 0; bin < last; bin++) {
      const s = base + bin * slot;
      gl += hist[s]!;
      hl += hist[s + 1]!;
      cl += hist[s + cOff]!;
      search.offer(bin, gl, hl, cl);
    }
  }
}
