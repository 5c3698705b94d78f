import { describe, expect, it } from "vitest";
import { SeededRandom } from "@/server/quant/data/random";
import { randomSignal } from "@/server/quant/backtest/random-signal";
import { spxSeries } from "@/server/quant/features/testing";
import { allocateBacktestBuffers, backtestKernel, backtestReference, ORDER, SUMMARY } from "./engine";


const near = (a: number, b: number, tol = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe("backtestKernel: a 5-bar example worked by hand", () => {
  // start cash 10,000; fraction 0.5; fee 10 bps; slippage 100 bps; commission $0.019/share.
  const open = Float64Array.from([100, 100, 110, 103, 98]);
  const close = Float64Array.from([100, 105, 100, 100, 97]);
  const signal = Float64Array.from([1, 1, -1, 0, 1]); // the last bar's signal is never traded
  const out = allocateBacktestBuffers(5);
  const nt = backtestKernel(open, close, signal, 10_000, 0.5, 0.001, 0.01, 0.019, out);

  it("fills at the next open with slippage, sizes on equity at that open, pays fee + commission", () => {
    // Bar 1 (signal[0] = +1): qty = 0.5·10,000/100 = 50; fill 100·1.01 = 101;
    //   cost = 0.001·50·101 + 0.019·50 = 5.05 + 0.95 = 6; cash = 10,000 − 5,050 − 6 = 4,944.
    // Bar 3 (signal[2] = −1, reversal): equity at the open = 4,944 + 50·103 = 10,094;
    //   target = −0.5·10,094/103 = −49; Δq = −99; fill 103·0.99 = 101.97;
    //   cost = 0.001·99·101.97 + 0.019·99 = 10.09503 + 1.881 = 11.97603;
    //   cash = 4,944 + 99·101.97 − 11.97603 = 15,027.05397.
    // Bar 4 (signal[3] = 0): buy 49 at 98·1.01 = 98.98; cost = 0.001·49·98.98 + 0.019·49 = 5.78102;
    //   cash = 15,027.05397 − 4,850.02 − 5.78102 = 10,171.25295.
    expect(Array.from(out.position)).toEqual([0, 50, 50, -49, 0]);
    [10_000, 4_944, 4_944, 15_027.05397, 10_171.25295].forEach((v, i) => near(out.cash[i]!, v));
    // equity = cash + position·close: 10,000; 4,944 + 5,250; 4,944 + 5,000; 15,027.05397 − 4,900; 10,171.25295
    [10_000, 10_194, 9_944, 10_127.05397, 10_171.25295].forEach((v, i) => near(out.equity[i]!, v));
    [0, 0, 9_944 / 10_194 - 1, 10_127.05397 / 10_194 - 1, 10_171.25295 / 10_194 - 1].forEach((v, i) =>
      near(out.drawdown[i]!, v),
    );
    expect(Array.from(out.orderStatus)).toEqual([0, 1, 0, 1, 1]);
  });

  it("logs round trips with the reversal's cost split pro rata", () => {
    expect(nt).toBe(2);
    // Trade 1: long 50 @ 101 → 101.97; exit share of the reversal cost = 11.97603·50/99 = 6.0485;
    //   fees = 6 + 6.0485 = 12.0485; pnl = 50·0.97 − 12.0485 = 36.4515.
    // Trade 2: short 49 @ 101.97 → 98.98; entry share = 11.97603·49/99 = 5.92753;
    //   fees = 5.92753 + 5.78102 = 11.70855; pnl = 49·2.99 − 11.70855 = 134.80145.
    expect(Array.from(out.tradeEntryBar.subarray(0, 2))).toEqual([1, 3]);
    expect(Array.from(out.tradeExitBar.subarray(0, 2))).toEqual([3, 4]);
    expect(Array.from(out.tradeSide.subarray(0, 2))).toEqual([1, -1]);
    near(out.tradeQty[0]!, 50);
    near(out.tradeQty[1]!, 49);
    near(out.tradeEntryPrice[0]!, 101);
    near(out.tradeExitPrice[0]!, 101.97);
    near(out.tradeEntryPrice[1]!, 101.97);
    near(out.tradeExitPrice[1]!, 98.98);
    near(out.tradeFees[0]!, 12.0485);
    near(out.tradeFees[1]!, 11.70855);
    near(out.tradePnl[0]!, 36.4515);
    near(out.tradePnl[1]!, 134.80145);
    // The trades' P&L is the whole change in equity once flat.
    near(10_000 + out.tradePnl[0]! + out.tradePnl[1]!, out.equity[4]!);
  });

  it("summarises fills, notional and costs", () => {
    const s = out.summary;
    expect(s[SUMMARY.fills]).toBe(3);
    expect(s[SUMMARY.rejected]).toBe(0);
    near(s[SUMMARY.notional]!, 50 * 101 + 99 * 101.97 + 49 * 98.98); // 19,995.05
    near(s[SUMMARY.costs]!, 6 + 11.97603 + 5.78102); // 23.75705
    expect(s[SUMMARY.finalSide]).toBe(0);
    expect(s[SUMMARY.openEntryBar]).toBe(-1);
  });
});

describe("backtestKernel against backtestReference", () => {
  const spx = spxSeries();
  const cases = [
    { seed: 1, p: 0.05, startCash: 100_000, fraction: 0.1, fee: 0.0005, slippage: 0.0005, commission: 0.001 },
    { seed: 2, p: 0.3, startCash: 50_000, fraction: 1, fee: 0.001, slippage: 0.002, commission: 0.01 },
    { seed: 3, p: 0.01, startCash: 1_000, fraction: 2.5, fee: 0, slippage: 0, commission: 0 },
  ];
  for (const c of cases) {
    it(`agrees bit for bit on spx (seed ${c.seed}, p ${c.p}, fraction ${c.fraction})`, () => {
      const sig = randomSignal(spx.close.length, c.seed, c.p);
      const out = allocateBacktestBuffers(spx.close.length);
      const nt = backtestKernel(spx.open, spx.close, sig, c.startCash, c.fraction, c.fee, c.slippage, c.commission, out);
      const ref = backtestReference(spx.open, spx.close, sig, c);
      expect(Array.from(out.equity)).toEqual(ref.equity);
      expect(Array.from(out.position)).toEqual(ref.position);
      expect(Array.from(out.cash)).toEqual(ref.cash);
      expect(Array.from(out.drawdown)).toEqual(ref.drawdown);
      expect(Array.from(out.orderStatus)).toEqual(ref.orderStatus);
      expect(nt).toBe(ref.trades.length);
      expect(nt).toBeGreaterThan(10);
      for (let i = 0; i < nt; i++) {
        const r = ref.trades[i]!;
        expect([out.tradeEntryBar[i], out.tradeExitBar[i], out.tradeSide[i]]).toEqual([r.entryBar, r.exitBar, r.side]);
        expect([out.tradeQty[i], out.tradeEntryPrice[i], out.tradeExitPrice[i]]).toEqual([r.qty, r.entryPrice, r.exitPrice]);
        near(out.tradePnl[i]!, r.pnl, 1e-12);
        near(out.tradeFees[i]!, r.fees, 1e-12);
      }
      near(out.summary[SUMMARY.costs]!, ref.costs, 1e-12);
    });
  }
});

describe("backtestKernel against backtestReference with unfillable orders", () => {
  it("agrees when some opens are missing (rejections and retries)", () => {
    const spx = spxSeries();
    const open = spx.open.slice();
    const rng = new SeededRandom(9);
    for (let i = 0; i < open.length; i++) if (rng.uniform() < 0.02) open[i] = NaN;
    const sig = randomSignal(open.length, 4, 0.2);
    const c = { startCash: 100_000, fraction: 0.5, fee: 0.0005, slippage: 0.0005, commission: 0.001 };
    const out = allocateBacktestBuffers(open.length);
    const nt = backtestKernel(open, spx.close, sig, c.startCash, c.fraction, c.fee, c.slippage, c.commission, out);
    const ref = backtestReference(open, spx.close, sig, c);
    expect(out.summary[SUMMARY.rejected]).toBeGreaterThan(5);
    expect(Array.from(out.orderStatus)).toEqual(ref.orderStatus);
    expect(Array.from(out.equity)).toEqual(ref.equity);
    expect(nt).toBe(ref.trades.length);
  });
});

describe("backtestKernel edge cases", () => {
  it("an all-flat signal never trades and keeps the start cash", () => {
    const n = 50;
    const open = new Float64Array(n).fill(10);
    const close = new Float64Array(n).fill(11);
    const out = allocateBacktestBuffers(n);
    expect(backtestKernel(open, close, new Float64Array(n), 1_000, 0.5, 0.001, 0.001, 0.01, out)).toBe(0);
    expect(out.equity.every((v) => v === 1_000)).toBe(true);
    expect(out.summary[SUMMARY.fills]).toBe(0);
    expect(out.orderStatus.every((v) => v === 0)).toBe(true);
  });

  it("treats a NaN signal as flat", () => {
    const open = Float64Array.from([10, 10, 10, 10]);
    const close = Float64Array.from([10, 10, 10, 10]);
    const sig = Float64Array.from([1, NaN, NaN, NaN]);
    const out = allocateBacktestBuffers(4);
    backtestKernel(open, close, sig, 1_000, 1, 0, 0, 0, out);
    expect(Array.from(out.position)).toEqual([0, 100, 0, 0]);
  });

  it("a non-finite open rejects the order with a status code and retries at the next open", () => {
    const open = Float64Array.from([10, NaN, 0, 20, 20]);
    const close = Float64Array.from([10, 10, 10, 20, 20]);
    const sig = Float64Array.from([1, 1, 1, 1, 1]);
    const out = allocateBacktestBuffers(5);
    backtestKernel(open, close, sig, 1_000, 1, 0, 0, 0, out);
    expect(Array.from(out.orderStatus)).toEqual([0, ORDER.REJECTED_NO_PRICE, ORDER.REJECTED_NO_PRICE, ORDER.FILLED, 0]);
    expect(Array.from(out.position)).toEqual([0, 0, 0, 50, 50]);
    expect(out.summary[SUMMARY.rejected]).toBe(2);
  });

  it("a bust account cannot open a position (NO_EQUITY) but can still go flat", () => {
    // Short 100 shares at 10 with 1,000 cash; the price triples: equity 1,000 − 100·20 = −1,000.
    const open = Float64Array.from([10, 10, 30, 30, 30]);
    const close = Float64Array.from([10, 10, 30, 30, 30]);
    const sig = Float64Array.from([-1, 1, 0, 1, 1]);
    const out = allocateBacktestBuffers(5);
    backtestKernel(open, close, sig, 1_000, 1, 0, 0, 0, out);
    expect(Array.from(out.orderStatus)).toEqual([0, 1, ORDER.REJECTED_NO_EQUITY, ORDER.FILLED, ORDER.REJECTED_NO_EQUITY]);
    expect(Array.from(out.position)).toEqual([0, -100, -100, 0, 0]);
    expect(out.equity[4]).toBe(-1_000);
  });

  it("keeps an open trade out of the log and reports its entry bar", () => {
    const open = Float64Array.from([10, 10, 11, 12]);
    const close = Float64Array.from([10, 11, 12, 13]);
    const sig = Float64Array.from([1, 1, 1, 1]);
    const out = allocateBacktestBuffers(4);
    expect(backtestKernel(open, close, sig, 1_000, 1, 0, 0, 0, out)).toBe(0);
    expect(out.summary[SUMMARY.openEntryBar]).toBe(1);
    expect(out.summary[SUMMARY.finalSide]).toBe(1);
    expect(out.equity[3]).toBe(1_300);
  });
});

describe("no look-ahead", () => {
  it("perturbing signal and prices after bar t leaves every output at ≤ t unchanged", () => {
    const spx = spxSeries();
    const n = spx.close.length;
    const sig = randomSignal(n, 11, 0.1);
    const base = allocateBacktestBuffers(n);
    const ntBase = backtestKernel(spx.open, spx.close, sig, 100_000, 0.1, 0.0005, 0.0005, 0.001, base);
    const rng = new SeededRandom(5);
    for (const t of [0, 1, 250, 2_500, n - 2]) {
      const open = spx.open.slice();
      const close = spx.close.slice();
      const s2 = sig.slice();
      for (let i = t; i < n; i++) s2[i] = rng.uniform() * 2 - 1; // signal[t] is only traded at t+1
      for (let i = t + 1; i < n; i++) {
        open[i] = open[i]! * (0.5 + rng.uniform());
        close[i] = close[i]! * (0.5 + rng.uniform());
      }
      const out = allocateBacktestBuffers(n);
      const nt = backtestKernel(open, close, s2, 100_000, 0.1, 0.0005, 0.0005, 0.001, out);
      for (const col of ["equity", "position", "cash", "drawdown", "orderStatus"] as const)
        expect(Array.from(out[col].subarray(0, t + 1)), `${col} at t=${t}`).toEqual(Array.from(base[col].subarray(0, t + 1)));
      // Every trade closed by bar t is identical.
      let closed = 0;
      while (closed < ntBase && base.tradeExitBar[closed]! <= t) closed++;
      expect(nt).toBeGreaterThanOrEqual(closed);
      expect(Array.from(out.tradePnl.subarray(0, closed))).toEqual(Array.from(base.tradePnl.subarray(0, closed)));
      // …and something after t did change (the perturbation is real).
      if (t < n - 2) expect(out.equity[n - 1]).not.toBe(base.equity[n - 1]);
    }
  });
});
