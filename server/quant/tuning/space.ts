/**
 * Search spaces for hyperparameter tuning, as zod-validated JSON (REST and job inputs take this
 * shape): Optuna's three distributions.
 *
 * - `float` [low, high], optionally `log` (sampled uniformly in ln x; low > 0) or `step` (the grid
 *   low, low + step, …, high; not with log) — Optuna's FloatDistribution.
 * - `int` [low, high] with `step` (default 1), optionally `log` (low ≥ 1, step 1) —
 *   IntDistribution.
 * - `categorical` over `choices` (strings, numbers, booleans or null; distinct) —
 *   CategoricalDistribution.
 *
 * A parameter has two representations: its external value (what the model receives: a number or
 * a choice) and its internal one (a number: the value itself for float/int, the choice's index for
 * categorical), as Optuna's `to_internal_repr`/`to_external_repr`.
 */
import { z } from "zod";

const ParamName = z.string().min(1, "a parameter needs a name").max(200);

export const FloatParamSchema = z
  .strictObject({
    type: z.literal("float"),
    name: ParamName,
    low: z.number(),
    high: z.number(),
    log: z.boolean().default(false),
    step: z.number().positive().optional(),
  })
  .superRefine((p, ctx) => {
    if (!(p.low < p.high)) ctx.addIssue({ code: "custom", path: ["high"], message: `high must be > low (${p.low})` });
    if (p.log && !(p.low > 0)) ctx.addIssue({ code: "custom", path: ["low"], message: "low must be > 0 with log" });
    if (p.log && p.step !== undefined) ctx.addIssue({ code: "custom", path: ["step"], message: "step cannot be combined with log" });
    if (p.step !== undefined && p.low < p.high && !isMultiple(p.high - p.low, p.step)) {
      ctx.addIssue({ code: "custom", path: ["step"], message: `high − low (${p.high - p.low}) must be a multiple of step (${p.step})` });
    }
  });

export const IntParamSchema = z
  .strictObject({
    type: z.literal("int"),
    name: ParamName,
    low: z.number().int(),
    high: z.number().int(),
    step: z.number().int().min(1).default(1),
    log: z.boolean().default(false),
  })
  .superRefine((p, ctx) => {
    if (!(p.low < p.high)) ctx.addIssue({ code: "custom", path: ["high"], message: `high must be > low (${p.low})` });
    if (p.log && p.low < 1) ctx.addIssue({ code: "custom", path: ["low"], message: "low must be ≥ 1 with log" });
    if (p.log && p.step !== 1) ctx.addIssue({ code: "custom", path: ["step"], message: "step must be 1 with log" });
    if ((p.high - p.low) % p.step !== 0) {
      ctx.addIssue({ code: "custom", path: ["step"], message: `high − low (${p.high - p.low}) must be a multiple of step (${p.step})` });
    }
  });

const Choice = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Choice = z.infer<typeof Choice>;

export const CategoricalParamSchema = z
  .strictObject({
    type: z.literal("categorical"),
    name: ParamName,
    choices: z.array(Choice).min(1, "choices must not be empty"),
  })
  .superRefine((p, ctx) => {
    if (new Set(p.choices).size !== p.choices.length) ctx.addIssue({ code: "custom", path: ["choices"], message: "choices must be distinct" });
  });

export const ParamSchema = z.discriminatedUnion("type", [FloatParamSchema, IntParamSchema, CategoricalParamSchema]);
export const SearchSpaceSchema = z
  .array(ParamSchema)
  .min(1, "the search space needs at least one parameter")
  .superRefine((space, ctx) => {
    const seen = new Set<string>();
    space.forEach((p, i) => {
      if (seen.has(p.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `parameter ${JSON.stringify(p.name)} appears twice` });
      seen.add(p.name);
    });
  });

export type FloatParam = z.output<typeof FloatParamSchema>;
export type IntParam = z.output<typeof IntParamSchema>;
export type CategoricalParam = z.output<typeof CategoricalParamSchema>;
export type Param = z.output<typeof ParamSchema>;
export type SearchSpace = z.output<typeof SearchSpaceSchema>;
export type SearchSpaceInput = z.input<typeof SearchSpaceSchema>;
/** A trial's parameters, external values by name. */
export type ParamValues = Record<string, Choice>;

function isMultiple(span: number, step: number): boolean {
  const k = span / step;
  return Math.abs(k - Math.round(k)) <= 1e-9 * Math.max(1, k);
}

/** The W5 space (BENCHMARKS.md): GBDT learning rate, depth, min child samples, feature fraction. */
export const W5_SPACE: SearchSpace = SearchSpaceSchema.parse([
  { type: "float", name: "learningRate", low: 0.01, high: 0.3, log: true },
  { type: "int", name: "maxDepth", low: 3, high: 8 },
  { type: "int", name: "minChildSamples", low: 5, high: 100 },
  { type: "float", name: "featureFraction", low: 0.5, high: 1 },
]);

/** The internal value of `value` (float/int: itself; categorical: the choice's index). */
export function toInternal(p: Param, value: Choice): number {
  if (p.type === "categorical") {
    const i = p.choices.indexOf(value);
    if (i < 0) throw new RangeError(`${p.name}: ${JSON.stringify(value)} is not one of the choices`);
    return i;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) throw new RangeError(`${p.name}: ${JSON.stringify(value)} is not a finite number`);
  if (p.type === "int" && !Number.isInteger(value)) throw new RangeError(`${p.name}: ${value} is not an integer`);
  if (value < p.low || value > p.high) throw new RangeError(`${p.name}: ${value} is outside [${p.low}, ${p.high}]`);
  return value;
}

/** The external value of internal value `x` (categorical: the choice at index x). */
export function toExternal(p: Param, x: number): Choice {
  return p.type === "categorical" ? p.choices[x]! : x;
}

/**
 * Snaps a value drawn in the internal range onto the parameter's support, as Optuna does after
 * sampling: step grids are rounded to the nearest point from `low`, ints to integers (log ints:
 * rounded in linear space), then clipped to [low, high].
 */
export function snapToSupport(p: FloatParam | IntParam, x: number): number {
  let v = x;
  if (p.step !== undefined) v = Math.round((v - p.low) / p.step) * p.step + p.low;
  return Math.min(Math.max(v, p.low), p.high);
}
