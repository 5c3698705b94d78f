"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { PriceChart } from "@/components/charts/price-chart";
import { NativeSelect } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";
import { KindBadge } from "./datasets-table";
import { ValidationReport, type ValidationReportData } from "./validation-report";

const OVERLAYS = [
  ["sma20", "SMA 20"],
  ["sma50", "SMA 50"],
  ["ema12", "EMA 12"],
  ["ema26", "EMA 26"],
  ["bollinger", "Bollinger 20, 2"],
  ["keltner", "Keltner"],
  ["donchian", "Donchian"],
  ["vwap", "VWAP"],
] as const;
type Overlay = (typeof OVERLAYS)[number][0];

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

export function DatasetView({ teamSlug, datasetId }: { teamSlug: string; datasetId: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.datasets.list.queryOptions({ teamSlug }));
  const dataset = list.data?.find((d) => d.id === datasetId);
  const [version, setVersion] = useState<number | undefined>(undefined);
  const [symbol, setSymbol] = useState<string | undefined>(undefined);
  const [overlays, setOverlays] = useState<Overlay[]>(["sma20", "bollinger"]);
  const chart = useQuery({
    ...trpc.datasets.chart.queryOptions({ teamSlug, datasetId, version, symbol, overlays }),
    placeholderData: keepPreviousData,
  });
  const current = dataset?.versions.find((v) => v.version === (version ?? dataset.versions[0]?.version));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{dataset?.name ?? "Dataset"}</h1>
        {dataset ? <KindBadge kind={dataset.kind} /> : null}
        {dataset?.kind === "synthetic" ? <span className="text-sm text-destructive">Synthetic data: not market prices.</span> : null}
      </div>
      {dataset?.description ? <p className="text-sm text-muted-foreground">{dataset.description}</p> : null}

      <div className="flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-2">
          Version
          <NativeSelect value={version ?? ""} onChange={(e) => setVersion(e.target.value ? Number(e.target.value) : undefined)}>
            <option value="">latest</option>
            {dataset?.versions.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
              </option>
            ))}
          </NativeSelect>
        </label>
        {chart.data && chart.data.symbols.length > 1 ? (
          <label className="flex items-center gap-2">
            Symbol
            <NativeSelect value={symbol ?? chart.data.symbol} onChange={(e) => setSymbol(e.target.value)}>
              {chart.data.symbols.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </NativeSelect>
          </label>
        ) : null}
        <fieldset className="flex flex-wrap items-center gap-3">
          <legend className="sr-only">Overlays</legend>
          {OVERLAYS.map(([id, label]) => (
            <label key={id} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={overlays.includes(id)}
                onChange={(e) => setOverlays((o) => (e.target.checked ? [...o, id] : o.filter((x) => x !== id)))}
              />
              {label}
            </label>
          ))}
        </fieldset>
      </div>

      {chart.data ? (
        <div className="space-y-1">
          <PriceChart data={chart.data} />
          {chart.data.totalBars > chart.data.time.length ? (
            <p className="text-xs text-muted-foreground">
              Showing the last {chart.data.time.length.toLocaleString()} of {chart.data.totalBars.toLocaleString()} bars.
            </p>
          ) : null}
        </div>
      ) : (
        <div className="h-[460px] animate-pulse rounded-lg bg-muted" />
      )}
      {chart.error ? <p className="text-sm text-destructive">{chart.error.message}</p> : null}

      <section className="space-y-2">
        <h2 className="font-semibold">Versions</h2>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Version</TableHead>
              <TableHead>Source</TableHead>
              <TableHead className="text-right">Bars</TableHead>
              <TableHead>Range</TableHead>
              <TableHead>Extra columns</TableHead>
              <TableHead>sha256</TableHead>
              <TableHead>Uploaded</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {dataset?.versions.map((v) => (
              <TableRow key={v.id}>
                <TableCell>v{v.version}</TableCell>
                <TableCell>
                  {v.source.filename} ({v.source.format})
                </TableCell>
                <TableCell className="text-right tabular-nums">{v.rowCount.toLocaleString()}</TableCell>
                <TableCell className="tabular-nums">
                  {day(v.firstBar)} → {day(v.lastBar)}
                </TableCell>
                <TableCell>{v.extraColumns.join(", ") || "—"}</TableCell>
                <TableCell className="font-mono text-xs">{v.sha256.slice(0, 16)}</TableCell>
                <TableCell>{new Date(v.createdAt).toLocaleString()}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
      {current?.warnings ? <ValidationReport report={current.warnings as ValidationReportData} title="Import warnings" /> : null}
    </div>
  );
}
