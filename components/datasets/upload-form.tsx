"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FieldError, Label } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/react";
import { ValidationReport, type ValidationReportData } from "./validation-report";

interface UploadError {
  code: string;
  message: string;
  field?: string;
  fields?: Record<string, string[]>;
  details?: ValidationReportData;
}

/** Sends the file as the request body with XMLHttpRequest, which reports upload progress. */
function upload(url: string, file: File, onProgress: (fraction: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { error: { code: "HTTP", message: `upload failed (HTTP ${xhr.status})` } };
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error("the upload did not reach the server"));
    xhr.send(file);
  });
}

const formatOf = (name: string) => (name.toLowerCase().endsWith(".parquet") ? "parquet" : "csv");

export function UploadDatasetForm({ teamSlug }: { teamSlug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const [symbol, setSymbol] = useState("");
  const [split, setSplit] = useState(false);
  const [columns, setColumns] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<UploadError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(null);
    if (!file) return setError({ code: "BAD_REQUEST", message: "choose a CSV or Parquet file", field: "file" });
    const q = new URLSearchParams({ team: teamSlug, name, format: formatOf(file.name), filename: file.name });
    if (symbol) q.set("symbol", symbol);
    if (split) q.set("split", "true");
    for (const [field, header] of Object.entries(columns)) if (header.trim()) q.set(`col.${field}`, header.trim());
    setProgress(0);
    try {
      const res = await upload(`/api/v1/datasets?${q}`, file, setProgress);
      if (res.status === 201) {
        const { stored } = res.body as { stored: { dataset: { name: string }; version: { version: number; rowCount: number } }[] };
        setDone(stored.map(({ dataset, version }) => `Stored ${dataset.name} version ${version.version}: ${version.rowCount.toLocaleString()} bars.`).join(" "));
        await queryClient.invalidateQueries(trpc.datasets.list.queryFilter({ teamSlug }));
      } else {
        setError((res.body as { error: UploadError }).error);
      }
    } catch (err) {
      setError({ code: "NETWORK", message: (err as Error).message });
    } finally {
      setProgress(null);
    }
  }

  const fieldMsg = (f: string) => error?.fields?.[f]?.[0] ?? (error?.field === f && !error.details ? error.message : undefined);
  return (
    <div className="space-y-4">
      <form aria-label="Upload dataset" onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3">
        <div className="space-y-1.5">
          <Label htmlFor="dataset-file">CSV or Parquet file (up to 200 MB)</Label>
          <Input
            id="dataset-file"
            type="file"
            accept=".csv,.parquet,text/csv"
            className="w-72"
            onChange={(e) => {
              const f = e.target.files?.[0] ?? null;
              setFile(f);
              if (f && !name) setName(f.name.replace(/\.(csv|parquet)$/i, ""));
            }}
          />
          <FieldError>{fieldMsg("file")}</FieldError>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="dataset-name">Dataset name</Label>
          <Input id="dataset-name" value={name} onChange={(e) => setName(e.target.value)} className="w-56" aria-invalid={!!fieldMsg("name")} />
          <FieldError>{fieldMsg("name")}</FieldError>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="dataset-symbol">Symbol (if the file has no symbol column)</Label>
          <Input id="dataset-symbol" value={symbol} onChange={(e) => setSymbol(e.target.value)} className="w-40" />
        </div>
        <label className="flex h-9 items-center gap-2 text-sm">
          <input type="checkbox" checked={split} onChange={(e) => setSplit(e.target.checked)} />
          One dataset per symbol
        </label>
        <Button type="submit" disabled={progress !== null}>
          Upload
        </Button>
      </form>
      <details className="text-sm">
        <summary className="cursor-pointer text-muted-foreground">Column names (when the headers are not date/open/high/low/close/volume/symbol)</summary>
        <div className="mt-2 flex flex-wrap gap-3">
          {["time", "open", "high", "low", "close", "volume", "symbol"].map((field) => (
            <div key={field} className="space-y-1">
              <Label htmlFor={`col-${field}`}>{field === "time" ? "date / timestamp" : field}</Label>
              <Input
                id={`col-${field}`}
                className="w-36"
                value={columns[field] ?? ""}
                onChange={(e) => setColumns((c) => ({ ...c, [field]: e.target.value }))}
              />
            </div>
          ))}
        </div>
      </details>
      {progress !== null ? (
        <div className="space-y-1" role="progressbar" aria-label="Upload progress" aria-valuenow={Math.round(progress * 100)} aria-valuemin={0} aria-valuemax={100}>
          <div className="h-2 w-96 overflow-hidden rounded bg-muted">
            <div className="h-full bg-primary transition-[width]" style={{ width: `${Math.round(progress * 100)}%` }} />
          </div>
          <p className="text-xs text-muted-foreground">{progress < 1 ? `Uploading… ${Math.round(progress * 100)}%` : "Validating and storing…"}</p>
        </div>
      ) : null}
      {done ? <p role="status" className="text-sm text-emerald-700">{done}</p> : null}
      {error && !error.details && !error.field && !error.fields ? <FieldError>{error.message}</FieldError> : null}
      {error?.details ? (
        <div className="rounded-lg border border-destructive/40 p-4">
          <p role="alert" className="mb-3 text-sm font-medium text-destructive">{error.message}</p>
          <ValidationReport report={error.details} title="Validation report" />
        </div>
      ) : null}
    </div>
  );
}
