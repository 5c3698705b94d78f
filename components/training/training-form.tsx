"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { FieldError } from "@/components/ui/label";
import { buildValue, type FormValues, humanize, initialValues, type JsonSchema, omitProperties } from "@/lib/json-schema-form";
import { errorMessage, fieldErrors } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import type { AppRouter } from "@/server/api/root";
import { SchemaField, SchemaFields } from "./schema-fields";

type Schemas = inferRouterOutputs<AppRouter>["jobs"]["trainingSchemas"];

/** Labels of the walk-forward inputs (others are their property names, humanized). */
const LABELS: Record<string, string> = {
  splits: "Walk-forward splits",
  "splits.trainMonths": "Train window (months)",
  "splits.testMonths": "Test window (months)",
  "splits.stepMonths": "Step (months)",
  "splits.mode": "Window",
  "splits.purgeRows": "Purge (rows)",
  "splits.embargo": "Embargo (bars)",
  label: "What the model predicts",
  "label.kind": "Label kind",
  "label.horizon": "Horizon (bars)",
  "label.buy": "BUY above (forward return)",
  "label.sell": "SELL below (forward return)",
  settings: "Backtest of the out-of-sample predictions",
  "settings.startCash": "Capital ($)",
  "settings.costs": "Costs",
  "settings.costs.feeBps": "Fees (bps)",
  "settings.costs.slippageBps": "Slippage (bps)",
  "settings.costs.commissionPerShare": "Commission ($/share)",
  "settings.sizing": "Position sizing",
  "settings.sizing.kind": "Sizing",
  "settings.sizing.fraction": "Position (fraction of equity)",
  "settings.sizing.winRate": "Win rate",
  "settings.direction": "Positions",
  importance: "Permutation importance on the last fold",
  "importance.nRepeats": "Repeats",
  "importance.seed": "Seed",
  register: "Register the model as a new version",
  "register.model": "Registered model name",
  "register.description": "Version description",
  experiment: "Experiment",
};
const walkForwardLabel = (path: string, key: string) => LABELS[path] ?? humanize(key);
/** Algorithm parameters keep their API names (what the REST API and run params call them). */
const paramLabel = (_path: string, key: string) => key;

/** The inputs asked for by the form's own controls rather than from the schema. */
const OWN_INPUTS = ["target", "features", "model", "online"];

/** Parameter values keyed as the form's paths (`model.params.<name>`), where their errors sit. */
const withPrefix = (v: FormValues): FormValues => Object.fromEntries(Object.entries(v).map(([k, x]) => [`model.params.${k}`, x]));

const day = (d: string | Date) => new Date(d).toISOString().slice(0, 10);

/** The first error at a path or below it (`features` covers `features.features.0.id`). */
const errorUnder = (errors: Record<string, string | undefined>, path: string) =>
  errors[path] ?? Object.entries(errors).find(([k]) => k.startsWith(`${path}.`))?.[1];

export function TrainingForm({ teamSlug }: { teamSlug: string }) {
  const trpc = useTRPC();
  const schemas = useQuery(trpc.jobs.trainingSchemas.queryOptions({ teamSlug }, { staleTime: Number.POSITIVE_INFINITY }));
  if (schemas.error) return <p className="text-sm text-destructive">{schemas.error.message}</p>;
  if (!schemas.data) return <div className="h-96 animate-pulse rounded-xl bg-muted" />;
  return <LoadedTrainingForm teamSlug={teamSlug} schemas={schemas.data} />;
}

