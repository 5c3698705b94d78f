/**
 * Probability of backtest overfitting (PBO) by combinatorially symmetric cross-validation (CSCV).
 *
 * Source: D. H. Bailey, J. M. Borwein, M. López de Prado & Q. J. Zhu, "The Probability of Backtest
 * Overfitting", Journal of Computational Finance 20(4), 2017 (SSRN 2326253, 2015), §2.
 *
 * Input: a T × N performance matrix M (T periods, N trials = strategy configurations), stored
 * trial-major: `returns[k·T + t]` is trial k's return in period t (the layout the sweep kernel's
 * `returnsOut` writes). Procedure:
 *  1. Split the T rows into S contiguous blocks (S even): block j = rows [⌊jT/S⌋, ⌊(j+1)T/S⌋).
 *  2. For each of the C(S, S/2) ways to pick S/2 blocks as in-sample (IS), the rest out-of-sample
 *     (OOS): compute every trial's performance on IS and on OOS.
 *  3. n* = the trial with the best IS performance (first on ties). ω̄ = rank of n*'s OOS
 *     performance among the N OOS performances ÷ (N + 1), rank 1 = worst, N = best, ties
 *     sharing their average rank; logit λ = ln(ω̄ / (1 − ω̄)).
 *  4. PBO = share of combinations with λ ≤ 0 (the best IS trial did no better than the OOS median).
 * Performance: `sharpe` = mean/std (ddof = 1) of the block rows (not annualised; ranks only
 * need the order), or `mean`. A NaN performance (std = 0, too few rows) ranks below every number.
 * Also returned: the IS and OOS performance of n* per combination (for the performance-degradation
 * regression) and the probability of OOS loss (share of combinations where n*'s OOS perf < 0).
 * Each trial's per-block Σr, Σr², count are computed once; a combination then costs O(N·S).
 */

export type PboPerformance = "sharpe" | "mean";

export interface PboResult {
  pbo: number;
  /** λ per combination (combinations in increasing bitmask order of their IS blocks). */
  logits: Float64Array;
  /** IS performance of the best IS trial, per combination. */
  isBest: Float64Array;
  /** OOS performance of that trial, per combination. */
  oosBest: Float64Array;
  /** Index of the best IS trial, per combination. */
  bestTrial: Int32Array;
  /** Share of combinations where the selected trial's OOS performance is < 0. */
  probOosLoss: number;
  combinations: number;
}

function perfOf(kind: number, s: number, q: number, c: number): number {
  if (kind === 1) return c > 0 ? s / c : NaN;
  if (c < 2) return NaN;
  const m = s / c;
  const v = (q - s * m) / (c - 1);
  return v > 0 ? m / Math.sqrt(v) : NaN;
}

/** Number of ways to choose k of n. */
export function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** CSCV PBO kernel (see module doc). `nSplits` S must be even, 2 ≤ S ≤ 24 and S ≤ T. */
export function pboCscv(
  returns: Float64Array,
  nTrials: number,
  nPeriods: number,
  nSplits = 16,
  performance: PboPerformance = "sharpe",
): PboResult {
  const N = nTrials;
  const T = nPeriods;
  const S = nSplits;
  if (!(Number.isInteger(N) && N >= 2)) throw new RangeError("PBO needs at least 2 trials");
  if (!(Number.isInteger(S) && S >= 2 && S % 2 === 0 && S <= 24)) throw new RangeError("nSplits must be even, 2..24");
  if (!(Number.isInteger(T) && T >= S)) throw new RangeError("nPeriods must be ≥ nSplits");
  if (returns.length !== N * T) throw new RangeError("returns must hold nTrials × nPeriods values");

  // Per trial and block: Σr, Σr², count.
  const bs = new Float64Array(N * S);
  const bq = new Float64Array(N * S);
  const bc = pboBlockCounts(T, S);
  for (let k = 0; k < N; k++) {
    const base = k * T;
    for (let j = 0; j < S; j++) {
      const a = Math.floor((j * T) / S);
      const b = Math.floor(((j + 1) * T) / S);
      let s = 0;
      let q = 0;
      for (let t = a; t < b; t++) {
        const r = returns[base + t]!;
        s += r;
        q += r * r;
      }
      bs[k * S + j] = s;
      bq[k * S + j] = q;
    }
  }
  return pboFromBlockSums(bs, bq, bc, N, S, performance);
}

