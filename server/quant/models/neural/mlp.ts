/**
 * Multi-layer perceptrons (kinds "mlp_regressor", "mlp_classifier"): standardised features →
 * Dense(h₁, ReLU) → … → Dense(h_k, ReLU) → Dense(outputs), one output for regression (the
 * standardised target), one logit per class for classification. Kernels start Glorot-uniform
 * (seeded with seed + layer index), biases at 0. Training, prediction and persistence: base.ts.
 */
import type { EstimatorJSON } from "../estimator";
import { expectKind } from "../estimator";
import { mlpOnnx, type DenseWeights } from "../../onnx/neural";
import { NeuralClassifier, NeuralRegressor, type NeuralArchitecture, type NeuralTrainingParams } from "./base";
import { denseForward } from "./forward";

export interface MlpParams extends NeuralTrainingParams {
  /** Units of each hidden ReLU layer (default [64, 32]; [] is a linear model). */
  hidden?: number[];
}

/** The weights as dense layers: kernel, bias pairs in order, the first taking F inputs. */
function denseLayers(weights: readonly Float64Array[], F: number): DenseWeights[] {
  const layers: DenseWeights[] = [];
  for (let l = 0, inDim = F; 2 * l < weights.length; l++) {
    const bias = weights[2 * l + 1]!;
    layers.push({ kernel: weights[2 * l]!, bias, inDim, outDim: bias.length });
    inDim = bias.length;
  }
  return layers;
}

/** The MLP of `params.hidden` (default [64, 32]). */
export function mlpArchitecture(kind: string, params: MlpParams): NeuralArchitecture {
  const hidden = params.hidden ?? [64, 32];
  for (const h of hidden) if (!(Number.isInteger(h) && h >= 1)) throw new Error(`${kind}: hidden layer sizes must be positive integers, got [${hidden.join(", ")}]`);
  const dims = (F: number, O: number) => [F, ...hidden, O];
  return {
    firstRow: 0,
    params: () => ({ hidden: [...hidden] }),
    weightSpecs(F, O) {
      const d = dims(F, O);
      return d.slice(1).flatMap((out, l) => [
        { shape: [d[l]!, out], penalized: true },
        { shape: [out], penalized: false },
      ]);
    },
    buildTf(tf, F, O, seed) {
      const model = tf.sequential();
      [...hidden, O].forEach((units, l) =>
        model.add(
          tf.layers.dense({
            units,
            activation: l < hidden.length ? "relu" : "linear",
            kernelInitializer: tf.initializers.glorotUniform({ seed: seed + l }),
            biasInitializer: "zeros",
            ...(l === 0 ? { inputShape: [F] } : {}),
          }),
        ),
      );
      return model;
    },
    batchInput: (tf, x, rows) => tf.gather(x, tf.tensor1d(rows, "int32")),
    forward(weights, x, n, F) {
      let a = x;
      denseLayers(weights, F).forEach((d, l) => (a = denseForward(a, n, d.inDim, d.kernel, d.bias, d.outDim, l < hidden.length)));
      return a;
    },
    toOnnx: (weights, F, scaler, head, metadata) => mlpOnnx({ scaler, layers: denseLayers(weights, F), head, metadata }),
  };
}

export class MlpRegressor extends NeuralRegressor {
  constructor(params: MlpParams = {}) {
    super("mlp_regressor", mlpArchitecture("mlp_regressor", params), params);
  }

  static fromJSON(json: EstimatorJSON): MlpRegressor {
    expectKind(json, "mlp_regressor");
    return new MlpRegressor(json.params as MlpParams).restore(json.state);
  }
}

export class MlpClassifier extends NeuralClassifier {
  constructor(params: MlpParams = {}) {
    super("mlp_classifier", mlpArchitecture("mlp_classifier", params), params);
  }

  static fromJSON(json: EstimatorJSON): MlpClassifier {
    expectKind(json, "mlp_classifier");
    return new MlpClassifier(json.params as MlpParams).restore(json.state);
  }
}
