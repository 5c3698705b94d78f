/** Restore any neural estimator (MLP, LSTM) from its JSON, without loading TF.js. */
import type { EstimatorJSON } from "../estimator";
import { LstmClassifier, LstmRegressor } from "./lstm";
import { MlpClassifier, MlpRegressor } from "./mlp";

export function neuralFromJSON(json: EstimatorJSON): MlpRegressor | MlpClassifier | LstmRegressor | LstmClassifier {
  switch (json.kind) {
    case "mlp_regressor":
      return MlpRegressor.fromJSON(json);
    case "mlp_classifier":
      return MlpClassifier.fromJSON(json);
    case "lstm_regressor":
      return LstmRegressor.fromJSON(json);
    case "lstm_classifier":
      return LstmClassifier.fromJSON(json);
    default:
      throw new Error(`not a neural estimator: ${json.kind}`);
  }
}