/** Rows per block when T periods are split into S contiguous blocks: ⌊(j+1)T/S⌋ − ⌊jT/S⌋. */
export function pboBlockCounts(nPeriods: number, nSplits: number): Float64Array {
  const bc = new Float64Array(nSplits);
  for (let j = 0; j < nSplits; j++) bc[j] = Math.floor(((j + 1) * nPeriods) / nSplits) - Math.floor((j * nPeriods) / nSplits);
  return bc;
}

/**
 * {@link pboCscv} from per-trial, per-block sums instead of the T × N matrix (what a sweep can
 * accumulate while it runs, in O(N·S) memory): `blockSum[k·S + j]` = Σ r and `blockSumSq[k·S + j]`
 * = Σ r² of trial k over block j (blocks as in {@link pboBlockCounts}), `blockCount[j]` = rows in
 * block j. With the sums added in row order it returns exactly what `pboCscv` returns.
 */
export function pboFromBlockSums(
  blockSum: Float64Array,
  blockSumSq: Float64Array,
  blockCount: Float64Array,
  nTrials: number,
  nSplits = 16,
  performance: PboPerformance = "sharpe",
): PboResult {
  const N = nTrials;
  const S = nSplits;
  if (!(Number.isInteger(N) && N >= 2)) throw new RangeError("PBO needs at least 2 trials");
  if (!(Number.isInteger(S) && S >= 2 && S % 2 === 0 && S <= 24)) throw new RangeError("nSplits must be even, 2..24");
  if (blockSum.length !== N * S || blockSumSq.length !== N * S || blockCount.length !== S)
    throw new RangeError("block sums must hold nTrials × nSplits values");
  const kind = performance === "mean" ? 1 : 0;
  const bs = blockSum;
  const bq = blockSumSq;
  const bc = blockCount;

  const nComb = binomial(S, S / 2);
  const logits = new Float64Array(nComb);
  const isBest = new Float64Array(nComb);
  const oosBest = new Float64Array(nComb);
  const bestTrial = new Int32Array(nComb);
  const half = S / 2;
  let overfit = 0;
  let loss = 0;
  /** Selects the best IS trial of split c, ranks its OOS performance and records the split. */
  const record = (c: number, isPerf: Float64Array, oosPerf: Float64Array) => {
    let best = -1;
    let bestIs = -Infinity;
    for (let k = 0; k < N; k++) {
      const pi = isPerf[k]!;
      if (best < 0 || pi > bestIs) {
        best = k;
        bestIs = pi === pi ? pi : -Infinity; // a NaN performance ranks below every number
      }
    }
    const ob = oosPerf[best]!;
    // Rank of ob among the OOS performances (1 = worst), ties sharing the average rank; NaN lowest.
    let below = 0;
    let equal = 0;
    for (let k = 0; k < N; k++) {
      const v = oosPerf[k]!;
      if (ob !== ob) {
        if (v !== v) equal++;
      } else if (v !== v || v < ob) below++;
      else if (v === ob) equal++;
    }
    const rank = below + (equal + 1) / 2;
    const w = rank / (N + 1);
    const lam = Math.log(w / (1 - w));
    logits[c] = lam;
    isBest[c] = bestIs;
    oosBest[c] = ob;
    bestTrial[c] = best;
    if (lam <= 0) overfit++;
    if (ob < 0) loss++;
  };
  // Splits come in complementary pairs (IS ↔ OOS), and complementing reverses the increasing
  // bitmask order, so split c and split nComb − 1 − c are complements: one pass over the first
  // half computes each trial's performance on both halves of the blocks and records both splits.
  // Each trial sums its IS and its OOS blocks in ascending block order (the index lists), as a
  // masked loop over all S blocks would, so every sum and performance is bit for bit the same.
  const perfA = new Float64Array(N);
  const perfB = new Float64Array(N);
  const isIdx = new Int32Array(half);
  const oosIdx = new Int32Array(S - half);
  for (let mask = 0, c = 0; c < nComb / 2; mask++) {
    let bits = 0;
    for (let x = mask; x; x &= x - 1) bits++;
    if (bits !== half) continue;
    let isCount = 0;
    let oosCount = 0;
    let a = 0;
    let b = 0;
    for (let j = 0; j < S; j++) {
      if (mask & (1 << j)) {
        isCount += bc[j]!;
        isIdx[a++] = j;
      } else {
        oosCount += bc[j]!;
        oosIdx[b++] = j;
      }
    }
    for (let k = 0; k < N; k++) {
      let si = 0;
      let qi = 0;
      let so = 0;
      let qo = 0;
      const o = k * S;
      for (let u = 0; u < half; u++) {
        const j = o + isIdx[u]!;
        si += bs[j]!;
        qi += bq[j]!;
        const l = o + oosIdx[u]!;
        so += bs[l]!;
        qo += bq[l]!;
      }
      perfA[k] = perfOf(kind, si, qi, isCount);
      perfB[k] = perfOf(kind, so, qo, oosCount);
    }
    record(c, perfA, perfB);
    record(nComb - 1 - c, perfB, perfA);
    c++;
  }
  return { pbo: overfit / nComb, logits, isBest, oosBest, bestTrial, probOosLoss: loss / nComb, combinations: nComb };
}