function LoadedTrainingForm({ teamSlug, schemas }: { teamSlug: string; schemas: Schemas }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const datasets = useQuery(trpc.datasets.list.queryOptions({ teamSlug }));
  const walkForward = schemas.walkForward as JsonSchema;
  const [generic] = useState(() => omitProperties(walkForward, OWN_INPUTS));
  const [defaults] = useState<FormValues>(() => initialValues(generic));
  const [values, setValues] = useState<FormValues>(defaults);
  const [algorithm, setAlgorithm] = useState(schemas.algorithms[0]!.id);
  const [paramDefaults] = useState<Record<string, FormValues>>(() =>
    Object.fromEntries(schemas.algorithms.map((a) => [a.id, initialValues(a.params as JsonSchema)])),
  );
  const [params, setParams] = useState(paramDefaults);
  const [online, setOnline] = useState(false);
  const [features, setFeatures] = useState(() => JSON.stringify(walkForward.properties!.features!.default, null, 2));
  const [target, setTarget] = useState({ datasetId: "", version: "", symbol: "", start: "", end: "", allowSynthetic: false });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});

  const enqueue = useMutation(
    trpc.jobs.enqueue.mutationOptions({
      onSuccess: async (job) => {
        await queryClient.invalidateQueries(trpc.jobs.list.queryFilter({ teamSlug }));
        router.push(`/${teamSlug}/jobs/${job.id}`);
      },
    }),
  );
  // The server's paths start at the request's `input`; the form's at the job input.
  const serverErrors = Object.fromEntries(Object.entries(fieldErrors(enqueue.error)).map(([k, v]) => [k.replace(/^input\./, ""), v]));
  const errors: Record<string, string | undefined> = { ...serverErrors, ...clientErrors };

  const task = String(values["label.kind"]);
  const choices = schemas.algorithms.filter((a) => a.tasks.includes(task as never));
  const algo = schemas.algorithms.find((a) => a.id === algorithm)!;
  const dataset = datasets.data?.find((d) => d.id === target.datasetId);
  const version = dataset?.versions.find((v) => String(v.version) === target.version) ?? dataset?.versions[0];
  const symbols = version?.symbols.map((s) => s.symbol) ?? [];

  const setValue = (path: string, v: string | boolean) => {
    setValues((s) => ({ ...s, [path]: v }));
    // A label kind the chosen algorithm cannot learn switches to the first that can.
    if (path === "label.kind" && !algo.tasks.includes(v as never)) {
      const first = schemas.algorithms.find((a) => a.tasks.includes(v as never));
      if (first) setAlgorithm(first.id);
    }
  };
  const setParam = (path: string, v: string | boolean) =>
    setParams((s) => ({ ...s, [algorithm]: { ...s[algorithm], [path.replace(/^model\.params\./, "")]: v } }));
  const setTargetField = (k: keyof typeof target) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setTarget((t) => ({ ...t, [k]: e.target.type === "checkbox" ? (e.target as HTMLInputElement).checked : e.target.value }));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const rest = buildValue(generic, values);
    const modelParams = buildValue(algo.params as JsonSchema, params[algorithm]!);
    const found: Record<string, string> = { ...rest.errors, ...Object.fromEntries(Object.entries(modelParams.errors).map(([k, v]) => [`model.params.${k}`, v])) };
    if (!target.datasetId) found["target.datasetId"] = "choose a dataset";
    let featureSpec: unknown;
    try {
      featureSpec = JSON.parse(features);
    } catch (err) {
      found.features = `not valid JSON: ${(err as Error).message}`;
    }
    setClientErrors(found);
    if (Object.keys(found).length) return;
    enqueue.mutate({
      teamSlug,
      kind: "walk_forward",
      input: {
        ...rest.value,
        target: {
          datasetId: target.datasetId,
          version: target.version ? Number(target.version) : undefined,
          symbol: symbols.length > 1 ? target.symbol || undefined : undefined,
          start: target.start || undefined,
          end: target.end || undefined,
          allowSynthetic: target.allowSynthetic,
        },
        features: featureSpec,
        model: { algorithm, params: modelParams.value },
        // A tick left from an online algorithm does not carry over to one without partialFit.
        online: online && algo.online,
      },
    });
  }

  const schemaField = (name: string) => (
    <SchemaField parent={generic} name={name} values={values} defaults={defaults} onChange={setValue} errors={errors} label={walkForwardLabel} />
  );
  const hidden = Object.keys(errors).filter((k) => errors[k]).length;

  return (
    <form aria-label="New training job" onSubmit={submit} noValidate className="space-y-5 rounded-xl border p-5">
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">Data</legend>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
          <Field id="tf-dataset" label="Dataset" error={errors["target.datasetId"]}>
            <NativeSelect id="tf-dataset" value={target.datasetId} onChange={(e) => setTarget((t) => ({ ...t, datasetId: e.target.value, version: "", symbol: "" }))} className="w-full">
              <option value="">Choose…</option>
              {datasets.data?.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                  {d.kind === "synthetic" ? " (synthetic)" : ""}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field id="tf-version" label="Version" error={errors["target.version"]}>
            <NativeSelect id="tf-version" value={target.version} onChange={setTargetField("version")} className="w-full" disabled={!dataset}>
              <option value="">latest{dataset?.versions[0] ? ` (v${dataset.versions[0].version})` : ""}</option>
              {dataset?.versions.map((v) => (
                <option key={v.id} value={String(v.version)}>
                  v{v.version}
                </option>
              ))}
            </NativeSelect>
          </Field>
          {symbols.length > 1 ? (
            <Field id="tf-symbol" label="Symbol" error={errors["target.symbol"]}>
              <NativeSelect id="tf-symbol" value={target.symbol} onChange={setTargetField("symbol")} className="w-full">
                <option value="">Choose…</option>
                {symbols.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </NativeSelect>
            </Field>
          ) : null}
          <Field id="tf-start" label="From (optional)" error={errors["target.start"]}>
            <Input id="tf-start" type="date" value={target.start} onChange={setTargetField("start")} min={version ? day(version.firstBar) : undefined} max={version ? day(version.lastBar) : undefined} />
          </Field>
          <Field id="tf-end" label="To (optional)" error={errors["target.end"]}>
            <Input id="tf-end" type="date" value={target.end} onChange={setTargetField("end")} min={version ? day(version.firstBar) : undefined} max={version ? day(version.lastBar) : undefined} />
          </Field>
        </div>
        {version ? (
          <p className="text-xs text-muted-foreground" data-testid="dataset-range">
            v{version.version}: {symbols.join(", ")} · {day(version.firstBar)} → {day(version.lastBar)} · {version.rowCount.toLocaleString()} bars
          </p>
        ) : null}
        {dataset?.kind === "synthetic" ? (
          <label className="flex items-center gap-2 text-sm text-destructive">
            <input type="checkbox" checked={target.allowSynthetic} onChange={setTargetField("allowSynthetic")} />
            Allow synthetic data (results will be labelled synthetic)
          </label>
        ) : null}
      </fieldset>

      {schemaField("splits")}
      {schemaField("label")}

      <fieldset className="space-y-3 rounded-lg border p-4">
        <legend className="px-1 text-sm font-medium">Model</legend>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Field id="tf-algorithm" label="Algorithm" error={errors["model.algorithm"] ?? errors.model}>
            <NativeSelect id="tf-algorithm" value={algorithm} onChange={(e) => setAlgorithm(e.target.value as typeof algorithm)} className="w-full">
              {choices.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <div className="flex items-end pb-2">
            <label className="flex items-center gap-2 text-sm" title={algo.online ? undefined : "this algorithm has no partialFit"}>
              <input type="checkbox" id="tf-online" checked={online && algo.online} disabled={!algo.online} onChange={(e) => setOnline(e.target.checked)} />
              Online learning across folds
            </label>
          </div>
        </div>
        <FieldError>{errors.online}</FieldError>
        <h3 className="text-sm font-medium">Parameters of {algo.label}</h3>
        <div data-testid="algorithm-params">
          <SchemaFields
            key={algorithm}
            schema={algo.params as JsonSchema}
            prefix="model.params"
            values={withPrefix(params[algorithm]!)}
            defaults={withPrefix(paramDefaults[algorithm]!)}
            onChange={setParam}
            errors={errors}
            label={paramLabel}
          />
        </div>
        <FieldError>{errors["model.params"]}</FieldError>
      </fieldset>

      <details className="rounded-lg border p-4" open={errorUnder(errors, "features") ? true : undefined}>
        <summary className="cursor-pointer text-sm font-medium">Feature spec (JSON; default: the W3 model inputs)</summary>
        <textarea
          id="tf-features"
          aria-label="Feature spec"
          className="mt-3 h-64 w-full rounded-md border bg-background p-2 font-mono text-xs"
          value={features}
          onChange={(e) => setFeatures(e.target.value)}
          spellCheck={false}
        />
        <FieldError>{errorUnder(errors, "features")}</FieldError>
      </details>

      {schemaField("settings")}
      {schemaField("importance")}
      {schemaField("register")}
      <div className="grid gap-4 sm:grid-cols-2">{schemaField("experiment")}</div>

      <FieldError>{errorMessage(enqueue.error) ?? (hidden ? `${hidden} field${hidden > 1 ? "s" : ""} need${hidden > 1 ? "" : "s"} attention` : null)}</FieldError>
      <Button type="submit" disabled={enqueue.isPending}>
        {enqueue.isPending ? "Starting…" : "Start training"}
      </Button>
    </form>
  );
}
