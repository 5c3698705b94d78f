/**
 * What the prediction log keeps of a request's inputs besides their hash: the feature vectors
 * the version scored (drift checks compare them with its training window) and, for bars, each
 * answer row's bar time (realised outcomes are matched on it). A large request keeps an evenly
 * spaced sample of LOGGED_FEATURE_ROWS vectors, so one batch cannot flood the log.
 */
import { evenlySpaced } from "@/server/quant/monitoring/sample";
import type { RequestMatrix } from "./request-features";

/** 64 rows of 20 features cost ~0.14 ms of JSON per logged 1,000-row request (about what its
 * answers cost), and a drift check pools many requests. */
export const LOGGED_FEATURE_ROWS = 64;

/** Scored rows (at most LOGGED_FEATURE_ROWS, evenly spaced) as arrays in the signature's order. */
export function loggedFeatures(m: RequestMatrix): number[][] {
  const F = m.n > 0 ? m.x.length / m.n : 0;
  return Array.from(evenlySpaced(m.n, LOGGED_FEATURE_ROWS), (r) => Array.from(m.x.subarray(r * F, (r + 1) * F)));
}

/** Bars only: the bar time of each answer row (null for a row answered without a bar). */
export function answerBarTimes(m: RequestMatrix): (number | null)[] | null {
  if (!m.time || !m.barIndex) return null;
  if (m.answerRows === m.time.length) return Array.from(m.time);
  const out = new Array<number | null>(m.answerRows).fill(null);
  for (let r = 0; r < m.n; r++) out[m.answerIndex[r]!] = m.time[m.barIndex[r]!]!;
  return out;
}
