"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import Link from "next/link";
import { ImportanceBars } from "@/components/charts/importance-bars";
import { LineChart } from "@/components/charts/line-chart";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/react";

function MetricHistory({ teamSlug, runId, metricKey }: { teamSlug: string; runId: string; metricKey: string }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.tracking.metricHistory.queryOptions({ teamSlug, runId, key: metricKey }));
  return (
    <div className="rounded-lg border p-3">
      <h3 className="mb-1 text-sm font-medium">{metricKey}</h3>
      {history.data ? (
        history.data.length > 1 ? (
          <LineChart label={metricKey} series={[history.data.map((p) => ({ x: p.step, y: p.isNan ? Number.NaN : p.value }))]} />
        ) : (
          <p className="text-sm text-muted-foreground">One value logged.</p>
        )
      ) : (
        <div className="h-40 animate-pulse rounded bg-muted" />
      )}
    </div>
  );
}

function KeyValues({ title, rows }: { title: string; rows: { key: string; value: string }[] }) {
  return (
    <section className="space-y-2">
      <h2 className="font-semibold">{title}</h2>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Key</TableHead>
            <TableHead>Value</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.key}>
              <TableCell className="font-mono text-xs">{r.key}</TableCell>
              <TableCell className="break-all">{r.value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}

function ArtifactPreview({ teamSlug, runId, path }: { teamSlug: string; runId: string; path: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.tracking.artifactPreview.queryOptions({ teamSlug, runId, path }));
  if (q.error) return <p className="text-sm text-muted-foreground">{q.error.message}</p>;
  if (!q.data) return null;
  let text = q.data.text;
  if (path.endsWith(".json") && !q.data.truncated) {
    try {
      text = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // shown as stored
    }
  }
  return (
    <pre data-testid="artifact-preview" className="max-h-80 overflow-auto rounded bg-muted p-3 text-xs">
      {text}
      {q.data.truncated ? "\n… (first 64 KB)" : ""}
    </pre>
  );
}

function Artifacts({ teamSlug, runId }: { teamSlug: string; runId: string }) {
  const trpc = useTRPC();
  const [dir, setDir] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery(trpc.tracking.artifacts.queryOptions({ teamSlug, runId, path: dir }));
  return (
    <section className="space-y-2">
      <h2 className="font-semibold">Artifacts {dir ? <span className="font-mono text-sm text-muted-foreground">/{dir}</span> : null}</h2>
      {dir ? (
        <button type="button" className="text-sm underline" onClick={() => setDir(dir.includes("/") ? dir.slice(0, dir.lastIndexOf("/")) : undefined)}>
          ← up
        </button>
      ) : null}
      <ul className="space-y-1 text-sm">
        {list.data?.map((e) => (
          <li key={e.path}>
            <button type="button" className="font-mono hover:underline" onClick={() => (e.isDir ? setDir(e.path) : setOpen(e.path))}>
              {e.isDir ? "📁 " : ""}
              {e.path.slice(dir ? dir.length + 1 : 0)}
            </button>
            {e.size !== undefined ? <span className="ml-2 text-muted-foreground">{e.size.toLocaleString()} B</span> : null}
          </li>
        ))}
        {list.data?.length === 0 ? <li className="text-muted-foreground">No artifacts.</li> : null}
      </ul>
      {open ? <ArtifactPreview teamSlug={teamSlug} runId={runId} path={open} /> : null}
    </section>
  );
}

function Lineage({ teamSlug, runId }: { teamSlug: string; runId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.tracking.lineage.queryOptions({ teamSlug, runId }));
  if (!q.data) return null;
  const { dataset, children, versions, inputs, importance } = q.data;
  return (
    <>
      <section className="space-y-2" aria-label="Lineage">
        <h2 className="font-semibold">Lineage</h2>
        <ul className="space-y-1 text-sm">
          <li>
            Dataset:{" "}
            {dataset ? (
              <Link className="underline" href={`/${teamSlug}/datasets/${dataset.datasetId}`}>
                {dataset.name} v{dataset.version}
              </Link>
            ) : (
              <span className="text-muted-foreground">none recorded</span>
            )}
          </li>
          {inputs.map((i) => (
            <li key={`${i.name}:${i.digest}`}>
              Input: <span className="font-mono">{i.name}</span> ({i.digest}){i.context ? ` · ${i.context}` : ""} · {i.source}
            </li>
          ))}
          <li>
            Registered as:{" "}
            {versions.length ? (
              versions.map((v, k) => (
                <span key={`${v.model}:${v.version}`}>
                  {k ? ", " : ""}
                  <Link className="underline" href={`/${teamSlug}/models/${encodeURIComponent(v.model)}?version=${v.version}`}>
                    {v.model} v{v.version}
                  </Link>{" "}
                  ({v.stage})
                </span>
              ))
            ) : (
              <span className="text-muted-foreground">no model version</span>
            )}
          </li>
        </ul>
        {children.length ? (
          <details className="text-sm">
            <summary className="cursor-pointer">{children.length} child runs (folds, trials)</summary>
            <ul className="mt-1 grid gap-1 sm:grid-cols-2 lg:grid-cols-3">
              {children.map((c) => (
                <li key={c.id}>
                  <Link className="underline" href={`/${teamSlug}/runs/${c.id}`}>
                    {c.name}
                  </Link>{" "}
                  <span className="text-muted-foreground">{c.status.toLowerCase()}</span>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>
      {importance.status === "absent" ? null : (
        <section className="space-y-2">
          <h2 className="font-semibold">Feature importance</h2>
          {importance.status === "logged" ? <ImportanceBars features={importance.features} /> : <p className="text-sm text-destructive">{importance.message}</p>}
        </section>
      )}
    </>
  );
}

export function RunDetail({ teamSlug, runId }: { teamSlug: string; runId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.tracking.run.queryOptions({ teamSlug, runId }));
  if (q.error) return <p className="text-destructive">{q.error.message}</p>;
  if (!q.data) return <div className="h-96 animate-pulse rounded-lg bg-muted" />;
  const { run, params, tags, metrics } = q.data;
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <div className="flex items-center gap-3">
          <h1 className="text-2xl font-semibold">{run.name}</h1>
          <Badge tone={run.status === "FINISHED" ? "good" : run.status === "FAILED" ? "bad" : "info"}>{run.status.toLowerCase()}</Badge>
        </div>
        <p className="text-sm text-muted-foreground">
          Run <span className="font-mono">{run.id}</span> ·{" "}
          <Link className="underline" href={`/${teamSlug}/experiments/${run.experimentId}`}>
            experiment {run.experimentId}
          </Link>{" "}
          · started {new Date(run.startTime).toLocaleString()}
          {run.endTime ? ` · ended ${new Date(run.endTime).toLocaleString()}` : ""}
          {run.parentRunId ? (
            <>
              {" "}
              · parent{" "}
              <Link className="underline" href={`/${teamSlug}/runs/${run.parentRunId}`}>
                {run.parentRunId.slice(0, 8)}
              </Link>
            </>
          ) : null}
        </p>
      </div>
      <section className="space-y-2">
        <h2 className="font-semibold">Metrics</h2>
        <div className="grid gap-3 lg:grid-cols-2">
          {metrics.map((m) => (
            <MetricHistory key={m.key} teamSlug={teamSlug} runId={run.id} metricKey={m.key} />
          ))}
        </div>
        {metrics.length === 0 ? <p className="text-sm text-muted-foreground">No metrics logged.</p> : null}
      </section>
      <Lineage teamSlug={teamSlug} runId={run.id} />
      <Artifacts teamSlug={teamSlug} runId={run.id} />
      <div className="grid gap-6 lg:grid-cols-2">
        <KeyValues title="Parameters" rows={params} />
        <KeyValues title="Tags" rows={tags} />
      </div>
    </div>
  );
}
