"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { FieldError } from "@/components/ui/label";
import { errorMessage, fieldErrors } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

type Kind = "sma_crossover" | "rsi_threshold";

/** Product defaults: $100,000, 10% of equity per position, 1 bp slippage, $0.001 a share. */
const DEFAULTS = { startCash: "100000", fraction: "10", feeBps: "0", slippageBps: "1", commission: "0.001" };

type NumberKey = "fast" | "slow" | "period" | "lower" | "upper" | "startCash" | "fraction" | "feeBps" | "slippageBps" | "commission";

/** [form key, label, input path (for its field error)] of each numeric input. */
const SMA_FIELDS: [NumberKey, string, string][] = [
  ["fast", "Fast SMA (bars)", "strategy.fast"],
  ["slow", "Slow SMA (bars)", "strategy.slow"],
];
const RSI_FIELDS: [NumberKey, string, string][] = [
  ["period", "RSI period", "strategy.period"],
  ["lower", "Long below", "strategy.lower"],
  ["upper", "Short above", "strategy.upper"],
];
const ENGINE_FIELDS: [NumberKey, string, string][] = [
  ["startCash", "Capital ($)", "settings.startCash"],
  ["fraction", "Position (% of equity)", "settings.sizing.fraction"],
  ["feeBps", "Fees (bps)", "settings.costs.feeBps"],
  ["slippageBps", "Slippage (bps)", "settings.costs.slippageBps"],
  ["commission", "Commission ($/share)", "settings.costs.commissionPerShare"],
];

type Mode = "single" | "sweep";
const SINGLE_VALUES = { fast: "10", slow: "50", period: "14", lower: "30", upper: "70" };
/** Sweep ranges as from:to:step (the W2b grid for SMA crossovers). */
const SWEEP_VALUES = { fast: "5:50:5", slow: "20:200:5", period: "7:21:7", lower: "20:40:5", upper: "60:80:5" };

/** "from:to:step" (or one number) → a range; NaN parts let the server name the field. */
function parseRange(v: string) {
  const [from, to = from, step = "1"] = v.split(":").map((x) => x.trim());
  const n = (x: string | undefined) => (x === undefined || x === "" ? Number.NaN : Number(x));
  return { from: n(from), to: n(to), step: n(step) };
}

/** The first message under an input path or any path below it (`grid.fast` covers `grid.fast.to`). */
const errorAt = (errors: Record<string, string | undefined>, path: string) =>
  errors[path] ?? Object.entries(errors).find(([k]) => k.startsWith(`${path}.`))?.[1];

