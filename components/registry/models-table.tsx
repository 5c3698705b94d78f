"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, NativeSelect } from "@/components/ui/input";
import { FieldError } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/react";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { cn } from "@/lib/utils";
import type { AppRouter } from "@/server/api/root";
import { StageBadge } from "./stage-badge";

export type ModelsPage = inferRouterOutputs<AppRouter>["registry"]["models"];
type StageFilter = "" | "Production" | "Staging" | "Archived" | "None";

/** Keystrokes closer together than this are sent as one query (the first after a pause goes at once). */
const SEARCH_DEBOUNCE_MS = 80;
const ROW_HEIGHT = 41;
/** The next page is fetched when the rendered rows come this close to the end of the loaded ones. */
const PREFETCH_ROWS = 30;
const COLUMNS = "minmax(12rem,3fr) 5rem minmax(8rem,1fr) minmax(8rem,1fr) 5rem minmax(10rem,1fr)";

/**
 * The registry list: name search and stage filter answered by the server a page at a time
 * (scrolling loads more), rows virtualised so a thousand models scroll smoothly, and the review
 * queue. `firstPage` (unfiltered) comes with the page's HTML, so the list shows at first paint.
 */
export function ModelsTable({ teamSlug, firstPage }: { teamSlug: string; firstPage: ModelsPage }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState("");
  const [stage, setStage] = useState<StageFilter>("");
  const search = useDebouncedValue(draft.trim(), SEARCH_DEBOUNCE_MS);
  const unfiltered = !search && !stage;
  const models = useInfiniteQuery(
    trpc.registry.models.infiniteQueryOptions(
      // The service's page size (100), as `firstPage` was fetched with.
      { teamSlug, search: search || undefined, stage: stage || undefined },
      {
        getNextPageParam: (last) => last.nextCursor ?? undefined,
        initialData: unfiltered ? { pages: [firstPage], pageParams: [0] } : undefined,
        placeholderData: keepPreviousData,
      },
    ),
  );
  const pending = useQuery(trpc.registry.requests.queryOptions({ teamSlug, status: "pending" }));

  // Until the server answers the current filter, the rows already here are narrowed at once.
  const stale = draft.trim() !== search || models.isPlaceholderData;
  const loaded = models.data?.pages.flatMap((p) => p.items) ?? [];
  const needle = draft.trim().toLowerCase();
  const rows = stale ? loaded.filter((m) => m.name.toLowerCase().includes(needle)) : loaded;
  const total = models.data?.pages[0]?.total ?? 0;

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // The server render shows the first rows too (no scroll element there to measure).
    initialRect: { width: 0, height: 16 * ROW_HEIGHT },
  });
  const visible = virtual.getVirtualItems();
  const lastVisible = visible[visible.length - 1]?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = models;
  useEffect(() => {
    if (!stale && hasNextPage && !isFetchingNextPage && lastVisible >= rows.length - PREFETCH_ROWS) void fetchNextPage();
  }, [stale, hasNextPage, isFetchingNextPage, fetchNextPage, lastVisible, rows.length]);

  return (
    <div className="space-y-6">
      {pending.data?.length ? (
        <section className="rounded-lg border border-amber-500/40 bg-amber-500/5 p-4" data-testid="review-queue">
          <h2 className="font-semibold">Review queue</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {pending.data.map((r) => (
              <li key={r.id}>
                Production request for{" "}
                <Link className="underline" href={`/${teamSlug}/models/${encodeURIComponent(r.modelName)}?version=${r.version}`}>
                  {r.modelName} v{r.version}
                </Link>{" "}
                · gates {r.gateResults.every((g) => g.passed) ? "passed" : "failed"} · {new Date(r.createdAt).toLocaleString()}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Input aria-label="Search models" placeholder="Search by name" value={draft} onChange={(e) => setDraft(e.target.value)} className="max-w-sm" />
        <NativeSelect aria-label="Stage" value={stage} onChange={(e) => setStage(e.target.value as StageFilter)}>
          <option value="">All stages</option>
          <option value="Production">Has Production</option>
          <option value="Staging">Has Staging</option>
          <option value="Archived">Has Archived</option>
          <option value="None">Has unstaged</option>
        </NativeSelect>
        <span className="text-sm text-muted-foreground" data-testid="models-count" aria-live="polite">
          {stale ? "Searching…" : `${total.toLocaleString("en-US")} ${total === 1 ? "model" : "models"}`}
        </span>
      </div>
      <FieldError>{models.error?.message}</FieldError>
      {!stale && total === 0 && unfiltered ? (
        <EmptyState title="No registered models yet">Register a version from a run, here or with MLflow&apos;s client.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border text-sm" role="table" aria-label="Registered models" aria-rowcount={stale ? -1 : total + 1}>
          <div role="row" className="grid gap-3 border-b bg-muted/50 px-3 py-2 font-medium text-muted-foreground" style={{ gridTemplateColumns: COLUMNS }}>
            <span role="columnheader">Model</span>
            <span role="columnheader" className="text-right">
              Versions
            </span>
            <span role="columnheader">Latest</span>
            <span role="columnheader">Production</span>
            <span role="columnheader">Staging</span>
            <span role="columnheader">Updated</span>
          </div>
          <div ref={scroller} className="max-h-[70vh] overflow-auto" data-testid="models-list" aria-busy={stale}>
            {rows.length === 0 ? <p className="px-3 py-6 text-center text-muted-foreground">{stale ? "Searching…" : "No models match."}</p> : null}
            <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
              {visible.map((v) => {
                const m = rows[v.index]!;
                return (
                  <div
                    key={m.id}
                    role="row"
                    aria-rowindex={v.index + 2}
                    data-testid="model-row"
                    className={cn("absolute inset-x-0 grid items-center gap-3 border-b px-3 hover:bg-muted/30", stale && "opacity-60")}
                    style={{ top: v.start, height: v.size, gridTemplateColumns: COLUMNS }}
                  >
                    <span role="cell" className="truncate">
                      <Link className="font-medium hover:underline" href={`/${teamSlug}/models/${encodeURIComponent(m.name)}`}>
                        {m.name}
                      </Link>
                    </span>
                    <span role="cell" className="text-right tabular-nums">
                      {m.versionCount}
                    </span>
                    <span role="cell" className="flex items-center gap-2">
                      {m.latestVersion ? (
                        <>
                          v{m.latestVersion} <StageBadge stage={m.latestStage ?? "None"} />
                        </>
                      ) : (
                        "—"
                      )}
                    </span>
                    <span role="cell">{m.production ? <StageBadge stage="Production">v{m.production}</StageBadge> : "—"}</span>
                    <span role="cell">{m.staging ? <StageBadge stage="Staging">v{m.staging}</StageBadge> : "—"}</span>
                    <time role="cell" className="truncate" dateTime={new Date(m.updatedAt).toISOString()} suppressHydrationWarning>
                      {new Date(m.updatedAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}
                    </time>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
