/**
 * Form fields from a JSON Schema (as z.toJSONSchema writes them for the server's zod schemas):
 * what input each property needs, its initial text, and the value built back from the inputs,
 * checked field by field with the same schema (z.fromJSONSchema) so errors sit under their
 * input. Cross-field rules (start ≤ end, …) stay with the server, whose field errors the form
 * shows the same way.
 *
 * Form values are flat, by dotted path: text for inputs, booleans for checkboxes and for
 * whether an optional group is on; a variant's chosen `kind` sits at `<path>.kind`.
 */
import { z } from "zod";

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
}

export type FormValues = Record<string, string | boolean>;

export type Field =
  | { kind: "number"; integer: boolean }
  | { kind: "boolean" }
  | { kind: "choice"; options: string[] }
  /** A list of numbers, typed comma-separated (MLP layer sizes). */
  | { kind: "list" }
  /** A named choice or a number in one text input (a random forest's maxFeatures). */
  | { kind: "choiceOrNumber"; options: string[] }
  | { kind: "text" }
  | { kind: "object"; schema: JsonSchema }
  /** One of several objects told apart by a constant `kind` (label, sizing). */
  | { kind: "variant"; variants: Record<string, JsonSchema> }
  /** An object that may be left out (`register`) or set to null (`importance`). */
  | { kind: "optional"; schema: JsonSchema; nullable: boolean };

const kindOf = (s: JsonSchema) => s.properties?.kind?.const;

export function describeField(s: JsonSchema): Field {
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) {
    if (alternatives.every((a) => a.type === "object" && typeof kindOf(a) === "string")) {
      return { kind: "variant", variants: Object.fromEntries(alternatives.map((a) => [kindOf(a) as string, a])) };
    }
    const nonNull = alternatives.filter((a) => a.type !== "null");
    if (nonNull.length === 1 && nonNull[0]!.type === "object") return { kind: "optional", schema: nonNull[0]!, nullable: true };
    // A nullable number (tuning's lastFolds): its number's input; empty leaves it to the default.
    if (nonNull.length === 1 && !nonNull[0]!.anyOf && !nonNull[0]!.oneOf) return describeField(nonNull[0]!);
    const named = alternatives.find((a) => a.enum);
    if (named && alternatives.some((a) => a.type === "number" || a.type === "integer")) return { kind: "choiceOrNumber", options: named.enum!.map(String) };
    return { kind: "text" };
  }
  if (s.enum) return { kind: "choice", options: s.enum.map(String) };
  switch (s.type) {
    case "integer":
    case "number":
      return { kind: "number", integer: s.type === "integer" };
    case "boolean":
      return { kind: "boolean" };
    case "array":
      return { kind: "list" };
    case "object":
      return { kind: "object", schema: s };
    default:
      return { kind: "text" };
  }
}

/** A property's field; an optional object without a default becomes an optional group. */
export function propertyField(parent: JsonSchema, key: string): Field {
  const s = parent.properties![key]!;
  const field = describeField(s);
  if (field.kind === "object" && !parent.required?.includes(key) && s.default === undefined) return { kind: "optional", schema: s, nullable: false };
  return field;
}

const record = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

/**
 * The inputs' initial values for an object schema at `prefix`: each property's default, where
 * a default of the enclosing object (`given`) wins, as zod's `prefault` does (the engine's
 * costs default to 1 bp slippage though a bare `slippageBps` defaults to 0).
 */
export function initialValues(schema: JsonSchema, prefix = "", given: unknown = schema.default): FormValues {
  const out: FormValues = {};
  for (const key of Object.keys(schema.properties ?? {})) {
    const s = schema.properties![key]!;
    const path = join(prefix, key);
    const value = record(given)?.[key] ?? s.default;
    const field = propertyField(schema, key);
    switch (field.kind) {
      case "boolean":
        out[path] = value === true;
        break;
      case "list":
        out[path] = Array.isArray(value) ? value.join(", ") : "";
        break;
      case "object":
        Object.assign(out, initialValues(field.schema, path, value));
        break;
      case "variant": {
        const kind = String(record(value)?.kind ?? Object.keys(field.variants)[0]);
        out[`${path}.kind`] = kind;
        // Variants may share fields (a label's horizon); the chosen one's values go in last.
        const others = Object.entries(field.variants).filter(([k]) => k !== kind);
        for (const [, v] of others) Object.assign(out, variantValues(v, path, undefined));
        if (field.variants[kind]) Object.assign(out, variantValues(field.variants[kind], path, value));
        break;
      }
      case "optional":
        out[path] = value !== undefined && value !== null;
        Object.assign(out, initialValues(field.schema, path, value ?? undefined));
        break;
      default:
        out[path] = value === undefined || value === null ? "" : String(value);
    }
  }
  return out;
}

