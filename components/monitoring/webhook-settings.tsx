"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FieldError, Label } from "@/components/ui/label";
import { errorMessage, fieldErrors } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

const DELIVERY_TONES = { pending: "neutral", delivered: "good", failed: "bad" } as const;

/** The team's alert webhook (admins): URL, on/off, the signing secret shown once, and its last deliveries. */
export function WebhookSettings({ teamSlug }: { teamSlug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.alerts.webhook.queryOptions({ teamSlug }));
  const [url, setUrl] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const save = useMutation(
    trpc.alerts.setWebhook.mutationOptions({
      onSuccess: async (r) => {
        setSecret(r.secret);
        setUrl(null);
        await queryClient.invalidateQueries(trpc.alerts.webhook.queryFilter({ teamSlug }));
      },
    }),
  );
  const hook = current.data?.webhook;
  const shownUrl = url ?? hook?.url ?? "";
  const errors = fieldErrors(save.error);

  return (
    <div className="space-y-3">
      <form
        aria-label="Alert webhook"
        className="flex flex-wrap items-end gap-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSecret(null);
          save.mutate({ teamSlug, url: shownUrl, enabled: hook?.enabled ?? true });
        }}
      >
        <div className="w-96 space-y-1.5">
          <Label htmlFor="webhook-url">Webhook URL</Label>
          <Input id="webhook-url" type="url" placeholder="https://hooks.example.com/foldline" value={shownUrl} onChange={(e) => setUrl(e.target.value)} aria-invalid={!!errors.url} />
        </div>
        <Button type="submit" disabled={save.isPending}>
          Save
        </Button>
        {hook ? (
          <>
            <Button type="button" variant="outline" onClick={() => save.mutate({ teamSlug, url: hook.url, enabled: !hook.enabled })}>
              {hook.enabled ? "Disable" : "Enable"}
            </Button>
            <Button type="button" variant="outline" onClick={() => save.mutate({ teamSlug, url: hook.url, enabled: hook.enabled, rotateSecret: true })}>
              New secret
            </Button>
          </>
        ) : null}
        <div className="basis-full">
          <FieldError>{errors.url ?? errorMessage(save.error)}</FieldError>
        </div>
      </form>
      {secret ? (
        <div role="status" className="space-y-1 rounded-lg border border-emerald-500/40 bg-emerald-500/10 p-3 text-sm">
          <p className="font-medium">Copy the signing secret now; it is shown only once.</p>
          <code className="block break-all font-mono">{secret}</code>
          <p className="text-xs text-muted-foreground">
            Each POST carries <code>foldline-signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>, the HMAC-SHA256 of <code>&lt;t&gt;.&lt;body&gt;</code> under this secret.
          </p>
        </div>
      ) : null}
      {hook ? (
        <div className="text-sm">
          <p className="text-muted-foreground">
            {hook.enabled ? "New alerts are POSTed here" : "Disabled"}; secret {hook.secretHint}. Failed deliveries are retried with exponential backoff.
          </p>
          {current.data!.deliveries.length ? (
            <ul className="mt-2 space-y-1">
              {current.data!.deliveries.map((d) => (
                <li key={d.id} className="flex flex-wrap items-center gap-2 text-xs">
                  <Badge tone={DELIVERY_TONES[d.status]}>{d.status}</Badge>
                  <span>{new Date(d.createdAt).toLocaleString()}</span>
                  <span className="text-muted-foreground">
                    {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                    {d.lastError ? ` · ${d.lastError}` : d.lastStatusCode ? ` · HTTP ${d.lastStatusCode}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
