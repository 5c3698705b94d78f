"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import { cn } from "@/lib/utils";

export interface TradeRow {
  entryTime: number;
  exitTime: number;
  side: number;
  qty: number;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  /** Absent where the source kept no per-trade costs (a walk-forward run's trades.csv). */
  fees?: number;
}

const COLUMNS = "grid grid-cols-[3rem_7rem_7rem_4rem_7rem_6rem_6rem_6rem_7rem] gap-2 px-3";
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const money = (v: number) => v.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The trade log, virtualised: only the visible rows are in the DOM, so 100k trades scroll. */
export function TradesTable({ trades }: { trades: TradeRow[] }) {
  const parent = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({ count: trades.length, getScrollElement: () => parent.current, estimateSize: () => 32, overscan: 12 });
  return (
    <div className="rounded-lg border text-sm" data-testid="trades-table">
      <div className={cn(COLUMNS, "border-b bg-muted/50 py-2 font-medium text-muted-foreground")} role="row">
        <span>#</span>
        <span>Entry</span>
        <span>Exit</span>
        <span>Side</span>
        <span className="text-right">Quantity</span>
        <span className="text-right">Entry price</span>
        <span className="text-right">Exit price</span>
        <span className="text-right">Costs</span>
        <span className="text-right">P&amp;L</span>
      </div>
      <div ref={parent} className="h-80 overflow-auto">
        <div style={{ height: rows.getTotalSize(), position: "relative" }}>
          {rows.getVirtualItems().map((v) => {
            const t = trades[v.index]!;
            return (
              <div
                key={v.key}
                role="row"
                data-testid="trade-row"
                className={cn(COLUMNS, "absolute inset-x-0 items-center border-b tabular-nums")}
                style={{ top: v.start, height: v.size }}
              >
                <span className="text-muted-foreground">{v.index + 1}</span>
                <span>{day(t.entryTime)}</span>
                <span>{day(t.exitTime)}</span>
                <span className={t.side > 0 ? "text-emerald-700" : "text-destructive"}>{t.side > 0 ? "long" : "short"}</span>
                <span className="text-right">{t.qty.toFixed(3)}</span>
                <span className="text-right">{money(t.entryPrice)}</span>
                <span className="text-right">{money(t.exitPrice)}</span>
                <span className="text-right">{t.fees === undefined ? "—" : money(t.fees)}</span>
                <span className={cn("text-right", t.pnl >= 0 ? "text-emerald-700" : "text-destructive")}>{money(t.pnl)}</span>
              </div>
            );
          })}
        </div>
      </div>
      {trades.length === 0 ? <p className="p-3 text-muted-foreground">No closed trades in this window.</p> : null}
    </div>
  );
}
