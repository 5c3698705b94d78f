/**
 * The backtest kernel: one asset, one tight loop over Float64Array columns (STYLE.md §6).
 *
 * Rules (BENCHMARKS.md W2; the choices it leaves open are written down here and match the peer
 * `shared/peers/backtest_kernel.py`):
 *  - `signal[t]` is known at bar t's close; target side = sign(signal[t]): +1 long, 0 flat,
 *    −1 short (NaN counts as 0, flat). The last bar's signal is never traded. With `longOnly`
 *    (the API's `direction: "long_only"`) a −1 target becomes 0: a negative signal flattens a
 *    long and never opens a short.
 *  - When the target side differs from the current side, one order fills at bar t+1's OPEN for
 *    the whole difference (a reversal is one order). Same side: hold, no rebalancing.
 *  - Target quantity = side × fraction × equity at that open ÷ open, fractional shares; equity at
 *    the open = cash + position × open.
 *  - Fill price = open × (1 + slippage) when buying, open × (1 − slippage) when selling.
 *  - Costs = fee × |Δqty| × fill price + commission per share × |Δqty|, paid from cash.
 *  - Equity is marked at every close: equity[t] = cash[t] + position[t] × close[t];
 *    drawdown[t] = equity[t] / max(startCash, equity[0..t]) − 1.
 *  - Trade log (round trips): a trade opens at the fill that enters a side and closes at the fill
 *    that flattens or reverses it. A reversal fill's costs are split pro rata by quantity between
 *    the trade it closes and the one it opens. pnl = qty_signed × (exit − entry) − fees, where
 *    fees = the entry share of costs + the exit share. A trade still open after the last bar is
 *    not in the log (its position is in `position`, its entry costs in the summary's costs).
 *  - An order that cannot fill never throws: the bar's `orderStatus` gets a negative code and the
 *    order is retried at the next open while the target still differs. Codes: {@link ORDER}.
 *    (A non-finite or non-positive open → NO_PRICE; equity at the open ≤ 0 while the target is
 *    not flat → NO_EQUITY; an order to flat always fills when the open is valid.)
 *
 * Uses bars ≤ t only: equity[t] depends on signal[0..t−1], open[0..t] and close[t] (and cash,
 * which depends on the same). Closes must be finite (the API above validates it).
 *
 * Floating-point note: costs and P&L accumulate in cash in fill order; the reference below
 * performs the same operations in the same order, so the two agree bit for bit, while a
 * differently ordered implementation agrees to ~1e-12 relative.
 */

/** Per-bar order status codes (`orderStatus[t]`). Negative: an order was due and could not fill. */
export const ORDER = {
  NONE: 0,
  FILLED: 1,
  REJECTED_NO_PRICE: -1,
  REJECTED_NO_EQUITY: -2,
} as const;

/** Indices into `summary` (a Float64Array of length {@link SUMMARY_LENGTH}). */
export const SUMMARY = {
  /** Closed round trips in the trade log. */
  trades: 0,
  /** Fills (orders that executed). */
  fills: 1,
  /** Bars on which a due order could not fill. */
  rejected: 2,
  /** Σ |Δqty| × fill price over all fills (currency). */
  notional: 3,
  /** Σ costs (fees + commissions) over all fills, including an open trade's entry (currency). */
  costs: 4,
  /** Side of the position after the last bar (−1, 0, +1). */
  finalSide: 5,
  /** Entry bar of the still-open trade, or −1. */
  openEntryBar: 6,
} as const;
export const SUMMARY_LENGTH = 7;

/** Output columns of {@link backtestKernel}; the trade columns hold `capacity` rows. */
export interface BacktestBuffers {
  equity: Float64Array;
  position: Float64Array;
  cash: Float64Array;
  drawdown: Float64Array;
  orderStatus: Int8Array;
  tradeEntryBar: Int32Array;
  tradeExitBar: Int32Array;
  tradeSide: Int8Array;
  /** Shares held during the trade (absolute). */
  tradeQty: Float64Array;
  tradeEntryPrice: Float64Array;
  tradeExitPrice: Float64Array;
  /** Net of fees. */
  tradePnl: Float64Array;
  tradeFees: Float64Array;
  summary: Float64Array;
}

