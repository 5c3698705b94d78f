"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { FieldError, Label } from "@/components/ui/label";
import { errorMessage, fieldErrors } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

const slugify = (s: string) => s.toLowerCase().trim().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);

export function CreateTeamForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);
  const create = useMutation(
    trpc.team.create.mutationOptions({
      onSuccess: async (team) => {
        await queryClient.invalidateQueries(trpc.team.mine.queryFilter());
        router.push(`/${team.slug}`);
      },
    }),
  );
  const errors = fieldErrors(create.error);
  return (
    <Card className="w-full max-w-md">
      <CardTitle>Create a team</CardTitle>
      <CardDescription className="mt-1">A team owns its data, runs and models. You will be its admin.</CardDescription>
      <form
        className="mt-6 space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name, slug });
        }}
      >
        <div className="space-y-1.5">
          <Label htmlFor="team-name">Name</Label>
          <Input
            id="team-name"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              if (!slugTouched) setSlug(slugify(e.target.value));
            }}
            aria-invalid={!!errors.name}
          />
          <FieldError>{errors.name}</FieldError>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="team-slug">Address</Label>
          <div className="flex items-center gap-1 text-sm text-muted-foreground">
            <span>/</span>
            <Input
              id="team-slug"
              value={slug}
              onChange={(e) => {
                setSlugTouched(true);
                setSlug(e.target.value);
              }}
              aria-invalid={!!errors.slug}
            />
          </div>
          <FieldError>{errors.slug}</FieldError>
        </div>
        <FieldError>{errorMessage(create.error)}</FieldError>
        <Button type="submit" className="w-full" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create team"}
        </Button>
      </form>
    </Card>
  );
}
