import { cn } from "@/lib/utils";

/** Band colours, from the band that matters most to the one that does not. */
const BAND_COLOURS = { critical: "bg-red-600", moderate: "bg-amber-500", minimal: "bg-sky-500", none: "bg-slate-300" } as const;
export type ImportanceBand = keyof typeof BAND_COLOURS;

const fmt = (x: number) => (x === 0 ? "0" : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? Number(x.toPrecision(3)).toString() : x.toExponential(1));

/**
 * Horizontal bars of feature importance (in the order given), coloured by band, with a ±std
 * whisker. Negative importance (shuffling the feature helped) draws no bar, only its value.
 * Importances without bands or spread (a study's parameter importances) are plain bars.
 */
export function ImportanceBars({
  features,
  className,
  label = "Feature importance",
}: {
  features: { feature: string; importance: number; std?: number; band?: ImportanceBand }[];
  className?: string;
  label?: string;
}) {
  const banded = features.some((f) => f.band);
  const scale = Math.max(...features.map((f) => f.importance + (f.std ?? 0)), 0) || 1;
  const pct = (x: number) => `${(Math.min(Math.max(x, 0), scale) / scale) * 100}%`;
  return (
    <figure data-slot="importance-bars" className={cn("space-y-2", className)}>
      <ul className="space-y-1" aria-label={label}>
        {features.map((f) => (
          <li key={f.feature} className="grid grid-cols-[minmax(6rem,9rem)_1fr_auto] items-center gap-2 text-xs" data-testid="importance-bar" data-band={f.band}>
            <span className="truncate font-mono" title={f.feature}>
              {f.feature}
            </span>
            <span className="relative h-3 rounded-sm bg-muted" aria-hidden>
              <span className={cn("absolute inset-y-0 left-0 rounded-sm", f.band ? BAND_COLOURS[f.band] : "bg-blue-900")} style={{ width: pct(f.importance) }} />
              {f.std ? (
                <span
                  className="absolute top-1/2 h-px -translate-y-1/2 bg-foreground/70"
                  style={{ left: pct(f.importance - f.std), width: `calc(${pct(f.importance + f.std)} - ${pct(f.importance - f.std)})` }}
                />
              ) : null}
            </span>
            <span className="text-right whitespace-nowrap tabular-nums">
              {fmt(f.importance)}
              {f.std === undefined ? null : ` ± ${fmt(f.std)}`}
              {f.band ? <span className="sr-only"> ({f.band})</span> : null}
            </span>
          </li>
        ))}
      </ul>
      {banded ? (
        <figcaption className="flex flex-wrap gap-3 text-xs text-muted-foreground">
          {Object.entries(BAND_COLOURS).map(([band, colour]) => (
            <span key={band} className="inline-flex items-center gap-1">
              <span className={cn("inline-block size-2.5 rounded-sm", colour)} aria-hidden />
              {band}
            </span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}
