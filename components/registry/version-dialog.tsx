"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { ModelBacktestButton } from "@/components/backtests/model-backtest-form";
import { ImportanceBars } from "@/components/charts/importance-bars";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/react";
import type { AppRouter } from "@/server/api/root";
import { type ModelPermissions, type RegistryActions, RequestDecision, VersionActions } from "./registry-actions";
import { EvaluationsTable } from "./evaluations-table";
import { StageBadge } from "./stage-badge";

type Outputs = inferRouterOutputs<AppRouter>["registry"];
type VersionRow = Outputs["model"]["versions"][number];
type Request = Outputs["requests"][number];

const metric = (x: number) => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : Number(x.toPrecision(6)).toString());

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    // min-w-0: a wide table scrolls inside its section instead of widening the dialog's grid.
    <section className="min-w-0 space-y-2">
      <h3 className="text-sm font-semibold">{title}</h3>
      {children}
    </section>
  );
}

/**
 * One version of a model in a dialog: its metrics snapshot, signature, lineage (run, experiment,
 * dataset version), the run's feature importance, and the actions the caller's role allows.
 * `versionNo` comes from the URL (`?version=N`); a number the model does not have says so.
 */
export function VersionDialog({
  actions,
  versionNo,
  versions,
  aliases,
  requests,
  can,
  currentUserId,
  onClose,
}: {
  actions: RegistryActions;
  versionNo: number | null;
  versions: VersionRow[];
  aliases: { alias: string; version: number }[];
  requests: Request[];
  can: ModelPermissions;
  currentUserId: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const { teamSlug, name } = actions;
  const version = versions.find((v) => v.version === versionNo);
  const detail = useQuery({ ...trpc.registry.version.queryOptions({ teamSlug, name, version: versionNo ?? 0 }), enabled: !!version });
  const production = versions.find((v) => v.stage === "Production");
  const pending = version && requests.find((r) => r.versionId === version.id && r.status === "pending");
  const features = version?.signature?.features ?? [];
  const lineage = detail.data?.lineage;
  const importance = detail.data?.importance;

  return (
    <Dialog open={versionNo !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="sm:max-w-2xl" data-testid="version-dialog">
        <DialogHeader>
          <DialogTitle className="flex items-center gap-2">
            {name} v{versionNo} {version ? <StageBadge stage={version.stage} /> : null}
          </DialogTitle>
          <DialogDescription>
            {version
              ? [`Registered ${new Date(version.createdAt).toLocaleString()}`, ...aliases.filter((a) => a.version === version.version).map((a) => `@${a.alias}`)].join(" · ")
              : `This model has no version ${versionNo}.`}
          </DialogDescription>
        </DialogHeader>
        {version ? (
          <>
            <Section title="Metrics">
              {Object.keys(version.metrics).length ? (
                <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 font-mono text-xs" data-testid="version-metrics">
                  {Object.entries(version.metrics)
                    .sort(([a], [b]) => a.localeCompare(b))
                    .flatMap(([k, x]) => [
                      <dt key={`${k}-k`} className="text-muted-foreground">
                        {k}
                      </dt>,
                      <dd key={`${k}-v`} className="tabular-nums">
                        {metric(x)}
                      </dd>,
                    ])}
                </dl>
              ) : (
                <p className="text-sm text-muted-foreground">No metrics were snapshotted (registered without a run).</p>
              )}
            </Section>

            <Section title="Signature">
              <div data-testid="version-signature" className="space-y-1 text-sm">
                {features.length ? (
                  <ol className="flex flex-wrap gap-1.5 font-mono text-xs">
                    {features.map((f, i) => (
                      <li key={`${i}-${f}`} className="rounded-sm bg-muted px-1.5 py-0.5">
                        <span className="text-muted-foreground">{i + 1}.</span> {f}
                      </li>
                    ))}
                  </ol>
                ) : (
                  <p className="text-muted-foreground">No feature names recorded.</p>
                )}
                <p className="text-xs">
                  Feature spec hash: <code className="font-mono break-all">{version.signature?.featureSpecHash ?? "none recorded"}</code>
                </p>
              </div>
            </Section>

            <Section title="Lineage">
              <ul className="space-y-1 text-sm" data-testid="version-lineage">
                {lineage ? (
                  <>
                    <li>
                      Run:{" "}
                      <Link className="underline" href={`/${teamSlug}/runs/${lineage.run.id}`}>
                        {lineage.run.name}
                      </Link>{" "}
                      <span className="text-muted-foreground">({lineage.run.status.toLowerCase()})</span>
                    </li>
                    <li>
                      Experiment:{" "}
                      <Link className="underline" href={`/${teamSlug}/experiments/${lineage.experiment.id}`}>
                        {lineage.experiment.name}
                      </Link>
                    </li>
                    <li>
                      Dataset:{" "}
                      {lineage.dataset ? (
                        <Link className="underline" href={`/${teamSlug}/datasets/${lineage.dataset.id}`}>
                          {lineage.dataset.name} v{lineage.dataset.version}
                        </Link>
                      ) : (
                        <span className="text-muted-foreground">not recorded on the run</span>
                      )}
                    </li>
                  </>
                ) : detail.isPending ? (
                  <li className="text-muted-foreground">Loading…</li>
                ) : (
                  <li className="text-muted-foreground">Registered without a run.</li>
                )}
                <li className="text-xs text-muted-foreground">
                  Source: <code className="font-mono break-all">{version.source}</code>
                </li>
              </ul>
            </Section>

            <Section title="Feature importance">
              {importance?.status === "logged" ? (
                <ImportanceBars features={importance.features} />
              ) : importance?.status === "invalid" ? (
                <p className="text-sm text-destructive">{importance.message}</p>
              ) : importance ? (
                <p className="text-sm text-muted-foreground">No importance logged (the run has no feature_importance.json).</p>
              ) : null}
            </Section>
            <Section title="Evaluations">
              {detail.data?.evaluations.length ? <EvaluationsTable teamSlug={teamSlug} evaluations={detail.data.evaluations} /> : null}
              {detail.data && detail.data.evaluations.length === 0 ? (
                <p className="text-sm text-muted-foreground">Not backtested on any dataset yet.</p>
              ) : null}
              {can.backtest ? <ModelBacktestButton teamSlug={teamSlug} model={{ name, version: version.version }} /> : null}
            </Section>
            <FieldError>{detail.error?.message ?? actions.error}</FieldError>

            <DialogFooter className="items-center sm:justify-start">
              <VersionActions actions={actions} version={version} production={production} can={can} />
              {pending ? (
                <span className="inline-flex items-center gap-2 text-sm" data-testid="dialog-request">
                  Pending Production request <RequestDecision actions={actions} request={pending} can={can} currentUserId={currentUserId} />
                </span>
              ) : null}
            </DialogFooter>
          </>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
