"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { DatasetTargetFields, EMPTY_TARGET, type TargetValues, targetRequest, targetValues } from "@/components/datasets/dataset-target-fields";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { NativeSelect } from "@/components/ui/input";
import { FieldError } from "@/components/ui/label";
import { buildValue, type FormValues, initialValues, type JsonSchema, omitProperties } from "@/lib/json-schema-form";
import { buildSpace, type SpaceRow, spaceRows } from "@/lib/search-space-form";
import { errorMessage, fieldErrors } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { cn } from "@/lib/utils";
import type { AppRouter } from "@/server/api/root";
import { jobInputLabel } from "./labels";
import { SchemaField, SchemaFields } from "./schema-fields";
import { SearchSpaceEditor } from "./search-space-editor";

type Schemas = inferRouterOutputs<AppRouter>["jobs"]["trainingSchemas"];
type Job = inferRouterOutputs<AppRouter>["jobs"]["get"];

/** Train: one walk-forward run of fixed parameters. Tune: a TPE study over a search space, each trial a walk-forward run. */
type Mode = "train" | "tune";
const MODES: { id: Mode; label: string; kind: "walk_forward" | "tune"; submit: string }[] = [
  { id: "train", label: "Train", kind: "walk_forward", submit: "Start training" },
  { id: "tune", label: "Tune", kind: "tune", submit: "Start tuning" },
];

/** Algorithm parameters keep their API names (what the REST API and run params call them). */
const paramLabel = (_path: string, key: string) => key;

/** The inputs asked for by the form's own controls rather than from the schema. */
const OWN_INPUTS: Record<Mode, string[]> = {
  train: ["target", "features", "model", "online"],
  // The objective is a choice of the label's metrics, and its metric says which way is better.
  tune: ["target", "features", "model", "space", "objective", "direction"],
};

/** Parameter values keyed as the form's paths (`model.params.<name>`), where their errors sit. */
const withPrefix = (v: FormValues): FormValues => Object.fromEntries(Object.entries(v).map(([k, x]) => [`model.params.${k}`, x]));

/** The first error at a path or below it (`features` covers `features.features.0.id`). */
const errorUnder = (errors: Record<string, string | undefined>, path: string) =>
  errors[path] ?? Object.entries(errors).find(([k]) => k.startsWith(`${path}.`))?.[1];

/** What a training or tuning job's stored input gives the form (its schema's output). */
interface TrainingInput {
  target: Parameters<typeof targetValues>[0];
  features: unknown;
  model: { algorithm: string; params: Record<string, unknown> };
  experiment?: string;
  [key: string]: unknown;
}

/** The form filled from an earlier job: its data, splits, label, features and settings, its algorithm with its parameters, and a tuning job's best trial's parameters over them. */
interface Prefill {
  input: TrainingInput;
  params: Record<string, unknown>;
  note: string;
}

function prefillFrom(job: Job): Prefill | null {
  if (job.kind !== "walk_forward" && job.kind !== "tune") return null;
  // The experiment stays the training default: a tuning job's ("Tuning") is not where a training run goes.
  const { experiment: _experiment, ...input } = job.input as TrainingInput;
  const best = job.kind === "tune" ? (job.result as { best: { number: number; params: Record<string, unknown> } | null } | null)?.best : null;
  return {
    input,
    params: { ...input.model.params, ...best?.params },
    note: best ? `Filled in from the tuning job with trial ${best.number}'s parameters (the best).` : "Filled in from an earlier job.",
  };
}

export function TrainingForm({ teamSlug, fromJobId }: { teamSlug: string; fromJobId?: string }) {
  const trpc = useTRPC();
  const schemas = useQuery(trpc.jobs.trainingSchemas.queryOptions({ teamSlug }, { staleTime: Number.POSITIVE_INFINITY }));
  const from = useQuery({ ...trpc.jobs.get.queryOptions({ teamSlug, id: fromJobId ?? "" }), enabled: !!fromJobId, staleTime: Number.POSITIVE_INFINITY });
  if (schemas.error) return <p className="text-sm text-destructive">{schemas.error.message}</p>;
  if (!schemas.data || (fromJobId && from.isPending)) return <div className="h-96 animate-pulse rounded-xl bg-muted" />;
  return (
    <>
      {from.error ? <p className="text-sm text-destructive">The job to start from cannot be read: {from.error.message}</p> : null}
      <LoadedTrainingForm teamSlug={teamSlug} schemas={schemas.data} prefill={from.data ? prefillFrom(from.data) : null} />
    </>
  );
}

