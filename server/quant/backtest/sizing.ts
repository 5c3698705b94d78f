/**
 * Position sizing: the fraction of equity the kernel commits when it enters a side.
 *
 * - Fixed fraction: the fraction as given (W2: 0.10).
 * - Kelly: for a bet that wins `payoff` × the stake with probability p and loses the stake
 *   otherwise, the growth-optimal fraction is f* = p − (1 − p) / payoff (Kelly 1956; Thorp,
 *   "The Kelly criterion in blackjack, sports betting and the stock market", 2006, §2).
 *   Foldline uses f = clamp(multiplier × f*, 0, cap): a negative edge sizes to 0 (never trade
 *   against the estimate), `multiplier` gives fractional Kelly (0.5 = "half Kelly", the usual
 *   hedge against an over-estimated edge), and `cap` bounds the result (default 0.25), since the
 *   win rate and payoff are estimates and full Kelly on a noisy estimate overbets.
 *   The estimate must come from data before the backtest window (e.g. an earlier run's trade
 *   log through {@link estimateWinPayoff}); estimating it on the same window is look-ahead.
 */

export interface KellyInput {
  /** Probability of a winning trade, in [0, 1]. */
  winRate: number;
  /** Average win ÷ average loss (both positive amounts), > 0. */
  payoff: number;
  /** Upper bound of the result; default 0.25. */
  cap?: number;
  /** Fractional Kelly multiplier; default 1 (full Kelly before the cap). */
  multiplier?: number;
}

/** Kelly fraction f* = p − (1 − p)/b, scaled and clamped to [0, cap]. NaN inputs → 0. */
export function kellyFraction({ winRate, payoff, cap = 0.25, multiplier = 1 }: KellyInput): number {
  if (!(payoff > 0) || !(winRate >= 0 && winRate <= 1)) return 0;
  const f = multiplier * (winRate - (1 - winRate) / payoff);
  if (!(f > 0)) return 0;
  return f < cap ? f : cap;
}

/**
 * Win rate and payoff ratio from a column of trade P&Ls (zero P&L counts as neither a win nor a
 * loss but stays in the denominator of the win rate). Payoff is NaN without both a win and a
 * loss, which {@link kellyFraction} turns into 0.
 */
export function estimateWinPayoff(pnl: Float64Array): { winRate: number; payoff: number } {
  let wins = 0;
  let losses = 0;
  let sumWin = 0;
  let sumLoss = 0;
  for (let i = 0; i < pnl.length; i++) {
    const v = pnl[i]!;
    if (v > 0) {
      wins++;
      sumWin += v;
    } else if (v < 0) {
      losses++;
      sumLoss -= v;
    }
  }
  const n = pnl.length;
  const winRate = n > 0 ? wins / n : NaN;
  const payoff = wins > 0 && losses > 0 ? sumWin / wins / (sumLoss / losses) : NaN;
  return { winRate, payoff };
}
