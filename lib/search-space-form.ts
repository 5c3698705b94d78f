/**
 * The tuning form's search-space rows: one numeric parameter of the algorithm each, with its
 * distribution (a range type of the tune input's space schema: float or int), bounds and log
 * scale. Rows are text like every form input; each is built back and checked with its
 * distribution's own JSON Schema (buildValue), errors at the request's paths (`space.0.low`),
 * where the server's cross-field errors (high ≤ low, a duplicate) land too.
 */
import { buildValue, describeField, type FormValues, type JsonSchema, omitProperties } from "./json-schema-form";

export interface SpaceRow {
  name: string;
  type: string;
  low: string;
  high: string;
  log: boolean;
}

/** A parameter as the space schema's output has it (categorical ones carry no range). */
type SpaceParam = { type: string; name: string; low?: number; high?: number; log?: boolean };

const variants = (space: JsonSchema): JsonSchema[] => space.items?.oneOf ?? space.items?.anyOf ?? [];
const typeOf = (v: JsonSchema) => String(v.properties?.type?.const);

/** The distributions a numeric parameter can take: the space's variants with a low and a high. */
export function rangeTypes(space: JsonSchema): string[] {
  return variants(space)
    .filter((v) => v.properties?.low && v.properties?.high)
    .map(typeOf);
}

/** The algorithm's numeric parameters, in schema order, and whether each is a whole number. */
export function numericParams(params: JsonSchema): { name: string; integer: boolean }[] {
  return Object.entries(params.properties ?? {}).flatMap(([name, s]) => {
    const field = describeField(s);
    return field.kind === "number" ? [{ name, integer: field.integer }] : [];
  });
}

/** Rows of a search space (its range parameters; a categorical one has no row). */
export function spaceRows(space: readonly SpaceParam[]): SpaceRow[] {
  return space.flatMap((p) => (p.low === undefined || p.high === undefined ? [] : [{ name: p.name, type: p.type, low: String(p.low), high: String(p.high), log: p.log ?? false }]));
}

/** A new row: the first numeric parameter not in the space yet, as int or float by its schema; bounds to fill in. */
export function newRow(params: JsonSchema, rows: readonly SpaceRow[]): SpaceRow | null {
  const free = numericParams(params).find((p) => !rows.some((r) => r.name === p.name));
  return free ? { name: free.name, type: free.integer ? "int" : "float", low: "", high: "", log: false } : null;
}

/** The request's `space` from the rows, and each input's error (by request path). */
export function buildSpace(rows: readonly SpaceRow[], space: JsonSchema): { value: Record<string, unknown>[]; errors: Record<string, string> } {
  const byType = Object.fromEntries(variants(space).map((v) => [typeOf(v), v]));
  const errors: Record<string, string> = {};
  const value = rows.map((r, i) => {
    const prefix = `space.${i}`;
    const variant = byType[r.type];
    if (!variant) {
      errors[`${prefix}.type`] = `must be one of ${rangeTypes(space).join(", ")}`;
      return { type: r.type, name: r.name };
    }
    const bounds = omitProperties(variant, ["type", "name", "step"]);
    const values: FormValues = { [`${prefix}.low`]: r.low, [`${prefix}.high`]: r.high, [`${prefix}.log`]: r.log };
    const built = buildValue(bounds, values, prefix);
    Object.assign(errors, built.errors);
    return { type: r.type, name: r.name, ...built.value };
  });
  return { value, errors };
}