export function NewBacktestForm({ teamSlug }: { teamSlug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const datasets = useQuery(trpc.datasets.list.queryOptions({ teamSlug }));
  const [f, setF] = useState({
    datasetId: "", symbol: "", start: "", end: "", allowSynthetic: false,
    kind: "sma_crossover" as Kind, direction: "long_short" as "long_short" | "long_only", ...SINGLE_VALUES,
    ...DEFAULTS,
  });
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setF((s) => ({ ...s, [k]: e.target.type === "checkbox" ? (e.target as HTMLInputElement).checked : e.target.value }));
  const [mode, setMode] = useState<Mode>("single");
  const onSuccess = async (b: { id: string }) => {
    await queryClient.invalidateQueries(trpc.backtests.list.queryFilter({ teamSlug }));
    router.push(`/${teamSlug}/backtests/${b.id}`);
  };
  const run = useMutation(trpc.backtests.run.mutationOptions({ onSuccess }));
  const sweep = useMutation(trpc.backtests.sweep.mutationOptions({ onSuccess }));
  const active = mode === "single" ? run : sweep;
  const errors = fieldErrors(active.error);
  const selected = datasets.data?.find((d) => d.id === f.datasetId);
  const symbols = selected?.versions[0]?.symbols.map((s) => s.symbol) ?? [];
  const num = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));
  const numberFields = (list: [NumberKey, string, string][]) =>
    list.map(([key, label, path]) => (
      <Field
        key={key}
        id={`bt-${key}`}
        label={mode === "sweep" && path.startsWith("strategy.") ? `${label}: from:to:step` : label}
        error={errorAt(errors, mode === "sweep" ? path.replace(/^strategy\./, "grid.") : path)}
      >
        <Input id={`bt-${key}`} inputMode="decimal" value={f[key]} onChange={set(key)} />
      </Field>
    ));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const target = {
      datasetId: f.datasetId,
      symbol: symbols.length > 1 ? f.symbol || undefined : undefined,
      start: f.start || undefined,
      end: f.end || undefined,
      allowSynthetic: f.allowSynthetic,
    };
    const settings = {
      startCash: num(f.startCash),
      sizing: { kind: "fixed" as const, fraction: num(f.fraction) / 100 },
      direction: f.direction,
      costs: { feeBps: num(f.feeBps), slippageBps: num(f.slippageBps), commissionPerShare: num(f.commission) },
    };
    if (mode === "sweep") {
      sweep.mutate({
        teamSlug,
        target,
        settings,
        grid:
          f.kind === "sma_crossover"
            ? { kind: "sma_crossover", fast: parseRange(f.fast), slow: parseRange(f.slow) }
            : { kind: "rsi_threshold", period: parseRange(f.period), lower: parseRange(f.lower), upper: parseRange(f.upper) },
      });
      return;
    }
    run.mutate({
      teamSlug,
      target,
      settings,
      strategy:
        f.kind === "sma_crossover"
          ? { kind: "sma_crossover", fast: num(f.fast), slow: num(f.slow) }
          : { kind: "rsi_threshold", period: num(f.period), lower: num(f.lower), upper: num(f.upper) },
    });
  }

  return (
    <form aria-label="New backtest" onSubmit={submit} noValidate className="space-y-5 rounded-xl border p-5">
      <fieldset className="flex gap-4 text-sm">
        <legend className="sr-only">Mode</legend>
        {(["single", "sweep"] as const).map((m) => (
          <label key={m} className="flex items-center gap-2">
            <input
              type="radio"
              name="mode"
              checked={mode === m}
              onChange={() => {
                setMode(m);
                setF((s) => ({ ...s, ...(m === "sweep" ? SWEEP_VALUES : SINGLE_VALUES) }));
              }}
            />
            {m === "single" ? "Single run" : "Parameter sweep (grid)"}
          </label>
        ))}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Field id="bt-dataset" label="Dataset" error={errors["target.datasetId"]}>
          <NativeSelect id="bt-dataset" value={f.datasetId} onChange={set("datasetId")} className="w-full">
            <option value="">Choose…</option>
            {datasets.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
                {d.kind === "synthetic" ? " (synthetic)" : ""}
              </option>
            ))}
          </NativeSelect>
        </Field>
        {symbols.length > 1 ? (
          <Field id="bt-symbol" label="Symbol" error={errors["target.symbol"] ?? errors.symbol}>
            <NativeSelect id="bt-symbol" value={f.symbol} onChange={set("symbol")} className="w-full">
              <option value="">Choose…</option>
              {symbols.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </NativeSelect>
          </Field>
        ) : null}
        <Field id="bt-start" label="From (optional)" error={errors["target.start"] ?? errors.start}>
          <Input id="bt-start" type="date" value={f.start} onChange={set("start")} />
        </Field>
        <Field id="bt-end" label="To (optional)" error={errors["target.end"]}>
          <Input id="bt-end" type="date" value={f.end} onChange={set("end")} />
        </Field>
      </div>
      {selected?.kind === "synthetic" ? (
        <label className="flex items-center gap-2 text-sm text-destructive">
          <input type="checkbox" checked={f.allowSynthetic} onChange={set("allowSynthetic")} />
          Allow synthetic data (results will be labelled synthetic)
        </label>
      ) : null}

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Field id="bt-strategy" label="Strategy">
          <NativeSelect id="bt-strategy" value={f.kind} onChange={set("kind")} className="w-full">
            <option value="sma_crossover">SMA crossover</option>
            <option value="rsi_threshold">RSI thresholds</option>
          </NativeSelect>
        </Field>
        {numberFields(f.kind === "sma_crossover" ? SMA_FIELDS : RSI_FIELDS)}
        <Field id="bt-direction" label="Positions">
          <NativeSelect id="bt-direction" value={f.direction} onChange={set("direction")} className="w-full">
            <option value="long_short">Long and short</option>
            <option value="long_only">Long only</option>
          </NativeSelect>
        </Field>
      </div>

      <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-5">{numberFields(ENGINE_FIELDS)}</div>
      <FieldError>{errorMessage(active.error) ?? errors.grid}</FieldError>
      <Button type="submit" disabled={active.isPending}>
        {active.isPending ? "Running…" : mode === "single" ? "Run backtest" : "Run sweep"}
      </Button>
    </form>
  );
}
