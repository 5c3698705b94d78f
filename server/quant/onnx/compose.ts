/**
 * One ONNX graph from several member graphs (ensembles, calibrated classifiers).
 *
 * `embedMember` copies a member graph under a prefix: every node name, node input/output and
 * initializer name becomes `<prefix>/<name>`, except the member's single input, which becomes
 * the shared `features` input. Only the nodes the requested outputs need are kept (a member's
 * own `label` head, say, is dropped when only its probabilities are used). Value infos are
 * dropped (onnxruntime infers shapes). Subgraph attributes (If/Loop bodies) are refused.
 *
 * Opset imports merge by domain; members must agree on each domain's version, as
 * `onnx.compose.merge_models` requires (operators change meaning across versions, so a graph
 * cannot be re-versioned safely). The composed nodes (Reshape, Mul, Sum, Cast, Gather, ArgMax,
 * ReduceSum with an `axes` input, Clip with min/max inputs, Where, and ai.onnx.ml
 * TreeEnsembleRegressor) mean the same from ai.onnx 13 on and need ai.onnx.ml ≥ 3; the pinned
 * `OPSET_DEFAULT` / `OPSET_ML` are used for a domain no member imports.
 *
 * Combining (weights are normalised to sum 1 by the callers):
 * - `averagingRegressorOnnx`: Σ_m w_m · Reshape(prediction_m, [-1, 1]) → `prediction` [N, 1]
 * - `votingClassifierOnnx`: Σ_m w_m · probabilities_m → `probabilities` [N, C]; `label` by
 *   ArgMax → Gather (graph.ts `labelFromProbabilities`).
 */
import {
  FEATURES_INPUT,
  ML_DOMAIN,
  OPSET_DEFAULT,
  OPSET_ML,
  OUTPUT_PREDICTION,
  OUTPUT_PROBABILITIES,
  buildModel,
  classifierOutputs,
  featuresInput,
  floatOutput,
  floatTensor,
  int64Tensor,
  labelFromProbabilities,
  node,
  parseModel,
  type NodeDef,
  type OnnxModel,
  type TensorDef,
} from "./graph";

/** A member model: serialized bytes or a ModelProto. */
export type OnnxSource = Uint8Array | OnnxModel;

export interface EmbeddedMember {
  /** The member's kept nodes, renamed. */
  nodes: NodeDef[];
  /** The initializers those nodes read, renamed. */
  initializers: TensorDef[];
  /** Each requested member output name → its name in the composed graph. */
  outputs: Record<string, string>;
  /** Width of the member's `features` input. */
  nFeatures: number;
  /** The member's opset imports, domain → version ("" is ai.onnx). */
  opsets: Record<string, number>;
}

/** The ModelProto of a source (bytes are parsed). */
export const asModel = (source: OnnxSource): OnnxModel => (source instanceof Uint8Array ? parseModel(source) : source);

/** A fixed dimension of a value info (null when symbolic or absent). */
function fixedDim(vi: { type?: { tensorType?: { shape?: { dim?: { dimValue?: unknown }[] | null } | null } | null } | null }, axis: number): number | null {
  const d = vi.type?.tensorType?.shape?.dim?.[axis]?.dimValue;
  const v = d === undefined || d === null ? NaN : Number(d);
  return Number.isInteger(v) && v > 0 ? v : null;
}

/**
 * Copy a member graph under `prefix` (see the module comment), keeping only what the `keep`
 * outputs need. Throws when the member has more than one input, an input of unknown width,
 * no such output, or a subgraph attribute.
 */
export function embedMember(source: OnnxSource, prefix: string, keep: readonly string[]): EmbeddedMember {
  const model = asModel(source);
  const g = model.graph;
  if (!g) throw new Error(`member ${prefix}: model has no graph`);
  const initNames = new Set((g.initializer ?? []).map((t) => t.name ?? ""));
  const inputs = (g.input ?? []).filter((i) => !initNames.has(i.name ?? ""));
  if (inputs.length !== 1) throw new Error(`member ${prefix}: expected one input, got ${inputs.length}`);
  const inputName = inputs[0]!.name ?? "";
  const nFeatures = fixedDim(inputs[0]!, 1);
  if (nFeatures === null) throw new Error(`member ${prefix}: input ${inputName} has no fixed feature dimension`);
  const outputNames = new Set((g.output ?? []).map((o) => o.name ?? ""));
  for (const k of keep) if (!outputNames.has(k)) throw new Error(`member ${prefix}: no output named "${k}"`);

  const rename = (name: string) => (name === "" ? "" : name === inputName ? FEATURES_INPUT : `${prefix}/${name}`);
  const needed = new Set(keep);
  const kept: NodeDef[] = [];
  const all = g.node ?? [];
  for (let i = all.length - 1; i >= 0; i--) {
    const n = all[i]!;
    if (!(n.output ?? []).some((o) => needed.has(o))) continue;
    for (const a of n.attribute ?? []) {
      if (a.g || (a.graphs && a.graphs.length > 0)) throw new Error(`member ${prefix}: node ${n.name} has a subgraph attribute (not supported)`);
    }
    for (const inp of n.input ?? []) needed.add(inp);
    kept.push({
      ...n,
      name: `${prefix}/${n.name || `${n.opType}_${i}`}`,
      input: (n.input ?? []).map(rename),
      output: (n.output ?? []).map(rename),
    });
  }
  kept.reverse();
  const initializers = (g.initializer ?? []).filter((t) => needed.has(t.name ?? "")).map((t) => ({ ...t, name: rename(t.name ?? "") }));
  const opsets: Record<string, number> = {};
  for (const o of model.opsetImport ?? []) opsets[o.domain ?? ""] = Number(o.version);
  return { nodes: kept, initializers, outputs: Object.fromEntries(keep.map((k) => [k, rename(k)])), nFeatures, opsets };
}

