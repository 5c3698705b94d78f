"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FieldError, Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage, fieldErrors } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

const when = (d: Date | null) => (d ? new Date(d).toLocaleString() : "—");

/** Create (shown once), list and revoke API tokens. */
export function TokensPanel({ teamSlug, seesAll }: { teamSlug: string; seesAll: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions({ teamSlug }));
  const refresh = () => queryClient.invalidateQueries(trpc.tokens.list.queryFilter({ teamSlug }));
  const [name, setName] = useState("");
  const [shown, setShown] = useState<string | null>(null);
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: async (t) => {
        setShown(t.token);
        setName("");
        await refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSettled: refresh }));
  const errors = fieldErrors(create.error);

  return (
    <div className="space-y-6">
      <form
        aria-label="Create token"
        className="flex flex-wrap items-end gap-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setShown(null);
          create.mutate({ teamSlug, name });
        }}
      >
        <div className="w-72 space-y-1.5">
          <Label htmlFor="token-name">Token name</Label>
          <Input id="token-name" value={name} placeholder="e.g. ci-pipeline" onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} />
        </div>
        <Button type="submit" disabled={create.isPending}>
          Create token
        </Button>
        <div className="basis-full">
          <FieldError>{errors.name ?? errorMessage(create.error)}</FieldError>
        </div>
      </form>

      {shown ? (
        <div role="status" className="space-y-2 rounded-lg border border-emerald-500/40 bg-emerald-500/10 p-4">
          <p className="text-sm font-medium">Copy this token now. It is shown only once; Foldline stores only its hash.</p>
          <code data-testid="new-token" className="block break-all rounded bg-background px-2 py-1 font-mono text-sm">
            {shown}
          </code>
          <p className="text-xs text-muted-foreground">Send it as the header Authorization: Bearer &lt;token&gt;.</p>
        </div>
      ) : null}

      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Token</TableHead>
            {seesAll ? <TableHead>Owner</TableHead> : null}
            <TableHead>Created</TableHead>
            <TableHead>Last used</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="w-24" />
          </TableRow>
        </TableHeader>
        <TableBody>
          {tokens.data?.length === 0 ? (
            <TableRow>
              <TableCell colSpan={7} className="text-muted-foreground">No tokens yet.</TableCell>
            </TableRow>
          ) : null}
          {tokens.data?.map((t) => (
            <TableRow key={t.id}>
              <TableCell>{t.name}</TableCell>
              <TableCell className="font-mono text-xs">{t.prefix}…</TableCell>
              {seesAll ? <TableCell>{t.ownerEmail}</TableCell> : null}
              <TableCell>{when(t.createdAt)}</TableCell>
              <TableCell>{when(t.lastUsedAt)}</TableCell>
              <TableCell>{t.revokedAt ? <Badge tone="bad">revoked</Badge> : <Badge tone="good">active</Badge>}</TableCell>
              <TableCell>
                {t.revokedAt ? null : (
                  <Button variant="ghost" size="sm" aria-label={`Revoke ${t.name}`} onClick={() => revoke.mutate({ teamSlug, tokenId: t.id })}>
                    Revoke
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <FieldError>{errorMessage(revoke.error) ?? tokens.error?.message}</FieldError>
    </div>
  );
}