/**
 * Allocates output columns for `n` bars. A trade needs an entry fill and an exit fill, at most
 * one fill per bar from bar 1 on, so n/2 trades is the worst case.
 */
export function allocateBacktestBuffers(n: number): BacktestBuffers {
  const cap = Math.max(1, n >> 1);
  return {
    equity: new Float64Array(n),
    position: new Float64Array(n),
    cash: new Float64Array(n),
    drawdown: new Float64Array(n),
    orderStatus: new Int8Array(n),
    tradeEntryBar: new Int32Array(cap),
    tradeExitBar: new Int32Array(cap),
    tradeSide: new Int8Array(cap),
    tradeQty: new Float64Array(cap),
    tradeEntryPrice: new Float64Array(cap),
    tradeExitPrice: new Float64Array(cap),
    tradePnl: new Float64Array(cap),
    tradeFees: new Float64Array(cap),
    summary: new Float64Array(SUMMARY_LENGTH),
  };
}

/**
 * Runs the W2 rules over `n = close.length` bars and writes every output column of `out`.
 * Rates are fractions (5 bps = 0.0005). Returns the number of closed trades.
 * Uses bars ≤ t only.
 */
export function backtestKernel(
  open: Float64Array,
  close: Float64Array,
  signal: Float64Array,
  startCash: number,
  fraction: number,
  fee: number,
  slippage: number,
  commission: number,
  out: BacktestBuffers = allocateBacktestBuffers(close.length),
  longOnly = false,
): number {
  const n = close.length;
  const { equity, position, cash: cashOut, drawdown, orderStatus } = out;
  const tEntry = out.tradeEntryBar;
  const tExit = out.tradeExitBar;
  const tSide = out.tradeSide;
  const tQty = out.tradeQty;
  const tEntryPx = out.tradeEntryPrice;
  const tExitPx = out.tradeExitPrice;
  const tPnl = out.tradePnl;
  const tFees = out.tradeFees;
  const buyMul = 1 + slippage;
  const sellMul = 1 - slippage;
  const neg = longOnly ? 0 : -1; // the side a negative signal asks for

  let cash = startCash;
  let pos = 0;
  let side = 0;
  let entryPx = 0;
  let entryCost = 0;
  let entryBar = -1;
  let nt = 0;
  let fills = 0;
  let rejected = 0;
  let notional = 0;
  let costs = 0;
  let peak = startCash;

  for (let t = 0; t < n; t++) {
    let status = 0;
    if (t > 0) {
      const s = signal[t - 1]!;
      const tgt = s > 0 ? 1 : s < 0 ? neg : 0;
      if (tgt !== side) {
        const o = open[t]!;
        const eqOpen = cash + pos * o;
        if (!(o > 0 && o < Infinity)) {
          status = -1;
          rejected++;
        } else if (tgt !== 0 && !(eqOpen > 0)) {
          status = -2;
          rejected++;
        } else {
          const newQ = tgt === 0 ? 0 : (tgt * fraction * eqOpen) / o;
          const dq = newQ - pos;
          const px = dq > 0 ? o * buyMul : o * sellMul;
          const adq = dq < 0 ? -dq : dq;
          const cost = fee * adq * px + commission * adq;
          cash -= dq * px + cost;
          notional += adq * px;
          costs += cost;
          fills++;
          const closePart = (pos < 0 ? -pos : pos) / adq;
          if (side !== 0) {
            const exitCost = cost * closePart;
            tEntry[nt] = entryBar;
            tExit[nt] = t;
            tSide[nt] = side;
            tQty[nt] = pos < 0 ? -pos : pos;
            tEntryPx[nt] = entryPx;
            tExitPx[nt] = px;
            tFees[nt] = entryCost + exitCost;
            tPnl[nt] = pos * (px - entryPx) - entryCost - exitCost;
            nt++;
          }
          if (tgt !== 0) {
            entryPx = px;
            entryCost = cost * (1 - closePart);
            entryBar = t;
          } else {
            entryBar = -1;
          }
          pos = newQ;
          side = tgt;
          status = 1;
        }
      }
    }
    const eq = cash + pos * close[t]!;
    if (eq > peak) peak = eq;
    equity[t] = eq;
    position[t] = pos;
    cashOut[t] = cash;
    drawdown[t] = eq / peak - 1;
    orderStatus[t] = status;
  }

  const sm = out.summary;
  sm[SUMMARY.trades] = nt;
  sm[SUMMARY.fills] = fills;
  sm[SUMMARY.rejected] = rejected;
  sm[SUMMARY.notional] = notional;
  sm[SUMMARY.costs] = costs;
  sm[SUMMARY.finalSide] = side;
  sm[SUMMARY.openEntryBar] = entryBar;
  return nt;
}

