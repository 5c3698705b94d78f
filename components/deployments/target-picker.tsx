"use client";

import { useQuery } from "@tanstack/react-query";
import { Input, NativeSelect } from "@/components/ui/input";
import { FieldError, Label } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/react";

/** A target being edited: a model and how it names its version. */
export interface TargetChoice {
  model: string;
  kind: "alias" | "stage" | "version";
  ref: string;
}

export const emptyTarget: TargetChoice = { model: "", kind: "alias", ref: "" };

/** The service's target input: `{ model, alias | stage | version }`. */
export function targetInput(t: TargetChoice) {
  if (t.kind === "alias") return { model: t.model, alias: t.ref };
  if (t.kind === "stage") return { model: t.model, stage: t.ref as "Production" | "Staging" };
  return { model: t.model, version: Number(t.ref) };
}

/** A stored target back into the picker's terms. */
export function targetChoice(t: { model: string; alias?: string; stage?: string; version?: number } | null): TargetChoice {
  if (!t) return emptyTarget;
  if (t.alias !== undefined) return { model: t.model, kind: "alias", ref: t.alias };
  if (t.stage !== undefined) return { model: t.model, kind: "stage", ref: t.stage };
  return { model: t.model, kind: "version", ref: String(t.version ?? "") };
}

/** "m @champion", "m Production", "m v3". */
export function targetLabel(t: { model: string; alias?: string; stage?: string; version?: number }): string {
  return t.alias !== undefined ? `${t.model} @${t.alias}` : t.stage !== undefined ? `${t.model} ${t.stage}` : `${t.model} v${t.version}`;
}

/** Picks a registered model and one of its aliases, a stage, or a fixed version. */
export function TargetPicker({
  teamSlug,
  id,
  label,
  value,
  onChange,
  error,
}: {
  teamSlug: string;
  id: string;
  label: string;
  value: TargetChoice;
  onChange: (t: TargetChoice) => void;
  error?: string;
}) {
  const trpc = useTRPC();
  const models = useQuery(trpc.registry.models.queryOptions({ teamSlug, limit: 500 }));
  const model = useQuery({ ...trpc.registry.model.queryOptions({ teamSlug, name: value.model }), enabled: value.model !== "" });
  const aliases = model.data?.aliases ?? [];
  const versions = model.data?.versions ?? [];
  return (
    <fieldset className="space-y-1" aria-label={label}>
      <Label htmlFor={`${id}-model`}>{label}</Label>
      <div className="flex flex-wrap gap-2">
        <NativeSelect id={`${id}-model`} aria-label={`${label} model`} value={value.model} onChange={(e) => onChange({ ...value, model: e.target.value, ref: "" })}>
          <option value="">Choose a model…</option>
          {models.data?.items.map((m) => (
            <option key={m.id} value={m.name}>
              {m.name}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect aria-label={`${label} names its version by`} value={value.kind} onChange={(e) => onChange({ ...value, kind: e.target.value as TargetChoice["kind"], ref: "" })}>
          <option value="alias">alias</option>
          <option value="stage">stage</option>
          <option value="version">fixed version</option>
        </NativeSelect>
        {value.kind === "alias" ? (
          <>
            <Input className="w-40" aria-label={`${label} alias`} list={`${id}-aliases`} placeholder="champion" value={value.ref} onChange={(e) => onChange({ ...value, ref: e.target.value })} />
            <datalist id={`${id}-aliases`}>
              {aliases.map((a) => (
                <option key={a.alias} value={a.alias}>{`@${a.alias} → v${a.version}`}</option>
              ))}
            </datalist>
          </>
        ) : value.kind === "stage" ? (
          <NativeSelect aria-label={`${label} stage`} value={value.ref} onChange={(e) => onChange({ ...value, ref: e.target.value })}>
            <option value="">Choose…</option>
            <option value="Production">Production</option>
            <option value="Staging">Staging</option>
          </NativeSelect>
        ) : (
          <NativeSelect aria-label={`${label} version`} value={value.ref} onChange={(e) => onChange({ ...value, ref: e.target.value })}>
            <option value="">Choose…</option>
            {versions.map((v) => (
              <option key={v.id} value={v.version}>{`v${v.version} (${v.stage})`}</option>
            ))}
          </NativeSelect>
        )}
      </div>
      <FieldError>{error}</FieldError>
    </fieldset>
  );
}
