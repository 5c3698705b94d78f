import { SeededRandom } from "@/server/quant/data/random";

/**
 * A random target series in [−1, 1) that changes value with probability `p` per bar (W2's
 * signal; the engine tests use the same one). Deterministic for a given seed.
 */
export function randomSignal(n: number, seed: number, p = 0.05): Float64Array {
  const rng = new SeededRandom(seed);
  const s = new Float64Array(n);
  let v = 0;
  for (let t = 0; t < n; t++) {
    if (t === 0 || rng.uniform() < p) v = rng.uniform() * 2 - 1;
    s[t] = v;
  }
  return s;
}