function LoadedTrainingForm({ teamSlug, schemas, prefill }: { teamSlug: string; schemas: Schemas; prefill: Prefill | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const schemaOf: Record<Mode, JsonSchema> = { train: schemas.walkForward as JsonSchema, tune: schemas.tune as JsonSchema };
  const [generic] = useState(() => ({ train: omitProperties(schemaOf.train, OWN_INPUTS.train), tune: omitProperties(schemaOf.tune, OWN_INPUTS.tune) }));
  const [defaults] = useState(() => ({ train: initialValues(generic.train), tune: initialValues(generic.tune) }));
  const [mode, setMode] = useState<Mode>("train");
  // One set of values for both modes: splits, label and settings carry over when the mode changes.
  const [values, setValues] = useState<FormValues>(() => ({ ...defaults.tune, ...(prefill ? initialValues(generic.train, "", prefill.input) : defaults.train) }));
  const [algorithm, setAlgorithm] = useState(() => schemas.algorithms.find((a) => a.id === prefill?.input.model.algorithm)?.id ?? schemas.algorithms[0]!.id);
  const [paramDefaults] = useState<Record<string, FormValues>>(() =>
    Object.fromEntries(schemas.algorithms.map((a) => [a.id, initialValues(a.params as JsonSchema)])),
  );
  const [params, setParams] = useState(() =>
    prefill ? { ...paramDefaults, [algorithm]: initialValues(schemas.algorithms.find((a) => a.id === algorithm)!.params as JsonSchema, "", prefill.params) } : paramDefaults,
  );
  const [defaultSpaces] = useState<Record<string, SpaceRow[]>>(() => Object.fromEntries(schemas.algorithms.map((a) => [a.id, spaceRows(a.defaultSpace)])));
  const [spaces, setSpaces] = useState(defaultSpaces);
  const [objective, setObjective] = useState("");
  const [online, setOnline] = useState(prefill?.input.online === true);
  const [features, setFeatures] = useState(() => JSON.stringify(prefill?.input.features ?? schemaOf.train.properties!.features!.default, null, 2));
  const [target, setTarget] = useState<TargetValues>(() => (prefill ? targetValues(prefill.input.target) : EMPTY_TARGET));
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
  const metrics = schemas.metrics.filter((m) => m.task === task);
  const metric = metrics.find((m) => m.key === objective) ?? metrics[0];
  const rows = spaces[algorithm]!;
  // A tuned parameter is drawn per trial: its fixed value is neither asked for nor sent.
  const fixedParams = mode === "tune" ? omitProperties(algo.params as JsonSchema, rows.map((r) => r.name)) : (algo.params as JsonSchema);

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
  /** Inputs still at one mode's default take the other's (the experiment a job goes into). */
  const switchMode = (next: Mode) => {
    setValues((v) => {
      const out = { ...v };
      for (const [k, d] of Object.entries(defaults[next])) if (v[k] === defaults[mode][k]) out[k] = d;
      return out;
    });
    setMode(next);
  };

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const rest = buildValue(generic[mode], values);
    const modelParams = buildValue(fixedParams, params[algorithm]!);
    const found: Record<string, string> = { ...rest.errors, ...Object.fromEntries(Object.entries(modelParams.errors).map(([k, v]) => [`model.params.${k}`, v])) };
    if (!target.datasetId) found["target.datasetId"] = "choose a dataset";
    let featureSpec: unknown;
    try {
      featureSpec = JSON.parse(features);
    } catch (err) {
      found.features = `not valid JSON: ${(err as Error).message}`;
    }
    const space = buildSpace(rows, schemaOf.tune.properties!.space!);
    if (mode === "tune") {
      Object.assign(found, space.errors);
      if (!rows.length) found.space = "add at least one parameter to tune";
      if (!metric) found.objective = "this label kind has no metric to tune for";
    }
    setClientErrors(found);
    if (Object.keys(found).length) return;
    const common = { ...rest.value, target: targetRequest(target), features: featureSpec, model: { algorithm, params: modelParams.value } };
    enqueue.mutate(
      mode === "train"
        ? // A tick left from an online algorithm does not carry over to one without partialFit.
          { teamSlug, kind: "walk_forward", input: { ...common, online: online && algo.online } }
        : { teamSlug, kind: "tune", input: { ...common, space: space.value, objective: metric!.key, direction: metric!.higherIsBetter ? "maximize" : "minimize" } },
    );
  }

  const schemaField = (name: string) => (
    <SchemaField parent={generic[mode]} name={name} values={values} defaults={defaults[mode]} onChange={setValue} errors={errors} label={jobInputLabel} />
  );
  const hidden = Object.keys(errors).filter((k) => errors[k]).length;

  return (
    <form aria-label={mode === "train" ? "New training job" : "New tuning job"} onSubmit={submit} noValidate className="space-y-5 rounded-xl border p-5">
      <div role="tablist" aria-label="Job" className="inline-flex rounded-lg border p-0.5">
        {MODES.map((m) => (
          <button
            key={m.id}
            type="button"
            role="tab"
            aria-selected={mode === m.id}
            onClick={() => switchMode(m.id)}
            className={cn("rounded-md px-4 py-1.5 text-sm font-medium", mode === m.id ? "bg-primary text-primary-foreground" : "text-muted-foreground hover:bg-muted")}
          >
            {m.label}
          </button>
        ))}
      </div>
      {mode === "tune" ? (
        <p className="text-sm text-muted-foreground">
          A TPE study (Optuna&apos;s defaults): each trial draws parameters from the search space and is scored by walk-forward on the last folds; the median pruner stops trials whose running mean falls behind.
        </p>
      ) : null}
      {prefill ? (
        <p className="rounded-md bg-sky-500/10 p-2 text-sm" data-testid="prefill-note">
          {prefill.note}
        </p>
      ) : null}

      <DatasetTargetFields teamSlug={teamSlug} idPrefix="tf" target={target} onChange={setTarget} errors={errors} />

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
          {mode === "train" ? (
            <div className="flex items-end pb-2">
              <label className="flex items-center gap-2 text-sm" title={algo.online ? undefined : "this algorithm has no partialFit"}>
                <input type="checkbox" id="tf-online" checked={online && algo.online} disabled={!algo.online} onChange={(e) => setOnline(e.target.checked)} />
                Online learning across folds
              </label>
            </div>
          ) : null}
        </div>
        <FieldError>{errors.online}</FieldError>
        <h3 className="text-sm font-medium">
          {mode === "train" ? `Parameters of ${algo.label}` : `Fixed parameters of ${algo.label} (the search space's are drawn per trial)`}
        </h3>
        <div data-testid="algorithm-params">
          <SchemaFields
            key={`${algorithm}-${mode}`}
            schema={fixedParams}
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

      {mode === "tune" ? (
        <>
          <fieldset className="space-y-3 rounded-lg border p-4">
            <legend className="px-1 text-sm font-medium">Search space</legend>
            <SearchSpaceEditor
              rows={rows}
              onChange={(next) => setSpaces((s) => ({ ...s, [algorithm]: next }))}
              params={algo.params as JsonSchema}
              space={schemaOf.tune.properties!.space!}
              defaultRows={defaultSpaces[algorithm]!}
              errors={errors}
            />
          </fieldset>
          <fieldset className="space-y-3 rounded-lg border p-4">
            <legend className="px-1 text-sm font-medium">Study</legend>
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              <Field id="tf-objective" label="Objective" error={errors.objective ?? errors.direction} hint={metric ? `mean over the scored folds; ${metric.higherIsBetter ? "maximized" : "minimized"}` : undefined}>
                <NativeSelect id="tf-objective" value={metric?.key ?? ""} onChange={(e) => setObjective(e.target.value)} className="w-full">
                  {metrics.map((m) => (
                    <option key={m.key} value={m.key}>
                      {m.label} ({m.key})
                    </option>
                  ))}
                </NativeSelect>
              </Field>
              {schemaField("trials")}
              {schemaField("lastFolds")}
              {schemaField("seed")}
            </div>
            {schemaField("pruner")}
            <details className="rounded-lg border p-4">
              <summary className="cursor-pointer text-sm font-medium">TPE sampler settings</summary>
              <div className="mt-3">{schemaField("sampler")}</div>
            </details>
          </fieldset>
        </>
      ) : null}

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
      {mode === "train" ? schemaField("importance") : null}
      {mode === "train" ? schemaField("register") : null}
      <div className="grid gap-4 sm:grid-cols-2">{schemaField("experiment")}</div>

      <FieldError>{errorMessage(enqueue.error) ?? (hidden ? `${hidden} field${hidden > 1 ? "s" : ""} need${hidden > 1 ? "" : "s"} attention` : null)}</FieldError>
      <Button type="submit" disabled={enqueue.isPending}>
        {enqueue.isPending ? "Starting…" : MODES.find((m) => m.id === mode)!.submit}
      </Button>
    </form>
  );
}
