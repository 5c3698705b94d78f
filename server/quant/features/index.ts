/**
 * Public API of the feature layer: the registry of indicators, versioned pipeline specs
 * (validate, canonicalise, hash, compute), and the streaming (bar-by-bar) pipeline. Kernels are
 * imported from their own files (`moving-averages`, `momentum`, `volatility`, `channels`,
 * `volume`, `trend`, `returns`, `calendar`, `rolling`).
 */
export { FEATURE_IDS, FEATURES, type FeatureDef, getFeature, NORMALIZE_KINDS, type NormalizeKind, type ParamDef, type Params, resolveParams } from "./registry";
export {
  canonicalColumnNames, canonicalizeSpec, canonicalJson, type CanonicalFeatureSpec, computeFeatures, type FeatureMatrix,
  FeatureSpecSchema, type FeatureSpecInput, SPEC_VERSION, specColumnNames, specHash, W1_SPEC, W3_SPEC,
} from "./spec";
export { type Bar, createStreamingFeature, STREAMING, type StreamingFeature, StreamingPipeline } from "./streaming";
