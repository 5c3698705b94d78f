import { targetLabel } from "./target-picker";

/** A target and the version it names now ("m @champion → v3"); flagged when it names none. */
export function TargetStatus({ target }: { target: ({ model: string; alias?: string; stage?: string; version?: number } & { serving: number | null }) | null }) {
  if (!target) return <span className="text-muted-foreground">—</span>;
  return (
    <span className="whitespace-nowrap">
      {targetLabel(target)}
      {target.serving === null ? <span className="text-destructive"> (names no version)</span> : target.alias !== undefined || target.stage !== undefined ? ` → v${target.serving}` : null}
    </span>
  );
}
