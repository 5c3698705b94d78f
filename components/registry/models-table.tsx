"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";
import { StageBadge } from "./stage-badge";

/** The registry list: search by name, latest and Production versions, and the review queue. */
export function ModelsTable({ teamSlug }: { teamSlug: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const models = useQuery({ ...trpc.registry.models.queryOptions({ teamSlug, nameLike: search ? `%${search}%` : undefined }), placeholderData: keepPreviousData });
  const pending = useQuery(trpc.registry.requests.queryOptions({ teamSlug, status: "pending" }));
  return (
    <div className="space-y-6">
      {pending.data?.length ? (
        <section className="rounded-lg border border-amber-500/40 bg-amber-500/5 p-4" data-testid="review-queue">
          <h2 className="font-semibold">Review queue</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {pending.data.map((r) => {
              const model = models.data?.find((m) => m.id === r.modelId);
              return (
                <li key={r.id}>
                  Production request for{" "}
                  {model ? (
                    <Link className="underline" href={`/${teamSlug}/models/${encodeURIComponent(model.name)}`}>
                      {model.name}
                    </Link>
                  ) : (
                    "a model"
                  )}{" "}
                  · gates {r.gateResults.every((g) => g.passed) ? "passed" : "failed"} · {new Date(r.createdAt).toLocaleString()}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      <Input aria-label="Search models" placeholder="Search by name" value={search} onChange={(e) => setSearch(e.target.value)} className="max-w-sm" />
      {models.data?.length === 0 && !search ? (
        <EmptyState title="No registered models yet">Register a version from a run, here or with MLflow&apos;s client.</EmptyState>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Model</TableHead>
              <TableHead className="text-right">Versions</TableHead>
              <TableHead>Latest</TableHead>
              <TableHead>Production</TableHead>
              <TableHead>Updated</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {models.data?.map((m) => (
              <TableRow key={m.id} data-testid="model-row">
                <TableCell>
                  <Link className="font-medium hover:underline" href={`/${teamSlug}/models/${encodeURIComponent(m.name)}`}>
                    {m.name}
                  </Link>
                </TableCell>
                <TableCell className="text-right tabular-nums">{m.versionCount}</TableCell>
                <TableCell>{m.latestVersion ? `v${m.latestVersion}` : "—"}</TableCell>
                <TableCell>{m.production ? <StageBadge stage="Production" /> : "—"} {m.production ? `v${m.production}` : ""}</TableCell>
                <TableCell>{new Date(m.updatedAt).toLocaleString()}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