/**
 * Union of the members' opset imports plus the composed nodes' needs; throws when two members
 * import one domain at different versions.
 */
export function mergeOpsets(members: readonly Pick<EmbeddedMember, "opsets">[]): Record<string, number> {
  const merged: Record<string, number> = {};
  const from: Record<string, number> = {};
  members.forEach((m, idx) => {
    for (const [domain, version] of Object.entries(m.opsets)) {
      const seen = merged[domain];
      if (seen !== undefined && seen !== version) {
        throw new Error(`member ${idx} imports ${domain || "ai.onnx"} version ${version}, member ${from[domain]} version ${seen}: members must share opset versions`);
      }
      merged[domain] = version;
      from[domain] = idx;
    }
  });
  merged[""] ??= OPSET_DEFAULT;
  merged[ML_DOMAIN] ??= OPSET_ML;
  return merged;
}

/** Every member reads the same number of features; returns it. */
export function sharedFeatureCount(members: readonly EmbeddedMember[]): number {
  const f = members[0]?.nFeatures;
  if (f === undefined) throw new Error("no ensemble members");
  members.forEach((m, i) => {
    if (m.nFeatures !== f) throw new Error(`member ${i} reads ${m.nFeatures} features, member 0 reads ${f}`);
  });
  return f;
}

/** out = Σ_m weights[m] · inputs[m] (Mul by a [1] float initializer, then one Sum). */
export function weightedSumNodes(inputs: readonly string[], weights: ArrayLike<number>, out: string, prefix: string): { nodes: NodeDef[]; initializers: TensorDef[] } {
  if (inputs.length !== weights.length) throw new Error(`${inputs.length} inputs for ${weights.length} weights`);
  const nodes: NodeDef[] = [];
  const initializers: TensorDef[] = [];
  inputs.forEach((x, m) => {
    initializers.push(floatTensor(`${prefix}_w${m}`, [1], [weights[m]!]));
    nodes.push(node("Mul", [x, `${prefix}_w${m}`], [`${prefix}_term${m}`]));
  });
  nodes.push(node("Sum", inputs.map((_, m) => `${prefix}_term${m}`), [out]));
  return { nodes, initializers };
}

const memberPrefix = (m: number) => `m${m}`;

/** Weighted mean of member regressors' `prediction` outputs → `prediction` float [N, 1]. */
export function averagingRegressorOnnx(members: readonly OnnxSource[], weights: ArrayLike<number>, metadata: Record<string, string> = {}): Uint8Array {
  const emb = members.map((s, m) => embedMember(s, memberPrefix(m), [OUTPUT_PREDICTION]));
  const nFeatures = sharedFeatureCount(emb);
  const columns = emb.map((_, m) => `${memberPrefix(m)}_column`);
  const reshape = emb.map((e, m) => node("Reshape", [e.outputs[OUTPUT_PREDICTION]!, "column_shape"], [columns[m]!]));
  const sum = weightedSumNodes(columns, weights, OUTPUT_PREDICTION, "average");
  return buildModel({
    nodes: [...emb.flatMap((e) => e.nodes), ...reshape, ...sum.nodes],
    initializers: [...emb.flatMap((e) => e.initializers), int64Tensor("column_shape", [2], [-1, 1]), ...sum.initializers],
    inputs: [featuresInput(nFeatures)],
    outputs: [floatOutput(OUTPUT_PREDICTION, ["N", 1])],
    opsets: mergeOpsets(emb),
    metadata,
  });
}

/** Throws unless every member's `probabilities` output has `nClasses` columns (when its shape says). */
function checkProbabilityWidth(source: OnnxSource, m: number, nClasses: number): void {
  const out = (asModel(source).graph?.output ?? []).find((o) => o.name === OUTPUT_PROBABILITIES);
  const c = out ? fixedDim(out, 1) : null;
  if (c !== null && c !== nClasses) throw new Error(`member ${m} outputs ${c} probability columns, the ensemble has ${nClasses} classes`);
}

/**
 * Soft voting: weighted mean of member classifiers' `probabilities` → `probabilities` float
 * [N, C] and `label` int64 [N] (values of `classes`).
 */
export function votingClassifierOnnx(members: readonly OnnxSource[], weights: ArrayLike<number>, classes: ArrayLike<number>, metadata: Record<string, string> = {}): Uint8Array {
  const models = members.map(asModel);
  models.forEach((mdl, m) => checkProbabilityWidth(mdl, m, classes.length));
  const emb = models.map((mdl, m) => embedMember(mdl, memberPrefix(m), [OUTPUT_PROBABILITIES]));
  const nFeatures = sharedFeatureCount(emb);
  const sum = weightedSumNodes(emb.map((e) => e.outputs[OUTPUT_PROBABILITIES]!), weights, OUTPUT_PROBABILITIES, "vote");
  const head = labelFromProbabilities(OUTPUT_PROBABILITIES, classes);
  return buildModel({
    nodes: [...emb.flatMap((e) => e.nodes), ...sum.nodes, ...head.nodes],
    initializers: [...emb.flatMap((e) => e.initializers), ...sum.initializers, ...head.initializers],
    inputs: [featuresInput(nFeatures)],
    outputs: classifierOutputs(classes.length),
    opsets: mergeOpsets(emb),
    metadata,
  });
}
