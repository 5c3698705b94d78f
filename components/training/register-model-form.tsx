"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { FieldError } from "@/components/ui/label";
import { errorMessage, fieldErrors } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

/** Registers a finished training run's model as the next version of a (new or existing) model. */
export function RegisterModelForm({ teamSlug, runId, defaultName }: { teamSlug: string; runId: string; defaultName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [model, setModel] = useState(defaultName);
  const [description, setDescription] = useState("");
  const register = useMutation(
    trpc.registry.registerRun.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.tracking.lineage.queryFilter({ teamSlug, runId })),
    }),
  );
  const errors = fieldErrors(register.error);
  return (
    <form
      aria-label="Register the model"
      noValidate
      className="space-y-3 rounded-lg border p-4"
      onSubmit={(e) => {
        e.preventDefault();
        register.mutate({ teamSlug, runId, model, description: description || undefined });
      }}
    >
      <h3 className="text-sm font-medium">Register this model</h3>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="register-model" label="Registered model name" error={errors.model}>
          <Input id="register-model" value={model} onChange={(e) => setModel(e.target.value)} />
        </Field>
        <Field id="register-description" label="Version description" error={errors.description}>
          <Input id="register-description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
      </div>
      <FieldError>{errorMessage(register.error)}</FieldError>
      <Button type="submit" size="sm" disabled={register.isPending}>
        {register.isPending ? "Registering…" : "Register as a new version"}
      </Button>
    </form>
  );
}