/** A variant's own fields (its `kind` is the choice itself). */
function variantValues(variant: JsonSchema, path: string, given: unknown): FormValues {
  const { kind: _kind, ...properties } = variant.properties ?? {};
  return initialValues({ ...variant, properties }, path, given);
}

/** Zod's issue, said as a form says it (the input it sits under names the field). */
function formMessage(issue: z.core.$ZodRawIssue): string {
  const bound = (v: unknown) => String(v);
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "must not be empty" : `at least ${bound(issue.minimum)} characters`;
      if (issue.origin === "array") return `at least ${bound(issue.minimum)} values`;
      return `must be ${issue.inclusive ? "≥" : ">"} ${bound(issue.minimum)}`;
    case "too_big":
      if (issue.origin === "string") return `at most ${bound(issue.maximum)} characters`;
      if (issue.origin === "array") return `at most ${bound(issue.maximum)} values`;
      return `must be ${issue.inclusive ? "≤" : "<"} ${bound(issue.maximum)}`;
    case "invalid_type":
      return issue.expected === "int" ? "must be a whole number" : issue.expected === "number" ? "must be a number" : `must be a ${issue.expected}`;
    case "invalid_value":
      return `must be one of ${issue.values.map(String).join(", ")}`;
    default:
      return "is not valid";
  }
}

const validators = new WeakMap<JsonSchema, z.ZodType>();
function check(schema: JsonSchema, value: unknown): string | undefined {
  let v = validators.get(schema);
  if (!v) validators.set(schema, (v = z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema)));
  const r = v.safeParse(value, { error: formMessage });
  return r.success ? undefined : r.error.issues[0]!.message;
}

/** A nullable scalar's own schema (its input never sends null), so errors read as the scalar's. */
function withoutNull(s: JsonSchema): JsonSchema {
  const nonNull = (s.anyOf ?? s.oneOf)?.filter((a) => a.type !== "null");
  return nonNull?.length === 1 && nonNull[0]!.type !== "object" ? nonNull[0]! : s;
}

const numberText = (text: string) => (text.trim() === "" ? undefined : Number(text.trim()));

/**
 * The value an object schema's inputs describe, and the error of each input that breaks its
 * schema (by path). An empty input is left out, so the server applies its default; an empty
 * required one is an error here.
 */
export function buildValue(schema: JsonSchema, values: FormValues, prefix = ""): { value: Record<string, unknown>; errors: Record<string, string> } {
  const value: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const key of Object.keys(schema.properties ?? {})) {
    const s = schema.properties![key]!;
    const path = join(prefix, key);
    const field = propertyField(schema, key);
    let v: unknown;
    switch (field.kind) {
      case "object": {
        const inner = buildValue(field.schema, values, path);
        Object.assign(errors, inner.errors);
        v = inner.value;
        break;
      }
      case "variant": {
        const kind = String(values[`${path}.kind`]);
        const { kind: _kind, ...properties } = field.variants[kind]!.properties ?? {};
        const inner = buildValue({ ...field.variants[kind], properties }, values, path);
        Object.assign(errors, inner.errors);
        v = { kind, ...inner.value };
        break;
      }
      case "optional": {
        if (values[path] !== true) {
          v = field.nullable ? null : undefined;
          break;
        }
        const inner = buildValue(field.schema, values, path);
        Object.assign(errors, inner.errors);
        v = inner.value;
        break;
      }
      case "boolean":
        v = values[path] === true;
        break;
      default: {
        const text = String(values[path] ?? "");
        v =
          field.kind === "number"
            ? numberText(text)
            : field.kind === "list"
              ? text.trim() === "" ? undefined : text.split(",").map((x) => Number(x.trim()))
              : field.kind === "choiceOrNumber"
                ? text.trim() === "" ? undefined : Number.isNaN(Number(text)) ? text.trim() : Number(text)
                : text === "" ? undefined : text;
        if (v === undefined) {
          if (schema.required?.includes(key) && s.default === undefined) errors[path] = "required";
          break;
        }
        const message = check(withoutNull(s), v);
        if (message) errors[path] = message;
      }
    }
    if (v !== undefined) value[key] = v;
  }
  return { value, errors };
}

/** The schema without some properties (those a form asks for with inputs of its own). */
export function omitProperties(schema: JsonSchema, keys: string[]): JsonSchema {
  return {
    ...schema,
    properties: Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => !keys.includes(k))),
    required: schema.required?.filter((k) => !keys.includes(k)),
  };
}

/** "minChildSamples" → "Min child samples". */
export const humanize = (key: string) => {
  const words = key.replace(/_/g, " ").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};