/** One round trip of {@link backtestReference}. */
export interface ReferenceTrade {
  entryBar: number;
  exitBar: number;
  side: number;
  qty: number;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  fees: number;
}

/**
 * Readable reference for {@link backtestKernel} over plain arrays: per-bar decisions written
 * out step by step, fills collected as objects, round trips built from the fills afterwards.
 * Tests compare the kernel against it.
 */
export function backtestReference(
  open: ArrayLike<number>,
  close: ArrayLike<number>,
  signal: ArrayLike<number>,
  cfg: { startCash: number; fraction: number; fee: number; slippage: number; commission: number; longOnly?: boolean },
): {
  equity: number[];
  position: number[];
  cash: number[];
  drawdown: number[];
  orderStatus: number[];
  trades: ReferenceTrade[];
  costs: number;
} {
  const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);
  const targetOf = (x: number) => (cfg.longOnly ? Math.max(0, sign(x)) : sign(x));
  const fills: { bar: number; dq: number; price: number; cost: number; before: number; after: number }[] = [];
  const equity: number[] = [];
  const position: number[] = [];
  const cashCol: number[] = [];
  const drawdown: number[] = [];
  const orderStatus: number[] = [];
  let cash = cfg.startCash;
  let pos = 0;
  let peak = cfg.startCash;
  for (let t = 0; t < close.length; t++) {
    let status: number = ORDER.NONE;
    const target = t > 0 ? targetOf(signal[t - 1]!) : sign(pos);
    if (target !== sign(pos)) {
      const o = open[t]!;
      const equityAtOpen = cash + pos * o;
      if (!Number.isFinite(o) || o <= 0) status = ORDER.REJECTED_NO_PRICE;
      else if (target !== 0 && equityAtOpen <= 0) status = ORDER.REJECTED_NO_EQUITY;
      else {
        const wanted = target === 0 ? 0 : (target * cfg.fraction * equityAtOpen) / o;
        const dq = wanted - pos;
        const price = dq > 0 ? o * (1 + cfg.slippage) : o * (1 - cfg.slippage);
        const cost = cfg.fee * Math.abs(dq) * price + cfg.commission * Math.abs(dq);
        cash -= dq * price + cost;
        fills.push({ bar: t, dq, price, cost, before: pos, after: wanted });
        pos = wanted;
        status = ORDER.FILLED;
      }
    }
    const eq = cash + pos * close[t]!;
    peak = Math.max(peak, eq);
    equity.push(eq);
    position.push(pos);
    cashCol.push(cash);
    drawdown.push(eq / peak - 1);
    orderStatus.push(status);
  }
  const trades: ReferenceTrade[] = [];
  let open_: { bar: number; price: number; cost: number; qty: number } | null = null;
  for (const f of fills) {
    const closedPart = Math.abs(f.before) / Math.abs(f.dq);
    if (open_) {
      const exitCost = f.cost * closedPart;
      trades.push({
        entryBar: open_.bar,
        exitBar: f.bar,
        side: sign(open_.qty),
        qty: Math.abs(open_.qty),
        entryPrice: open_.price,
        exitPrice: f.price,
        fees: open_.cost + exitCost,
        pnl: open_.qty * (f.price - open_.price) - open_.cost - exitCost,
      });
      open_ = null;
    }
    if (f.after !== 0) open_ = { bar: f.bar, price: f.price, cost: f.cost * (1 - closedPart), qty: f.after };
  }
  return {
    equity,
    position,
    cash: cashCol,
    drawdown,
    orderStatus,
    trades,
    costs: fills.reduce((a, f) => a + f.cost, 0),
  };
}
