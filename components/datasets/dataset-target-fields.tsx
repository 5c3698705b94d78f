"use client";

import { useQuery } from "@tanstack/react-query";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/react";

/** A job's dataset window as the inputs hold it (text; "" for not given). */
export interface TargetValues {
  datasetId: string;
  version: string;
  symbol: string;
  start: string;
  end: string;
  allowSynthetic: boolean;
}

export const EMPTY_TARGET: TargetValues = { datasetId: "", version: "", symbol: "", start: "", end: "", allowSynthetic: false };

/** The inputs of a job's `target` (BacktestTarget) as a stored or parsed job input has them. */
export function targetValues(t: { datasetId: string; version?: number; symbol?: string; start?: string; end?: string; allowSynthetic?: boolean }): TargetValues {
  return { datasetId: t.datasetId, version: t.version ? String(t.version) : "", symbol: t.symbol ?? "", start: t.start ?? "", end: t.end ?? "", allowSynthetic: t.allowSynthetic ?? false };
}

/** The request's `target`: empty inputs left out, so the server picks the latest version, the only symbol and the whole range. */
export function targetRequest(t: TargetValues) {
  return {
    datasetId: t.datasetId,
    version: t.version ? Number(t.version) : undefined,
    symbol: t.symbol || undefined,
    start: t.start || undefined,
    end: t.end || undefined,
    allowSynthetic: t.allowSynthetic,
  };
}

const day = (d: string | Date) => new Date(d).toISOString().slice(0, 10);

/**
 * Dataset, version, symbol (when the version holds several) and an optional window, with the
 * chosen version's range below; a synthetic dataset asks to be allowed. Errors by the request's
 * paths (`target.datasetId`, …). `idPrefix` keeps input ids apart when two forms share a page.
 */
export function DatasetTargetFields({
  teamSlug,
  idPrefix,
  target,
  onChange,
  errors,
}: {
  teamSlug: string;
  idPrefix: string;
  target: TargetValues;
  onChange: (t: TargetValues) => void;
  errors: Record<string, string | undefined>;
}) {
  const trpc = useTRPC();
  const datasets = useQuery(trpc.datasets.list.queryOptions({ teamSlug }));
  const dataset = datasets.data?.find((d) => d.id === target.datasetId);
  const version = dataset?.versions.find((v) => String(v.version) === target.version) ?? dataset?.versions[0];
  const symbols = version?.symbols.map((s) => s.symbol) ?? [];
  const id = (k: string) => `${idPrefix}-${k}`;
  const set = (k: keyof TargetValues) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    onChange({ ...target, [k]: e.target.type === "checkbox" ? (e.target as HTMLInputElement).checked : e.target.value });
  const bounds = version ? { min: day(version.firstBar), max: day(version.lastBar) } : {};

  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium">Data</legend>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <Field id={id("dataset")} label="Dataset" error={errors["target.datasetId"]}>
          <NativeSelect id={id("dataset")} value={target.datasetId} onChange={(e) => onChange({ ...target, datasetId: e.target.value, version: "", symbol: "" })} className="w-full">
            <option value="">Choose…</option>
            {datasets.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
                {d.kind === "synthetic" ? " (synthetic)" : ""}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field id={id("version")} label="Version" error={errors["target.version"]}>
          <NativeSelect id={id("version")} value={target.version} onChange={set("version")} className="w-full" disabled={!dataset}>
            <option value="">latest{dataset?.versions[0] ? ` (v${dataset.versions[0].version})` : ""}</option>
            {dataset?.versions.map((v) => (
              <option key={v.id} value={String(v.version)}>
                v{v.version}
              </option>
            ))}
          </NativeSelect>
        </Field>
        {symbols.length > 1 ? (
          <Field id={id("symbol")} label="Symbol" error={errors["target.symbol"]}>
            <NativeSelect id={id("symbol")} value={target.symbol} onChange={set("symbol")} className="w-full">
              <option value="">Choose…</option>
              {symbols.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </NativeSelect>
          </Field>
        ) : null}
        <Field id={id("start")} label="From (optional)" error={errors["target.start"]}>
          <Input id={id("start")} type="date" value={target.start} onChange={set("start")} {...bounds} />
        </Field>
        <Field id={id("end")} label="To (optional)" error={errors["target.end"]}>
          <Input id={id("end")} type="date" value={target.end} onChange={set("end")} {...bounds} />
        </Field>
      </div>
      {version ? (
        <p className="text-xs text-muted-foreground" data-testid="dataset-range">
          v{version.version}: {symbols.join(", ")} · {day(version.firstBar)} → {day(version.lastBar)} · {version.rowCount.toLocaleString()} bars
        </p>
      ) : null}
      {dataset?.kind === "synthetic" ? (
        <label className="flex items-center gap-2 text-sm text-destructive">
          <input type="checkbox" checked={target.allowSynthetic} onChange={set("allowSynthetic")} />
          Allow synthetic data (results will be labelled synthetic)
        </label>
      ) : null}
    </fieldset>
  );
}
