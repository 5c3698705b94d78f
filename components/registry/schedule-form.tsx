"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { FieldError, Label } from "@/components/ui/label";
import { errorMessage, fieldErrors } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { useDebouncedValue } from "@/lib/use-debounced-value";

type OnPass = "request_production" | "staging";
interface GateRow {
  metric: string;
  bound: "min" | "max";
  value: string;
}
export interface ScheduleValues {
  cron: string;
  timeZone: string;
  enabled: boolean;
  onPass: OnPass;
  gates: { min?: Record<string, number>; max?: Record<string, number>; maxDegradation?: number; degradationMetric?: string };
}

const PRESETS = [
  { label: "Daily 02:00", cron: "0 2 * * *" },
  { label: "Weekdays 06:30", cron: "30 6 * * 1-5" },
  { label: "Sunday 03:00", cron: "0 3 * * 0" },
  { label: "1st of the month", cron: "0 4 1 * *" },
];

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const zones = (): string[] => (typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []);

function rowsOf(gates: ScheduleValues["gates"]): GateRow[] {
  return [
    ...Object.entries(gates.min ?? {}).map(([metric, v]) => ({ metric, bound: "min" as const, value: String(v) })),
    ...Object.entries(gates.max ?? {}).map(([metric, v]) => ({ metric, bound: "max" as const, value: String(v) })),
  ];
}

/** The form's gates as the service takes them; a value that is not a number is sent as it is typed, for the server to name. */
function gatesOf(rows: GateRow[], degradationPct: string, degradationMetric: string): ScheduleValues["gates"] {
  const bounds = (bound: "min" | "max") => {
    const picked = rows.filter((r) => r.bound === bound && r.metric.trim());
    return picked.length ? Object.fromEntries(picked.map((r) => [r.metric.trim(), r.value.trim() === "" ? Number.NaN : Number(r.value)])) : undefined;
  };
  return {
    min: bounds("min"),
    max: bounds("max"),
    maxDegradation: degradationPct.trim() === "" ? undefined : Number(degradationPct) / 100,
    degradationMetric: degradationMetric || undefined,
  };
}

/**
 * Add or edit a retraining schedule: cron (with presets) read in a time zone, shown in words
 * with its next runs as it is typed; gates on the retrained run's metrics and its degradation
 * against Production; what a pass does. The server checks everything and names the field.
 */
