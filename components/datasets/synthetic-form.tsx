"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FieldError, Label } from "@/components/ui/label";
import { errorMessage, fieldErrors } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

/** Generates a labelled synthetic series (BENCHMARKS.md recipe), for tests and demos only. */
export function SyntheticDatasetForm({ teamSlug }: { teamSlug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("Synthetic OU");
  const [bars, setBars] = useState("5000");
  const [seed, setSeed] = useState("42");
  const generate = useMutation(
    trpc.datasets.generateSynthetic.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.datasets.list.queryFilter({ teamSlug })),
    }),
  );
  const errors = fieldErrors(generate.error);
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-muted-foreground">Generate synthetic data (for tests and demos; always labelled synthetic)</summary>
      <form
        aria-label="Generate synthetic dataset"
        className="mt-3 flex flex-wrap items-end gap-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          generate.mutate({ teamSlug, name, bars: Number(bars), seed: Number(seed) });
        }}
      >
        <div className="space-y-1">
          <Label htmlFor="syn-name">Name</Label>
          <Input id="syn-name" className="w-48" value={name} onChange={(e) => setName(e.target.value)} />
          <FieldError>{errors.name}</FieldError>
        </div>
        <div className="space-y-1">
          <Label htmlFor="syn-bars">Bars</Label>
          <Input id="syn-bars" className="w-32" inputMode="numeric" value={bars} onChange={(e) => setBars(e.target.value)} />
          <FieldError>{errors.bars}</FieldError>
        </div>
        <div className="space-y-1">
          <Label htmlFor="syn-seed">Seed</Label>
          <Input id="syn-seed" className="w-24" inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value)} />
          <FieldError>{errors.seed}</FieldError>
        </div>
        <Button type="submit" variant="outline" disabled={generate.isPending}>
          Generate
        </Button>
        <FieldError>{errorMessage(generate.error)}</FieldError>
      </form>
    </details>
  );
}
