"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FieldError } from "@/components/ui/label";
import { errorMessage, fieldErrors } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";
import { DeploymentForm, draftInput, newDraft } from "./deployment-form";

/** Creates a deployment and opens its page. */
export function NewDeployment({ teamSlug }: { teamSlug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const create = useMutation(
    trpc.deployments.create.mutationOptions({
      onSuccess: async (d) => {
        await queryClient.invalidateQueries(trpc.deployments.list.queryFilter({ teamSlug }));
        router.push(`/${teamSlug}/deployments/${encodeURIComponent(d.name)}`);
      },
    }),
  );
  return (
    <details className="rounded-xl border p-4" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer font-medium">New deployment</summary>
      <div className="mt-4">
        <DeploymentForm
          teamSlug={teamSlug}
          initial={newDraft}
          submitLabel="Create deployment"
          pending={create.isPending}
          errors={fieldErrors(create.error)}
          onSubmit={(d) => create.mutate({ teamSlug, ...draftInput(d) })}
        />
        <FieldError>{errorMessage(create.error)}</FieldError>
      </div>
    </details>
  );
}