export function ScheduleForm({
  teamSlug,
  model,
  metrics,
  schedule,
  onDone,
}: {
  teamSlug: string;
  model: string;
  /** Metric names the model's versions report (suggestions; the server knows the full list). */
  metrics: string[];
  /** The schedule being edited; absent to add one. */
  schedule?: ScheduleValues & { id: string };
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const [cron, setCron] = useState(schedule?.cron ?? "0 2 * * *");
  const [timeZone, setTimeZone] = useState(schedule?.timeZone ?? browserZone());
  const [enabled, setEnabled] = useState(schedule?.enabled ?? true);
  const [onPass, setOnPass] = useState<OnPass>(schedule?.onPass ?? "request_production");
  const [rows, setRows] = useState<GateRow[]>(schedule ? rowsOf(schedule.gates) : [{ metric: "r2", bound: "min", value: "-0.1" }]);
  const [degradationPct, setDegradationPct] = useState(schedule?.gates.maxDegradation !== undefined ? String(schedule.gates.maxDegradation * 100) : "10");
  const [degradationMetric, setDegradationMetric] = useState(schedule?.gates.degradationMetric ?? "");

  const typed = { cron: useDebouncedValue(cron, 300), timeZone: useDebouncedValue(timeZone, 300) };
  const preview = useQuery({ ...trpc.schedules.preview.queryOptions({ teamSlug, ...typed }), retry: false });
  const previewErrors = fieldErrors(preview.error);

  const create = useMutation(trpc.schedules.create.mutationOptions({ onSuccess: onDone }));
  const update = useMutation(trpc.schedules.update.mutationOptions({ onSuccess: onDone }));
  const saving = schedule ? update : create;
  const errors = fieldErrors(saving.error);
  const gateError = Object.entries(errors).find(([k]) => k.startsWith("gates.min") || k.startsWith("gates.max.") || k === "gates")?.[1];
  const setRow = (i: number, patch: Partial<GateRow>) => setRows(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));

  const submit = () => {
    const values = { cron, timeZone, enabled, onPass, gates: gatesOf(rows, degradationPct, degradationMetric) };
    if (schedule) update.mutate({ teamSlug, id: schedule.id, ...values });
    else create.mutate({ teamSlug, model, ...values });
  };

  return (
    <form
      aria-label={schedule ? "Edit schedule" : "Add schedule"}
      className="space-y-4 rounded-lg border p-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="flex flex-wrap gap-4">
        <div className="w-56 space-y-1.5">
          <Label htmlFor="schedule-cron">Cron</Label>
          <Input id="schedule-cron" className="font-mono" value={cron} onChange={(e) => setCron(e.target.value)} aria-invalid={!!(errors.cron ?? previewErrors.cron)} aria-describedby="schedule-cron-help" />
          <div className="flex flex-wrap gap-1">
            {PRESETS.map((p) => (
              <button key={p.cron} type="button" className="rounded border px-1.5 text-xs hover:bg-muted" onClick={() => setCron(p.cron)}>
                {p.label}
              </button>
            ))}
          </div>
        </div>
        <div className="w-64 space-y-1.5">
          <Label htmlFor="schedule-zone">Time zone</Label>
          <Input id="schedule-zone" list="schedule-zones" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} aria-invalid={!!(errors.timeZone ?? previewErrors.timeZone)} />
          <datalist id="schedule-zones">
            {zones().map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
        <div id="schedule-cron-help" className="min-w-64 flex-1 space-y-1 text-sm" aria-live="polite">
          <FieldError>{errors.cron ?? previewErrors.cron ?? errors.timeZone ?? previewErrors.timeZone}</FieldError>
          {preview.data && !previewErrors.cron && !previewErrors.timeZone ? (
            <>
              <p className="font-medium" data-testid="cron-description">
                Runs {preview.data.description} ({typed.timeZone})
              </p>
              <p className="text-muted-foreground">Next: {preview.data.upcoming.map((d) => new Date(d).toLocaleString()).join(" · ")}</p>
            </>
          ) : null}
        </div>
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Gates on the retrained model</legend>
        {rows.map((r, i) => (
          <div key={i} className="flex items-center gap-2">
            <Input aria-label={`Gate ${i + 1} metric`} list="schedule-metrics" className="w-44" value={r.metric} onChange={(e) => setRow(i, { metric: e.target.value })} />
            <NativeSelect aria-label={`Gate ${i + 1} bound`} value={r.bound} onChange={(e) => setRow(i, { bound: e.target.value as GateRow["bound"] })}>
              <option value="min">above</option>
              <option value="max">below</option>
            </NativeSelect>
            <Input aria-label={`Gate ${i + 1} value`} className="w-28" inputMode="decimal" value={r.value} onChange={(e) => setRow(i, { value: e.target.value })} />
            <Button type="button" size="sm" variant="ghost" onClick={() => setRows(rows.filter((_, k) => k !== i))}>
              Remove
            </Button>
          </div>
        ))}
        <datalist id="schedule-metrics">
          {metrics.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <Button type="button" size="sm" variant="outline" onClick={() => setRows([...rows, { metric: "", bound: "min", value: "" }])}>
          Add a metric gate
        </Button>
        <FieldError>{gateError}</FieldError>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <Label htmlFor="schedule-degradation">At most</Label>
          <Input id="schedule-degradation" className="w-20" inputMode="decimal" value={degradationPct} onChange={(e) => setDegradationPct(e.target.value)} aria-invalid={!!errors["gates.maxDegradation"]} />
          <span>% worse than Production on</span>
          <NativeSelect aria-label="Degradation metric" value={degradationMetric} onChange={(e) => setDegradationMetric(e.target.value)}>
            <option value="">the headline metric (RMSE / macro F1)</option>
            {metrics.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </NativeSelect>
          <span className="text-muted-foreground">(empty: no degradation gate)</span>
        </div>
        <FieldError>{errors["gates.maxDegradation"] ?? errors["gates.degradationMetric"]}</FieldError>
      </fieldset>

      <div className="flex flex-wrap items-center gap-4 text-sm">
        <Label htmlFor="schedule-on-pass">When the gates pass</Label>
        <NativeSelect id="schedule-on-pass" value={onPass} onChange={(e) => setOnPass(e.target.value as OnPass)}>
          <option value="request_production">register and request Production (a reviewer approves)</option>
          <option value="staging">register and move to Staging</option>
        </NativeSelect>
        <label className="inline-flex items-center gap-2">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled
        </label>
      </div>

      <FieldError>{errorMessage(saving.error)}</FieldError>
      <div className="flex gap-2">
        <Button type="submit" disabled={saving.isPending}>
          {schedule ? "Save schedule" : "Add schedule"}
        </Button>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
