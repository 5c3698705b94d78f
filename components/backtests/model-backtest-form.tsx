"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { DatasetTargetFields, EMPTY_TARGET, targetRequest } from "@/components/datasets/dataset-target-fields";
import { jobInputLabel } from "@/components/training/labels";
import { SchemaField } from "@/components/training/schema-fields";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/label";
import { buildValue, type FormValues, initialValues, type JsonSchema, omitProperties } from "@/lib/json-schema-form";
import { errorMessage, fieldErrors } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

const label = (path: string, key: string) => (path === "settings" ? "Engine settings" : jobInputLabel(path, key));

/**
 * Queues a `model_backtest` job for one model version: a dataset window (any dataset: on another
 * ticker than the one it learned from it is a cross-ticker evaluation, recorded on the version)
 * and the engine's settings from the job's schema, at their defaults. Opens the job's page.
 */
function ModelBacktestForm({ teamSlug, model, schema, onCancel }: { teamSlug: string; model: { name: string; version: number }; schema: JsonSchema; onCancel: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [generic] = useState(() => omitProperties(schema, ["model", "target"]));
  const [defaults] = useState<FormValues>(() => initialValues(generic));
  const [values, setValues] = useState(defaults);
  const [target, setTarget] = useState(EMPTY_TARGET);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const enqueue = useMutation(
    trpc.jobs.enqueue.mutationOptions({
      onSuccess: async (job) => {
        await queryClient.invalidateQueries(trpc.jobs.list.queryFilter({ teamSlug }));
        router.push(`/${teamSlug}/jobs/${job.id}`);
      },
    }),
  );
  const serverErrors = Object.fromEntries(Object.entries(fieldErrors(enqueue.error)).map(([k, v]) => [k.replace(/^input\./, ""), v]));
  const errors: Record<string, string | undefined> = { ...serverErrors, ...clientErrors };

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const rest = buildValue(generic, values);
    const found: Record<string, string> = { ...rest.errors };
    if (!target.datasetId) found["target.datasetId"] = "choose a dataset";
    setClientErrors(found);
    if (Object.keys(found).length) return;
    enqueue.mutate({ teamSlug, kind: "model_backtest", input: { ...rest.value, model, target: targetRequest(target) } });
  }

  const field = (name: string) => (
    <SchemaField parent={generic} name={name} values={values} defaults={defaults} onChange={(path, v) => setValues((s) => ({ ...s, [path]: v }))} errors={errors} label={label} />
  );
  return (
    <form aria-label={`Backtest ${model.name} v${model.version}`} onSubmit={submit} noValidate className="space-y-4 rounded-lg border p-4" data-testid="model-backtest-form">
      <p className="text-sm text-muted-foreground">
        {model.name} v{model.version} through its ONNX graph and its own feature spec, on the bars you choose.
      </p>
      <DatasetTargetFields teamSlug={teamSlug} idPrefix="mb" target={target} onChange={setTarget} errors={errors} />
      {field("settings")}
      <div className="grid gap-4 sm:grid-cols-2">{field("experiment")}</div>
      <FieldError>{errorMessage(enqueue.error) ?? errors.model ?? errors["model.name"]}</FieldError>
      <div className="flex gap-2">
        <Button type="submit" disabled={enqueue.isPending}>
          {enqueue.isPending ? "Starting…" : "Start backtest"}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** "Backtest this model on…": opens the form below the button (it also lives inside the version dialog). */
export function ModelBacktestButton({ teamSlug, model }: { teamSlug: string; model: { name: string; version: number } }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const schemas = useQuery({ ...trpc.jobs.trainingSchemas.queryOptions({ teamSlug }, { staleTime: Number.POSITIVE_INFINITY }), enabled: open });
  return (
    <div className="w-full space-y-3">
      <Button type="button" variant="outline" size="sm" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Backtest this model on…
      </Button>
      {open && schemas.error ? <p className="text-sm text-destructive">{schemas.error.message}</p> : null}
      {open && schemas.data ? <ModelBacktestForm teamSlug={teamSlug} model={model} schema={schemas.data.modelBacktest as JsonSchema} onCancel={() => setOpen(false)} /> : null}
    </div>
  );
}
