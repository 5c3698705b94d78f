/**
 * LSTM over sliding windows of bars (kinds "lstm_regressor", "lstm_classifier"): the output at
 * row t reads the standardised feature rows t − lookback + 1 … t (oldest first, zero initial
 * state) through one LSTM layer of `units`, then Dense(outputs) on its last hidden state.
 * Rows are bars in time order, and row t uses rows ≤ t only (no look-ahead). The first
 * lookback − 1 rows have no full window: their predictions/probabilities/labels are NaN and their
 * targets are not trained on (windows never reach across the start of X, nor from the training
 * rows into validation rows).
 *
 * The TF.js layer uses recurrentActivation "sigmoid" (TF.js defaults to hardSigmoid; sigmoid is
 * what ONNX's LSTM computes by default), unitForgetBias (forget-gate bias starts at 1) and
 * Glorot-uniform kernels seeded with seed, seed + 1 (recurrent) and seed + 2 (head). The
 * recurrent kernel is not the Keras default orthogonal: TF.js builds that by a QR decomposition of
 * the whole [H, 4H] matrix and warns above 2000 elements; for the short windows used here
 * Glorot trains as well. Native forward pass: forward.ts; ONNX graph: onnx/neural.ts.
 */
import type { EstimatorJSON } from "../estimator";
import { expectKind } from "../estimator";
import { lstmOnnx } from "../../onnx/neural";
import { NeuralClassifier, NeuralRegressor, type NeuralArchitecture, type NeuralTrainingParams } from "./base";
import { denseForward, lstmLastHidden } from "./forward";

export interface LstmParams extends NeuralTrainingParams {
  /** Bars per window, the current one included (default 10). */
  lookback?: number;
  /** LSTM hidden units (default 32). */
  units?: number;
}

/** The LSTM of `params.lookback` (default 10) and `params.units` (default 32). */
export function lstmArchitecture(kind: string, params: LstmParams): NeuralArchitecture {
  const lookback = params.lookback ?? 10, units = params.units ?? 32;
  if (!(Number.isInteger(lookback) && lookback >= 1)) throw new Error(`${kind}: lookback must be a positive integer, got ${lookback}`);
  if (!(Number.isInteger(units) && units >= 1)) throw new Error(`${kind}: units must be a positive integer, got ${units}`);
  const H = units, G = 4 * units;
  return {
    firstRow: lookback - 1,
    params: () => ({ lookback, units }),
    weightSpecs: (F, O) => [
      { shape: [F, G], penalized: true },
      { shape: [H, G], penalized: true },
      { shape: [G], penalized: false },
      { shape: [H, O], penalized: true },
      { shape: [O], penalized: false },
    ],
    buildTf(tf, F, O, seed) {
      const model = tf.sequential();
      model.add(
        tf.layers.lstm({
          units,
          inputShape: [lookback, F],
          recurrentActivation: "sigmoid",
          unitForgetBias: true,
          kernelInitializer: tf.initializers.glorotUniform({ seed }),
          recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
        }),
      );
      model.add(tf.layers.dense({ units: O, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
      return model;
    },
    /** Windows [B, lookback, F]: window b holds rows rows[b] − lookback + 1 … rows[b]. */
    batchInput(tf, x, rows) {
      const idx = new Int32Array(rows.length * lookback);
      for (let b = 0; b < rows.length; b++) for (let s = 0; s < lookback; s++) idx[b * lookback + s] = rows[b]! - lookback + 1 + s;
      return tf.gather(x, tf.tensor2d(idx, [rows.length, lookback], "int32"));
    },
    forward(w, x, n, F) {
      const h = lstmLastHidden(x, n, F, w[0]!, w[1]!, w[2]!, H, lookback);
      return denseForward(h, n, H, w[3]!, w[4]!, w[4]!.length, false);
    },
    toOnnx: (w, F, scaler, head, metadata) =>
      lstmOnnx({
        scaler,
        lookback,
        lstm: { kernel: w[0]!, recurrent: w[1]!, bias: w[2]!, nFeatures: F, units: H },
        dense: { kernel: w[3]!, bias: w[4]!, inDim: H, outDim: w[4]!.length },
        head,
        metadata,
      }),
  };
}

export class LstmRegressor extends NeuralRegressor {
  constructor(params: LstmParams = {}) {
    super("lstm_regressor", lstmArchitecture("lstm_regressor", params), params);
  }

  static fromJSON(json: EstimatorJSON): LstmRegressor {
    expectKind(json, "lstm_regressor");
    return new LstmRegressor(json.params as LstmParams).restore(json.state);
  }
}

export class LstmClassifier extends NeuralClassifier {
  constructor(params: LstmParams = {}) {
    super("lstm_classifier", lstmArchitecture("lstm_classifier", params), params);
  }

  static fromJSON(json: EstimatorJSON): LstmClassifier {
    expectKind(json, "lstm_classifier");
    return new LstmClassifier(json.params as LstmParams).restore(json.state);
  }
}
