"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

export interface ModelPermissions {
  write: boolean;
  approve: boolean;
  /** Launch jobs: backtest a version on a dataset. */
  backtest: boolean;
}

/** The stage mutations of one model; each refreshes the model, its versions and the review queue. */
export function useRegistryActions(teamSlug: string, name: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.registry.model.queryFilter({ teamSlug, name }));
    await queryClient.invalidateQueries(trpc.registry.requests.queryFilter({ teamSlug }));
    await queryClient.invalidateQueries(trpc.registry.models.infiniteQueryFilter({ teamSlug }));
  };
  const transition = useMutation(trpc.registry.transition.mutationOptions({ onSettled: refresh }));
  const request = useMutation(trpc.registry.requestProduction.mutationOptions({ onSettled: refresh }));
  const approve = useMutation(trpc.registry.approve.mutationOptions({ onSettled: refresh }));
  const reject = useMutation(trpc.registry.reject.mutationOptions({ onSettled: refresh }));
  const rollback = useMutation(trpc.registry.rollback.mutationOptions({ onSettled: refresh }));
  return {
    teamSlug,
    name,
    transition,
    request,
    approve,
    reject,
    rollback,
    error: [transition, request, approve, reject, rollback].map((m) => errorMessage(m.error)).find(Boolean),
  };
}

export type RegistryActions = ReturnType<typeof useRegistryActions>;

/** What the caller's role may do with one version: stage it, ask for Production, roll back to it. */
export function VersionActions({
  actions: { teamSlug, name, transition, request, rollback },
  version,
  production,
  can,
}: {
  actions: RegistryActions;
  version: { version: number; stage: string };
  production: { version: number } | undefined;
  can: ModelPermissions;
}) {
  const v = version.version;
  return (
    <span className="inline-flex flex-wrap gap-2">
      {can.write && version.stage === "None" ? (
        <Button size="sm" variant="outline" onClick={() => transition.mutate({ teamSlug, name, version: v, stage: "Staging" })}>
          To Staging
        </Button>
      ) : null}
      {can.write && version.stage !== "Production" ? (
        <Button size="sm" variant="outline" onClick={() => request.mutate({ teamSlug, name, version: v })}>
          Request Production
        </Button>
      ) : null}
      {can.approve && production && version.stage === "Archived" && v < production.version ? (
        <Button size="sm" variant="outline" onClick={() => rollback.mutate({ teamSlug, name, version: v })}>
          Roll back to v{v}
        </Button>
      ) : null}
    </span>
  );
}

/** Approve and Reject of a pending Production request, for a reviewer other than its requester. */
export function RequestDecision({
  actions: { teamSlug, approve, reject },
  request,
  can,
  currentUserId,
}: {
  actions: RegistryActions;
  request: { id: string; status: string; requestedBy: string | null };
  can: ModelPermissions;
  currentUserId: string;
}) {
  if (request.status !== "pending") return null;
  if (request.requestedBy === currentUserId) return <span className="text-muted-foreground">(your request: another reviewer decides)</span>;
  if (!can.approve) return null;
  return (
    <>
      <Button size="sm" onClick={() => approve.mutate({ teamSlug, requestId: request.id })}>
        Approve
      </Button>
      <Button size="sm" variant="outline" onClick={() => reject.mutate({ teamSlug, requestId: request.id })}>
        Reject
      </Button>
    </>
  );
}
