"use client";

import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { FieldError } from "@/components/ui/label";
import type { JsonSchema } from "@/lib/json-schema-form";
import { newRow, numericParams, rangeTypes, type SpaceRow } from "@/lib/search-space-form";

const cell = "h-8 text-xs";

/**
 * The search space of a tuning job: one row per parameter of the algorithm (its numeric ones),
 * with its distribution, bounds and log scale. Errors sit under their input by the request's
 * path (`space.2.high`); errors about the space as a whole (`space`) below the table.
 */
export function SearchSpaceEditor({
  rows,
  onChange,
  params,
  space,
  defaultRows,
  errors,
}: {
  rows: SpaceRow[];
  onChange: (rows: SpaceRow[]) => void;
  /** The algorithm's parameter schema (which parameters are numeric, which whole). */
  params: JsonSchema;
  /** The tune input's `space` schema (the distributions). */
  space: JsonSchema;
  defaultRows: SpaceRow[];
  errors: Record<string, string | undefined>;
}) {
  const numeric = numericParams(params);
  const types = rangeTypes(space);
  const next = newRow(params, rows);
  const set = (i: number, patch: Partial<SpaceRow>) => onChange(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const rowError = (i: number) => ["name", "type", "low", "high", "log", "step"].map((f) => errors[`space.${i}.${f}`]).find(Boolean) ?? errors[`space.${i}`];

  return (
    <div className="space-y-2" data-testid="search-space">
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-muted-foreground">
            <th className="py-1 pr-2 font-medium">Parameter</th>
            <th className="py-1 pr-2 font-medium">Distribution</th>
            <th className="py-1 pr-2 font-medium">Low</th>
            <th className="py-1 pr-2 font-medium">High</th>
            <th className="py-1 pr-2 font-medium">Log scale</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid="space-row" className="align-top">
              <td className="py-1 pr-2">
                <NativeSelect
                  aria-label={`Parameter ${i + 1}`}
                  className={`${cell} w-full font-mono`}
                  value={r.name}
                  onChange={(e) => {
                    const p = numeric.find((q) => q.name === e.target.value);
                    set(i, { name: e.target.value, type: p?.integer ? "int" : "float" });
                  }}
                >
                  {numeric
                    .filter((p) => p.name === r.name || !rows.some((q) => q.name === p.name))
                    .map((p) => (
                      <option key={p.name}>{p.name}</option>
                    ))}
                </NativeSelect>
              </td>
              <td className="py-1 pr-2">
                <NativeSelect aria-label={`Distribution of ${r.name}`} className={`${cell} w-full`} value={r.type} onChange={(e) => set(i, { type: e.target.value })}>
                  {types.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </NativeSelect>
              </td>
              <td className="py-1 pr-2">
                <Input aria-label={`Low of ${r.name}`} className={cell} inputMode="decimal" value={r.low} onChange={(e) => set(i, { low: e.target.value })} aria-invalid={errors[`space.${i}.low`] ? true : undefined} />
              </td>
              <td className="py-1 pr-2">
                <Input aria-label={`High of ${r.name}`} className={cell} inputMode="decimal" value={r.high} onChange={(e) => set(i, { high: e.target.value })} aria-invalid={errors[`space.${i}.high`] ? true : undefined} />
              </td>
              <td className="py-1 pr-2">
                <input type="checkbox" aria-label={`Log scale for ${r.name}`} className="mt-2" checked={r.log} onChange={(e) => set(i, { log: e.target.checked })} />
              </td>
              <td className="py-1 text-right">
                <Button type="button" size="sm" variant="ghost" onClick={() => onChange(rows.filter((_, k) => k !== i))} aria-label={`Remove ${r.name}`}>
                  Remove
                </Button>
              </td>
            </tr>
          ))}
          {rows.map((_, i) => i).filter((i) => rowError(i)).length ? (
            <tr>
              <td colSpan={6}>
                <ul className="space-y-0.5">
                  {rows.map((r, i) =>
                    rowError(i) ? (
                      <li key={i}>
                        <FieldError>{`${r.name}: ${rowError(i)}`}</FieldError>
                      </li>
                    ) : null,
                  )}
                </ul>
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <FieldError>{errors.space}</FieldError>
      <div className="flex gap-2">
        <Button type="button" size="sm" variant="outline" disabled={!next} onClick={() => next && onChange([...rows, next])}>
          Add parameter
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => onChange(defaultRows)}>
          Reset to the default space
        </Button>
      </div>
    </div>
  );
}
