"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { FieldError, Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage, fieldErrors } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

const ROLE_OPTIONS = ["viewer", "member", "reviewer", "admin"] as const;
type RoleOption = (typeof ROLE_OPTIONS)[number];

function AddMemberForm({ teamSlug, onAdded }: { teamSlug: string; onAdded: () => Promise<void> }) {
  const trpc = useTRPC();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<RoleOption>("member");
  const add = useMutation(
    trpc.members.add.mutationOptions({
      onSuccess: async () => {
        setEmail("");
        await onAdded();
      },
    }),
  );
  const errors = fieldErrors(add.error);
  return (
    <form
      aria-label="Add member"
      className="flex flex-wrap items-end gap-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ teamSlug, email, role });
      }}
    >
      <div className="w-72 space-y-1.5">
        <Label htmlFor="member-email">Email of an existing user</Label>
        <Input id="member-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={!!errors.email} />
      </div>
      <div className="space-y-1.5">
        <Label htmlFor="member-role">Role</Label>
        <NativeSelect id="member-role" value={role} onChange={(e) => setRole(e.target.value as RoleOption)}>
          {ROLE_OPTIONS.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" disabled={add.isPending}>
        Add member
      </Button>
      <div className="basis-full">
        <FieldError>{errors.email ?? errors.role ?? errorMessage(add.error)}</FieldError>
      </div>
    </form>
  );
}

/** Members of the team; admins also add, re-role and remove. */
export function MembersPanel({ teamSlug, canManage, currentUserId }: { teamSlug: string; canManage: boolean; currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.members.list.queryOptions({ teamSlug }));
  const refresh = () => queryClient.invalidateQueries(trpc.members.list.queryFilter({ teamSlug }));
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSettled: refresh }));
  const rowError = errorMessage(changeRole.error) ?? errorMessage(remove.error) ?? fieldErrors(changeRole.error).role ?? fieldErrors(remove.error).userId;

  return (
    <div className="space-y-6">
      {canManage ? <AddMemberForm teamSlug={teamSlug} onAdded={refresh} /> : null}
      <FieldError>{rowError}</FieldError>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Email</TableHead>
            <TableHead>Name</TableHead>
            <TableHead>Role</TableHead>
            {canManage ? <TableHead className="w-24" /> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {members.isPending ? (
            <TableRow>
              <TableCell colSpan={4} className="text-muted-foreground">Loading…</TableCell>
            </TableRow>
          ) : null}
          {members.data?.map((m) => (
            <TableRow key={m.userId} data-testid={`member-${m.email}`}>
              <TableCell>
                {m.email}
                {m.userId === currentUserId ? <span className="text-muted-foreground"> (you)</span> : null}
              </TableCell>
              <TableCell>{m.name}</TableCell>
              <TableCell>
                {canManage ? (
                  <NativeSelect
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    disabled={changeRole.isPending}
                    onChange={(e) => changeRole.mutate({ teamSlug, userId: m.userId, role: e.target.value as RoleOption })}
                  >
                    {ROLE_OPTIONS.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </NativeSelect>
                ) : (
                  m.role
                )}
              </TableCell>
              {canManage ? (
                <TableCell>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Remove ${m.email}`}
                    disabled={remove.isPending}
                    onClick={() => {
                      if (confirm(`Remove ${m.email} from the team?`)) remove.mutate({ teamSlug, userId: m.userId });
                    }}
                  >
                    Remove
                  </Button>
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {members.error ? <FieldError>{members.error.message}</FieldError> : null}
    </div>
  );
}