/**
 * Readable reference for {@link pboCscv}: takes the matrix as rows[t][k], rebuilds the IS and OOS
 * sub-matrices for every combination and recomputes each trial's performance from its rows.
 */
export function pboReference(rows: number[][], nSplits: number, performance: PboPerformance = "sharpe"): number {
  const T = rows.length;
  const N = rows[0]!.length;
  const S = nSplits;
  const blocks = Array.from({ length: S }, (_, j) => {
    const idx: number[] = [];
    for (let t = Math.floor((j * T) / S); t < Math.floor(((j + 1) * T) / S); t++) idx.push(t);
    return idx;
  });
  const perf = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    if (performance === "mean") return m;
    if (xs.length < 2) return NaN;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
    return sd > 0 ? m / sd : NaN;
  };
  const combos: number[][] = [];
  const pick = (start: number, acc: number[]) => {
    if (acc.length === S / 2) return void combos.push([...acc]);
    for (let j = start; j < S; j++) pick(j + 1, [...acc, j]);
  };
  pick(0, []);
  let overfit = 0;
  for (const isBlocks of combos) {
    const isRows = isBlocks.flatMap((j) => blocks[j]!);
    const oosRows = blocks.flatMap((b, j) => (isBlocks.includes(j) ? [] : b));
    const isPerf = Array.from({ length: N }, (_, k) => perf(isRows.map((t) => rows[t]![k]!)));
    const oosPerf = Array.from({ length: N }, (_, k) => perf(oosRows.map((t) => rows[t]![k]!)));
    const key = (v: number) => (Number.isNaN(v) ? -Infinity : v);
    let best = 0;
    for (let k = 1; k < N; k++) if (key(isPerf[k]!) > key(isPerf[best]!)) best = k;
    const ob = key(oosPerf[best]!);
    const below = oosPerf.filter((v) => key(v) < ob).length;
    const equal = oosPerf.filter((v) => key(v) === ob).length;
    const w = (below + (equal + 1) / 2) / (N + 1);
    if (Math.log(w / (1 - w)) <= 0) overfit++;
  }
  return overfit / combos.length;
}
