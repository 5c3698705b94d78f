/**
 * Small builders over `onnx-proto` for the graphs Foldline exports.
 *
 * Conventions every exported model follows (serving relies on them):
 * - one input named `features`, float32, shape [N, F] with N symbolic (`dimParam: "N"`);
 * - named outputs: `prediction` (regressors, float [N] or [N, 1]), `probabilities`
 *   (classifiers, float [N, C]) and `label` (classifiers, int64 [N]);
 * - opset imports for the default domain ("") and `ai.onnx.ml` at versions onnxruntime-node
 *   1.30 loads: `OPSET_DEFAULT` and `OPSET_ML` (pinned by `graph.test.ts`, which runs them).
 *
 * `ai.onnx.ml` is kept at 3: TreeEnsembleRegressor/Classifier (v3, with `*_as_tensor`
 * attributes) and LinearRegressor/LinearClassifier (v1) resolve there; from ml opset 5 the
 * tree operators are deprecated in favour of `TreeEnsemble`.
 */
import onnxProto from "onnx-proto";

export const onnx = onnxProto.onnx;
export type OnnxModel = onnxProto.onnx.ModelProto;
export type NodeDef = onnxProto.onnx.INodeProto;
export type AttributeDef = onnxProto.onnx.IAttributeProto;
export type TensorDef = onnxProto.onnx.ITensorProto;
export type ValueInfoDef = onnxProto.onnx.IValueInfoProto;

/** IR version of the onnx-proto definition (ONNX v1.10.2); onnxruntime 1.30 reads it. */
export const ONNX_IR_VERSION = 8;
/** Default-domain opset: the version the graphs are written against (ORT 1.30 supports ≤ 23). */
export const OPSET_DEFAULT = 17;
/** `ai.onnx.ml` opset (see the module comment for why 3). */
export const OPSET_ML = 3;
export const ML_DOMAIN = "ai.onnx.ml";

/** Name of the single model input. */
export const FEATURES_INPUT = "features";
/** Names of the model outputs (documented in the module comment). */
export const OUTPUT_PREDICTION = "prediction";
export const OUTPUT_PROBABILITIES = "probabilities";
export const OUTPUT_LABEL = "label";

export const DataType = onnx.TensorProto.DataType;
const AttrType = onnx.AttributeProto.AttributeType;

/** A dimension: a fixed size, or a symbolic name such as "N". */
export type Dim = number | string;

// ---------------------------------------------------------------- value infos

/** A tensor value info of element type `elemType` with the given dims. */
export function tensorValueInfo(name: string, elemType: number, dims: readonly Dim[]): ValueInfoDef {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** The `features` input: float32 [N, F], N symbolic. */
export function featuresInput(nFeatures: number, name = FEATURES_INPUT): ValueInfoDef {
  return tensorValueInfo(name, DataType.FLOAT, ["N", nFeatures]);
}

/** A float32 output with the given dims (use "N" for the batch dimension). */
export function floatOutput(name: string, dims: readonly Dim[]): ValueInfoDef {
  return tensorValueInfo(name, DataType.FLOAT, dims);
}

/** An int64 output with the given dims. */
export function int64Output(name: string, dims: readonly Dim[]): ValueInfoDef {
  return tensorValueInfo(name, DataType.INT64, dims);
}

// ---------------------------------------------------------------- tensors

/** A float32 tensor (stored as little-endian raw bytes; values are rounded to float32). */
export function floatTensor(name: string, dims: readonly number[], values: ArrayLike<number>): TensorDef {
  checkSize(name, dims, values.length);
  const f32 = Float32Array.from(values as ArrayLike<number>);
  return { name, dims: [...dims], dataType: DataType.FLOAT, rawData: littleEndianBytes(f32) };
}

/** A float64 tensor (raw little-endian bytes). */
export function doubleTensor(name: string, dims: readonly number[], values: ArrayLike<number>): TensorDef {
  checkSize(name, dims, values.length);
  const f64 = Float64Array.from(values as ArrayLike<number>);
  return { name, dims: [...dims], dataType: DataType.DOUBLE, rawData: littleEndianBytes(f64) };
}

/** An int64 tensor (values must be safe integers). */
export function int64Tensor(name: string, dims: readonly number[], values: ArrayLike<number>): TensorDef {
  checkSize(name, dims, values.length);
  const b = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) b[i] = BigInt(checkInt(values[i]!));
  return { name, dims: [...dims], dataType: DataType.INT64, rawData: littleEndianBytes(b) };
}

function checkSize(name: string, dims: readonly number[], n: number) {
  const size = dims.reduce((a, d) => a * d, 1);
  if (size !== n) throw new Error(`tensor ${name}: dims [${dims.join(", ")}] hold ${size} values, got ${n}`);
}

function checkInt(v: number): number {
  if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
  return v;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function littleEndianBytes(a: Float32Array | Float64Array | BigInt64Array): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN) return new Uint8Array(bytes); // copy: the proto owns its bytes
  const w = a.BYTES_PER_ELEMENT;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += w) for (let j = 0; j < w; j++) out[i + j] = bytes[i + w - 1 - j]!;
  return out;
}

// ---------------------------------------------------------------- attributes

