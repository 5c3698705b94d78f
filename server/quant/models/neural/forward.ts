/**
 * Native forward passes of the trained networks (float64 arithmetic on the float32 weights TF.js
 * trained), so prediction is synchronous, needs no TF.js and gives the same numbers every run.
 * Matrices are row-major Float64Arrays: `x[i * F + j]` is feature j of row i, and a kernel
 * `W[j * out + k]` maps input j to output k (TF.js's kernel layout [in, out]).
 * NaN in an input row gives NaN in that row's outputs.
 */
import type { Columns } from "../estimator";
import { sigmoid } from "../linear";
import type { StandardScaler } from "../scaler";

/** Row-major [n, F] of (x − mean) / scale, from column-major X. */
export function scaledRows(X: Columns, n: number, scaler: StandardScaler): Float64Array {
  const F = X.length;
  const out = new Float64Array(n * F);
  for (let j = 0; j < F; j++) {
    const c = X[j]!, m = scaler.mean[j]!, s = scaler.scale[j]!;
    for (let i = 0; i < n; i++) out[i * F + j] = (c[i]! - m) / s;
  }
  return out;
}

/** out[i, k] = b[k] + Σ_j a[i, j] · W[j, k], then max(·, 0) when `relu`. */
export function denseForward(
  a: Float64Array,
  n: number,
  inDim: number,
  W: Float64Array,
  b: Float64Array,
  outDim: number,
  relu: boolean,
  out = new Float64Array(n * outDim),
): Float64Array {
  for (let i = 0; i < n; i++) {
    const ro = i * outDim, ri = i * inDim;
    for (let k = 0; k < outDim; k++) out[ro + k] = b[k]!;
    for (let j = 0; j < inDim; j++) {
      const v = a[ri + j]!;
      if (v === 0) continue; // ReLU zeros (NaN is not 0, so it still spreads)
      const wo = j * outDim;
      for (let k = 0; k < outDim; k++) out[ro + k] = out[ro + k]! + v * W[wo + k]!;
    }
    if (relu) for (let k = 0; k < outDim; k++) if (out[ro + k]! < 0) out[ro + k] = 0;
  }
  return out;
}

/**
 * Final hidden state h_t of an LSTM run over rows t − lookback + 1 … t (zero initial state), for
 * every row t ≥ lookback − 1; rows before have no full window and get NaN. Uses rows ≤ t only.
 *
 * TF.js LSTMCell (tfjs-layers recurrent.js), gate blocks of H columns in the order i, f, c̃, o:
 *   z = x_s·K + h·R + b;  i = σ(z_i), f = σ(z_f), c̃ = tanh(z_c), o = σ(z_o)
 *   c = f∘c + i∘c̃;  h = o∘tanh(c)
 * (σ the logistic sigmoid: the estimators build the layer with recurrentActivation "sigmoid").
 * x·K + b is computed once per row and shared by the `lookback` windows that contain it.
 */
export function lstmLastHidden(
  x: Float64Array,
  n: number,
  F: number,
  kernel: Float64Array,
  recurrent: Float64Array,
  bias: Float64Array,
  H: number,
  lookback: number,
): Float64Array {
  const G = 4 * H;
  const xk = denseForward(x, n, F, kernel, bias, G, false);
  const out = new Float64Array(n * H).fill(NaN);
  const h = new Float64Array(H), c = new Float64Array(H), z = new Float64Array(G);
  for (let t = lookback - 1; t < n; t++) {
    h.fill(0);
    c.fill(0);
    for (let s = t - lookback + 1; s <= t; s++) {
      for (let g = 0; g < G; g++) z[g] = xk[s * G + g]!;
      for (let j = 0; j < H; j++) {
        const hj = h[j]!;
        if (hj === 0) continue;
        const ro = j * G;
        for (let g = 0; g < G; g++) z[g] = z[g]! + hj * recurrent[ro + g]!;
      }
      for (let u = 0; u < H; u++) {
        const i = sigmoid(z[u]!), f = sigmoid(z[H + u]!), cc = Math.tanh(z[2 * H + u]!), o = sigmoid(z[3 * H + u]!);
        const cu = f * c[u]! + i * cc;
        c[u] = cu;
        h[u] = o * Math.tanh(cu);
      }
    }
    out.set(h, t * H);
  }
  return out;
}

// ------------------------------------------------------------------ references (tests compare against these)

const sigmoidReference = (z: number) => 1 / (1 + Math.exp(-z));

/** denseForward on nested arrays: rows of a, W[j][k], b[k]. */
export const denseForwardReference = (a: number[][], W: number[][], b: number[], relu: boolean): number[][] =>
  a.map((row) =>
    b.map((bk, k) => {
      const v = row.reduce((s, aj, j) => s + aj * W[j]![k]!, bk);
      return relu ? Math.max(v, 0) : v;
    }),
  );

/** lstmLastHidden recomputed per window with the gates by name: x[t][j], kernel[j][4H], recurrent[k][4H]. */
export function lstmLastHiddenReference(x: number[][], kernel: number[][], recurrent: number[][], bias: number[], lookback: number): number[][] {
  const H = bias.length / 4;
  const units = Array.from({ length: H }, (_, u) => u);
  const z = (gate: number, u: number, xs: number[], h: number[]) =>
    bias[gate * H + u]! + xs.reduce((s, v, j) => s + v * kernel[j]![gate * H + u]!, 0) + h.reduce((s, v, k) => s + v * recurrent[k]![gate * H + u]!, 0);
  return x.map((_, t) => {
    if (t < lookback - 1) return units.map(() => NaN);
    let h = units.map(() => 0), c = units.map(() => 0);
    for (let s = t - lookback + 1; s <= t; s++) {
      const input = units.map((u) => sigmoidReference(z(0, u, x[s]!, h)));
      const forget = units.map((u) => sigmoidReference(z(1, u, x[s]!, h)));
      const candidate = units.map((u) => Math.tanh(z(2, u, x[s]!, h)));
      const output = units.map((u) => sigmoidReference(z(3, u, x[s]!, h)));
      c = units.map((u) => forget[u]! * c[u]! + input[u]! * candidate[u]!);
      h = units.map((u) => output[u]! * Math.tanh(c[u]!));
    }
    return h;
  });
}
