"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { FieldError } from "@/components/ui/label";
import { errorMessage, fieldErrors } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { useDebouncedValue } from "@/lib/use-debounced-value";

/** A monitor's settings as the service stores them (DriftCheckSettings). */
export interface MonitorValues {
  cron: string;
  timeZone: string;
  enabled: boolean;
  settings: {
    current: { source: "log"; hours: number; maxRows: number } | { source: "dataset"; datasetId: string; symbol?: string; bars: number };
    minRows: number;
    outcomes: { datasetId: string; symbol?: string; hours: number; window: number } | null;
  };
}

const PRESETS = [
  { label: "Hourly", cron: "0 * * * *" },
  { label: "Daily 06:00", cron: "0 6 * * *" },
  { label: "Weekdays 22:00", cron: "0 22 * * 1-5" },
];
const DEFAULTS: MonitorValues = { cron: "0 * * * *", timeZone: "UTC", enabled: true, settings: { current: { source: "log", hours: 24, maxRows: 5000 }, minRows: 50, outcomes: null } };
/** A number input's value as typed ("" → NaN, for the server to name). */
const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));

/**
 * Set a deployment's drift monitor: when checks run (cron in a time zone, shown in words as it is
 * typed), what they compare the training window with (the logged requests of the last hours, or
 * a market's latest bars), the fewest rows worth a check, and optionally the bars on which
 * logged predictions' outcomes are realised (performance drift). The server names any bad field.
 */
