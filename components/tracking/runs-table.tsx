"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FieldError } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : Number(v.toFixed(6)).toString());

/** An experiment's runs: MLflow filter box, metric and param columns (click a metric to sort),
 * virtualised rows so thousands of runs scroll smoothly. */
export function RunsTable({ teamSlug, experimentId }: { teamSlug: string; experimentId: number }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState("");
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<{ key: string; desc: boolean } | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const runs = useQuery({
    ...trpc.tracking.runs.queryOptions({ teamSlug, experimentId, filter: filter || undefined, orderBy: sort ? [`metrics.\`${sort.key}\` ${sort.desc ? "DESC" : "ASC"}`] : undefined }),
    placeholderData: keepPreviousData,
  });
  const items = runs.data?.items ?? [];
  const metricKeys = useMemo(() => [...new Set(items.flatMap((r) => r.metrics.map((m) => m.key)))].sort().slice(0, 8), [items]);
  const paramKeys = useMemo(() => [...new Set(items.flatMap((r) => r.params.map((p) => p.key)))].sort().slice(0, 6), [items]);
  const cols = `1.5rem minmax(12rem,2fr) 7rem ${metricKeys.map(() => "7rem").join(" ")} ${paramKeys.map(() => "7rem").join(" ")}`;
  const parent = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({ count: items.length, getScrollElement: () => parent.current, estimateSize: () => 34, overscan: 10 });

  return (
    <div className="space-y-3">
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(draft);
        }}
      >
        <Input
          aria-label="Filter runs"
          placeholder="metrics.rmse < 0.03 and params.algorithm = 'gbdt' and tags.symbol = 'SPX'"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          className="font-mono"
        />
        <Button type="submit" variant="outline">
          Search
        </Button>
      </form>
      <FieldError>{runs.error?.message}</FieldError>
      <div className="flex items-center gap-3 text-xs text-muted-foreground">
        <span>{items.length.toLocaleString()} runs</span>
        {selected.length >= 2 && selected.length <= 10 ? (
          <Button asChild size="sm" variant="outline">
            <Link href={`/${teamSlug}/compare?runs=${selected.join(",")}`}>Compare {selected.length} runs</Link>
          </Button>
        ) : (
          <span>tick 2 to 10 runs to compare them</span>
        )}
      </div>
      <div className="overflow-x-auto rounded-lg border text-sm" data-testid="runs-table">
        <div className="grid gap-2 border-b bg-muted/50 px-3 py-2 font-medium text-muted-foreground" style={{ gridTemplateColumns: cols }}>
          <span />
          <span>Run</span>
          <span>Status</span>
          {metricKeys.map((k) => (
            <button
              key={k}
              type="button"
              className="truncate text-right hover:underline"
              aria-label={`Sort by ${k}`}
              onClick={() => setSort((s) => ({ key: k, desc: s?.key === k ? !s.desc : false }))}
            >
              {k}
              {sort?.key === k ? (sort.desc ? " ↓" : " ↑") : ""}
            </button>
          ))}
          {paramKeys.map((k) => (
            <span key={k} className="truncate">
              {k}
            </span>
          ))}
        </div>
        <div ref={parent} className="max-h-[32rem] overflow-auto">
          <div style={{ height: rows.getTotalSize(), position: "relative" }}>
            {rows.getVirtualItems().map((v) => {
              const r = items[v.index]!;
              return (
                <div
                  key={v.key}
                  data-testid="run-row"
                  className="absolute inset-x-0 grid items-center gap-2 border-b px-3 tabular-nums"
                  style={{ top: v.start, height: v.size, gridTemplateColumns: cols }}
                >
                  <input
                    type="checkbox"
                    aria-label={`Select ${r.run.name}`}
                    checked={selected.includes(r.run.id)}
                    onChange={(e) => setSelected((s) => (e.target.checked ? [...s, r.run.id] : s.filter((x) => x !== r.run.id)))}
                  />
                  <Link href={`/${teamSlug}/runs/${r.run.id}`} className="truncate font-medium hover:underline">
                    {r.run.name}
                  </Link>
                  <span className={cn(r.run.status === "FAILED" && "text-destructive")}>{r.run.status.toLowerCase()}</span>
                  {metricKeys.map((k) => {
                    const m = r.metrics.find((x) => x.key === k);
                    return (
                      <span key={k} className="text-right">
                        {m ? (m.isNan ? "NaN" : fmt(m.value)) : ""}
                      </span>
                    );
                  })}
                  {paramKeys.map((k) => (
                    <span key={k} className="truncate">
                      {r.params.find((p) => p.key === k)?.value ?? ""}
                    </span>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
