"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { FieldError, Label } from "@/components/ui/label";
import { emptyTarget, type TargetChoice, targetInput, TargetPicker } from "./target-picker";

export type Mode = "single" | "ab" | "shadow";

export interface DeploymentDraft {
  name: string;
  description: string;
  mode: Mode;
  primary: TargetChoice;
  secondary: TargetChoice;
  /** Share of request keys to the challenger, in percent (ab). */
  challengerPercent: string;
  /** Share of requests logged, in percent. */
  logPercent: string;
  interval: { lower: TargetChoice; upper: TargetChoice } | null;
}

export const newDraft: DeploymentDraft = { name: "", description: "", mode: "single", primary: emptyTarget, secondary: emptyTarget, challengerPercent: "50", logPercent: "100", interval: null };

/** The draft as the service's create/update input. */
export function draftInput(d: DeploymentDraft) {
  return {
    name: d.name,
    description: d.description,
    mode: d.mode,
    primary: targetInput(d.primary),
    secondary: d.mode === "single" ? undefined : targetInput(d.secondary),
    challengerWeight: d.mode === "ab" ? Number(d.challengerPercent) / 100 : undefined,
    logSampleRate: Number(d.logPercent) / 100,
    interval: d.interval ? { lower: targetInput(d.interval.lower), upper: targetInput(d.interval.upper) } : undefined,
  };
}

const MODES: { mode: Mode; label: string }[] = [
  { mode: "single", label: "single: one target answers" },
  { mode: "ab", label: "A/B: a challenger answers a share of request keys" },
  { mode: "shadow", label: "shadow: a second target scores every logged request in the background" },
];

/** The fields of a deployment, for creating one or changing it (`fixedName` hides the name). */
export function DeploymentForm({
  teamSlug,
  initial,
  fixedName,
  submitLabel,
  pending,
  errors,
  onSubmit,
}: {
  teamSlug: string;
  initial: DeploymentDraft;
  fixedName?: boolean;
  submitLabel: string;
  pending: boolean;
  errors: Record<string, string | undefined>;
  onSubmit: (draft: DeploymentDraft) => void;
}) {
  const [d, setD] = useState(initial);
  const set = (patch: Partial<DeploymentDraft>) => setD((cur) => ({ ...cur, ...patch }));
  const targetError = (prefix: string) => errors[prefix] ?? errors[`${prefix}.model`] ?? errors[`${prefix}.alias`] ?? errors[`${prefix}.stage`] ?? errors[`${prefix}.version`];
  return (
    <form
      aria-label={submitLabel}
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(d);
      }}
    >
      <div className="flex flex-wrap gap-4">
        {fixedName ? null : (
          <div className="space-y-1">
            <Label htmlFor="dep-name">Endpoint name</Label>
            <Input id="dep-name" className="w-56" placeholder="spx-daily" value={d.name} onChange={(e) => set({ name: e.target.value })} />
            <FieldError>{errors.name}</FieldError>
          </div>
        )}
        <div className="space-y-1">
          <Label htmlFor="dep-mode">Mode</Label>
          <NativeSelect id="dep-mode" value={d.mode} onChange={(e) => set({ mode: e.target.value as Mode })}>
            {MODES.map((m) => (
              <option key={m.mode} value={m.mode}>
                {m.label}
              </option>
            ))}
          </NativeSelect>
          <FieldError>{errors.mode}</FieldError>
        </div>
        <div className="space-y-1">
          <Label htmlFor="dep-log">Logged requests (%)</Label>
          <Input id="dep-log" className="w-24" inputMode="decimal" value={d.logPercent} onChange={(e) => set({ logPercent: e.target.value })} />
          <FieldError>{errors.logSampleRate}</FieldError>
        </div>
      </div>
      <TargetPicker teamSlug={teamSlug} id="dep-primary" label="Primary target" value={d.primary} onChange={(primary) => set({ primary })} error={targetError("primary")} />
      {d.mode === "single" ? null : (
        <TargetPicker
          teamSlug={teamSlug}
          id="dep-secondary"
          label={d.mode === "ab" ? "Challenger" : "Shadow"}
          value={d.secondary}
          onChange={(secondary) => set({ secondary })}
          error={targetError("secondary")}
        />
      )}
      {d.mode === "ab" ? (
        <div className="space-y-1">
          <Label htmlFor="dep-weight">Challenger share of request keys (%)</Label>
          <Input id="dep-weight" className="w-24" inputMode="decimal" value={d.challengerPercent} onChange={(e) => set({ challengerPercent: e.target.value })} />
          <FieldError>{errors.challengerWeight}</FieldError>
        </div>
      ) : null}
      <details open={d.interval !== null} className="text-sm">
        <summary className="cursor-pointer text-muted-foreground">Quantile interval (optional): two quantile regressors that bound each prediction</summary>
        <div className="mt-3 space-y-3">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={d.interval !== null} onChange={(e) => set({ interval: e.target.checked ? { lower: emptyTarget, upper: emptyTarget } : null })} />
            Answer with an interval
          </label>
          {d.interval ? (
            <>
              <TargetPicker teamSlug={teamSlug} id="dep-lower" label="Lower quantile" value={d.interval.lower} onChange={(lower) => set({ interval: { ...d.interval!, lower } })} error={targetError("interval.lower")} />
              <TargetPicker teamSlug={teamSlug} id="dep-upper" label="Upper quantile" value={d.interval.upper} onChange={(upper) => set({ interval: { ...d.interval!, upper } })} error={targetError("interval.upper")} />
              <FieldError>{errors.interval}</FieldError>
            </>
          ) : null}
        </div>
      </details>
      <Button type="submit" disabled={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}