export function MonitorForm({ teamSlug, deployment, monitor, onDone }: { teamSlug: string; deployment: string; monitor: MonitorValues | null; onDone: () => void }) {
  const trpc = useTRPC();
  const v = monitor ?? DEFAULTS;
  const [cron, setCron] = useState(v.cron);
  const [timeZone, setTimeZone] = useState(v.timeZone);
  const [enabled, setEnabled] = useState(v.enabled);
  const c = v.settings.current;
  const [source, setSource] = useState<"log" | "dataset">(c.source);
  const [hours, setHours] = useState(String(c.source === "log" ? c.hours : 24));
  const [maxRows, setMaxRows] = useState(String(c.source === "log" ? c.maxRows : 5000));
  const [currentDataset, setCurrentDataset] = useState(c.source === "dataset" ? c.datasetId : "");
  const [currentSymbol, setCurrentSymbol] = useState(c.source === "dataset" ? (c.symbol ?? "") : "");
  const [bars, setBars] = useState(String(c.source === "dataset" ? c.bars : 250));
  const [minRows, setMinRows] = useState(String(v.settings.minRows));
  const o = v.settings.outcomes;
  const [outcomesDataset, setOutcomesDataset] = useState(o?.datasetId ?? "");
  const [outcomesSymbol, setOutcomesSymbol] = useState(o?.symbol ?? "");
  const [outcomesHours, setOutcomesHours] = useState(String(o?.hours ?? 24 * 90));
  const [rollWindow, setRollWindow] = useState(String(o?.window ?? 50));

  const datasets = useQuery(trpc.datasets.list.queryOptions({ teamSlug }));
  const typed = { cron: useDebouncedValue(cron, 300), timeZone: useDebouncedValue(timeZone, 300) };
  const preview = useQuery({ ...trpc.schedules.preview.queryOptions({ teamSlug, ...typed }), retry: false });
  const save = useMutation(trpc.monitoring.setMonitor.mutationOptions({ onSuccess: onDone }));
  const errors = { ...fieldErrors(preview.error), ...fieldErrors(save.error) };

  const submit = () =>
    save.mutate({
      teamSlug,
      deployment,
      cron,
      timeZone,
      enabled,
      settings: {
        current: source === "log" ? { source, hours: num(hours), maxRows: num(maxRows) } : { source, datasetId: currentDataset, symbol: currentSymbol || undefined, bars: num(bars) },
        minRows: num(minRows),
        outcomes: outcomesDataset ? { datasetId: outcomesDataset, symbol: outcomesSymbol || undefined, hours: num(outcomesHours), window: num(rollWindow) } : null,
      },
    });
  const datasetOptions = (datasets.data ?? []).map((d) => (
    <option key={d.id} value={d.id}>
      {d.name}
      {d.kind === "synthetic" ? " (synthetic)" : ""}
    </option>
  ));

  return (
    <form
      aria-label="Drift monitor"
      className="space-y-4 rounded-lg border p-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="flex flex-wrap items-start gap-4">
        <div className="w-56">
          <Field id="monitor-cron" label="Cron" error={errors.cron}>
            <Input id="monitor-cron" className="font-mono" value={cron} onChange={(e) => setCron(e.target.value)} aria-invalid={!!errors.cron} />
          </Field>
          <div className="mt-1 flex flex-wrap gap-1">
            {PRESETS.map((p) => (
              <button key={p.cron} type="button" className="rounded border px-1.5 text-xs hover:bg-muted" onClick={() => setCron(p.cron)}>
                {p.label}
              </button>
            ))}
          </div>
        </div>
        <div className="w-56">
          <Field id="monitor-zone" label="Time zone" error={errors.timeZone}>
            <Input id="monitor-zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} aria-invalid={!!errors.timeZone} />
          </Field>
        </div>
        <p className="min-w-56 flex-1 pt-7 text-sm" aria-live="polite" data-testid="monitor-cron-description">
          {preview.data && !errors.cron && !errors.timeZone ? `Checks ${preview.data.description} (${typed.timeZone})` : null}
        </p>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Scheduled checks on
      </label>

      <fieldset className="flex flex-wrap items-start gap-4">
        <legend className="mb-2 text-sm font-medium">Compare the training window with</legend>
        <div className="w-56">
          <Field id="monitor-source" label="Current data">
            <NativeSelect id="monitor-source" className="w-full" value={source} onChange={(e) => setSource(e.target.value as "log" | "dataset")}>
              <option value="log">Logged requests</option>
              <option value="dataset">A market&apos;s latest bars</option>
            </NativeSelect>
          </Field>
        </div>
        {source === "log" ? (
          <>
            <div className="w-32">
              <Field id="monitor-hours" label="Last hours" error={errors["settings.current.hours"]}>
                <Input id="monitor-hours" inputMode="decimal" value={hours} onChange={(e) => setHours(e.target.value)} />
              </Field>
            </div>
            <div className="w-32">
              <Field id="monitor-max-rows" label="At most rows" error={errors["settings.current.maxRows"]}>
                <Input id="monitor-max-rows" inputMode="numeric" value={maxRows} onChange={(e) => setMaxRows(e.target.value)} />
              </Field>
            </div>
          </>
        ) : (
          <>
            <div className="w-56">
              <Field id="monitor-current-dataset" label="Dataset" error={errors["settings.current.datasetId"]}>
                <NativeSelect id="monitor-current-dataset" className="w-full" value={currentDataset} onChange={(e) => setCurrentDataset(e.target.value)}>
                  <option value="">Choose…</option>
                  {datasetOptions}
                </NativeSelect>
              </Field>
            </div>
            <div className="w-28">
              <Field id="monitor-current-symbol" label="Symbol" error={errors["settings.current.symbol"]}>
                <Input id="monitor-current-symbol" value={currentSymbol} onChange={(e) => setCurrentSymbol(e.target.value)} placeholder="its only one" />
              </Field>
            </div>
            <div className="w-28">
              <Field id="monitor-bars" label="Last bars" error={errors["settings.current.bars"]}>
                <Input id="monitor-bars" inputMode="numeric" value={bars} onChange={(e) => setBars(e.target.value)} />
              </Field>
            </div>
          </>
        )}
        <div className="w-32">
          <Field id="monitor-min-rows" label="Fewest rows" error={errors["settings.minRows"]} hint="fewer: skipped">
            <Input id="monitor-min-rows" inputMode="numeric" value={minRows} onChange={(e) => setMinRows(e.target.value)} />
          </Field>
        </div>
      </fieldset>

      <fieldset className="flex flex-wrap items-start gap-4">
        <legend className="mb-2 text-sm font-medium">Realised outcomes (performance drift)</legend>
        <div className="w-56">
          <Field id="monitor-outcomes-dataset" label="Outcome bars" error={errors["settings.outcomes.datasetId"]} hint="predictions of bars only">
            <NativeSelect id="monitor-outcomes-dataset" className="w-full" value={outcomesDataset} onChange={(e) => setOutcomesDataset(e.target.value)}>
              <option value="">None</option>
              {datasetOptions}
            </NativeSelect>
          </Field>
        </div>
        {outcomesDataset ? (
          <>
            <div className="w-28">
              <Field id="monitor-outcomes-symbol" label="Symbol" error={errors["settings.outcomes.symbol"]}>
                <Input id="monitor-outcomes-symbol" value={outcomesSymbol} onChange={(e) => setOutcomesSymbol(e.target.value)} placeholder="its only one" />
              </Field>
            </div>
            <div className="w-32">
              <Field id="monitor-outcomes-hours" label="Logged in last hours" error={errors["settings.outcomes.hours"]}>
                <Input id="monitor-outcomes-hours" inputMode="decimal" value={outcomesHours} onChange={(e) => setOutcomesHours(e.target.value)} />
              </Field>
            </div>
            <div className="w-32">
              <Field id="monitor-window" label="Rolling window" error={errors["settings.outcomes.window"]}>
                <Input id="monitor-window" inputMode="numeric" value={rollWindow} onChange={(e) => setRollWindow(e.target.value)} />
              </Field>
            </div>
          </>
        ) : null}
      </fieldset>

      <FieldError>{errorMessage(save.error)}</FieldError>
      <div className="flex gap-2">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save monitor"}
        </Button>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
