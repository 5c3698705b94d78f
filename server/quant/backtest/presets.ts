/**
 * Named backtest configurations (inputs of `BacktestConfig`, so `runBacktest(data, PRODUCT_DEFAULTS)`
 * works as is). `periodsPerYear` is left out of both: it is inferred from the dataset calendar.
 *
 * `BacktestConfig`'s own zod defaults are NOT these (they stay 100,000 cash, no costs, fully
 * invested, because existing callers and tests rely on them); the product passes
 * {@link PRODUCT_DEFAULTS} explicitly as the starting point of a new backtest.
 */
import type { BacktestConfigInput } from "./api";

/** What a new backtest starts from in the app: $100,000, 10% of equity per position, 1 bp
 * slippage (0.01%), $0.001 per share commission, no percentage fee, long/short. */
export const PRODUCT_DEFAULTS = {
  startCash: 100_000,
  direction: "long_short",
  sizing: { kind: "fixed", fraction: 0.1 },
  costs: { slippageBps: 1, feeBps: 0, commissionPerShare: 0.001 },
} as const satisfies BacktestConfigInput;

/**
 * The W2 rules of BENCHMARKS.md: $100,000, 10% of equity, 5 bps slippage, 5 bps fee,
 * $0.001 per share. (`W2_RULES` in sweep.ts holds the same rules in kernel units — fractions
 * instead of bps — for the W2b sweep kernel.)
 */
export const W2_RULES = {
  startCash: 100_000,
  direction: "long_short",
  sizing: { kind: "fixed", fraction: 0.1 },
  costs: { slippageBps: 5, feeBps: 5, commissionPerShare: 0.001 },
} as const satisfies BacktestConfigInput;