export function attrInt(name: string, value: number): AttributeDef {
  return { name, type: AttrType.INT, i: checkInt(value) };
}
export function attrFloat(name: string, value: number): AttributeDef {
  return { name, type: AttrType.FLOAT, f: value };
}
export function attrString(name: string, value: string): AttributeDef {
  return { name, type: AttrType.STRING, s: new TextEncoder().encode(value) };
}
export function attrInts(name: string, values: ArrayLike<number>): AttributeDef {
  return { name, type: AttrType.INTS, ints: Array.from(values, checkInt) };
}
/** Float attribute list (protobuf `float`, i.e. float32 on the wire). */
export function attrFloats(name: string, values: ArrayLike<number>): AttributeDef {
  return { name, type: AttrType.FLOATS, floats: Array.from(values) };
}
export function attrStrings(name: string, values: readonly string[]): AttributeDef {
  const enc = new TextEncoder();
  return { name, type: AttrType.STRINGS, strings: values.map((s) => enc.encode(s)) };
}
export function attrTensor(name: string, tensor: TensorDef): AttributeDef {
  return { name, type: AttrType.TENSOR, t: tensor };
}

// ---------------------------------------------------------------- nodes and models

export interface NodeOptions {
  /** Node name (defaults to `<opType>_<first output>`). */
  name?: string;
  /** Operator domain: "" (default) or `ML_DOMAIN`. */
  domain?: string;
}

/** One graph node. */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: readonly AttributeDef[] = [],
  opts: NodeOptions = {},
): NodeDef {
  return {
    opType,
    input: [...inputs],
    output: [...outputs],
    attribute: [...attributes],
    name: opts.name ?? `${opType}_${outputs[0] ?? "out"}`,
    domain: opts.domain ?? "",
  };
}

/** A node in the `ai.onnx.ml` domain. */
export function mlNode(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: readonly AttributeDef[] = [],
  name?: string,
): NodeDef {
  return node(opType, inputs, outputs, attributes, { domain: ML_DOMAIN, ...(name ? { name } : {}) });
}

export interface ModelSpec {
  nodes: readonly NodeDef[];
  inputs: readonly ValueInfoDef[];
  outputs: readonly ValueInfoDef[];
  initializers?: readonly TensorDef[];
  graphName?: string;
  docString?: string;
  /** Extra key/value metadata (e.g. `{ estimator: "ridge", features: "a,b" }`). */
  metadata?: Readonly<Record<string, string>>;
  /** Opset overrides; defaults: "" → OPSET_DEFAULT, ai.onnx.ml → OPSET_ML. */
  opsets?: Readonly<Record<string, number>>;
}

/** Build a ModelProto with Foldline's producer, IR version and opset imports. */
export function makeModel(spec: ModelSpec): OnnxModel {
  const opsets = { "": OPSET_DEFAULT, [ML_DOMAIN]: OPSET_ML, ...(spec.opsets ?? {}) };
  return onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    producerName: "foldline",
    producerVersion: "1",
    docString: spec.docString ?? "",
    opsetImport: Object.entries(opsets).map(([domain, version]) => ({ domain, version })),
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: spec.graphName ?? "foldline",
      node: [...spec.nodes],
      input: [...spec.inputs],
      output: [...spec.outputs],
      initializer: [...(spec.initializers ?? [])],
    },
  });
}

/** Encode a ModelProto to its protobuf bytes. */
export function serializeModel(model: OnnxModel | onnxProto.onnx.IModelProto): Uint8Array {
  const err = onnx.ModelProto.verify(model);
  if (err) throw new Error(`invalid ModelProto: ${err}`);
  return onnx.ModelProto.encode(model).finish();
}

/** Decode protobuf bytes back to a ModelProto (for inspection and tests). */
export function parseModel(bytes: Uint8Array): OnnxModel {
  return onnx.ModelProto.decode(bytes);
}

/** `makeModel` then `serializeModel`. */
export function buildModel(spec: ModelSpec): Uint8Array {
  return serializeModel(makeModel(spec));
}

/** The outputs every classifier graph declares: `label` int64 [N] and `probabilities` float [N, C]. */
export function classifierOutputs(nClasses: number): ValueInfoDef[] {
  return [int64Output(OUTPUT_LABEL, ["N"]), floatOutput(OUTPUT_PROBABILITIES, ["N", nClasses])];
}

/**
 * A classifier head on scores [N, C]: `probabilities` = Softmax(scores, axis 1), `label` by
 * `labelFromProbabilities`, and the `classifierOutputs`.
 */
export function softmaxClassifierHead(
  scores: string,
  classes: ArrayLike<number>,
): { nodes: NodeDef[]; initializers: TensorDef[]; outputs: ValueInfoDef[] } {
  const label = labelFromProbabilities(OUTPUT_PROBABILITIES, classes);
  return {
    nodes: [node("Softmax", [scores], [OUTPUT_PROBABILITIES], [attrInt("axis", 1)]), ...label.nodes],
    initializers: label.initializers,
    outputs: classifierOutputs(classes.length),
  };
}

/**
 * `label` int64 [N] from a probabilities tensor [N, C]: ArgMax(axis 1, first on ties) → Gather
 * over the int64 class labels. Use it instead of an operator's own label output (ORT 1.30's
 * binary TreeEnsembleClassifier maps label −1 to 0; see graph.test.ts).
 */
export function labelFromProbabilities(
  probabilities: string,
  classes: ArrayLike<number>,
  label = OUTPUT_LABEL,
  prefix = "label",
): { nodes: NodeDef[]; initializers: TensorDef[] } {
  return {
    nodes: [
      node("ArgMax", [probabilities], [`${prefix}_index`], [attrInt("axis", 1), attrInt("keepdims", 0)]),
      node("Gather", [`${prefix}_classes`, `${prefix}_index`], [label], [attrInt("axis", 0)]),
    ],
    initializers: [int64Tensor(`${prefix}_classes`, [classes.length], classes)],
  };
}
