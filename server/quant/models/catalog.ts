/**
 * The algorithms a user can pick (training form, jobs REST, tuning): each with its tasks, a zod
 * schema of its parameters (defaults, bounds, field names for error messages; the same schema
 * generates the OpenAPI document) and a constructor. Estimator-specific defaults stay in the
 * estimators; a schema only bounds what a request may ask for.
 */
import { z } from "zod";
import type { Estimator, Task } from "./estimator";
import { GbdtClassifier, GbdtRegressor } from "./gbdt";
import { ElasticNet, LinearRegression, LogisticRegression, Ridge } from "./linear";
import { MlpClassifier, MlpRegressor } from "./neural/mlp";
import { RandomForestClassifier, RandomForestRegressor } from "./random-forest";
import { SGDClassifier, SGDRegressor } from "./sgd";

const positive = (field: string) => z.number({ message: `${field} must be a number` }).positive({ message: `${field} must be > 0` });
const fraction = (field: string) => z.number({ message: `${field} must be a number` }).gt(0, { message: `${field} must be > 0` }).max(1, { message: `${field} must be ≤ 1` });
const count = (field: string, min: number, max: number) =>
  z.number({ message: `${field} must be a number` }).int({ message: `${field} must be an integer` }).min(min, { message: `${field} must be ≥ ${min}` }).max(max, { message: `${field} must be ≤ ${max}` });

const GbdtParamsSchema = z.strictObject({
  nEstimators: count("nEstimators", 1, 10_000).default(100),
  learningRate: positive("learningRate").max(1).default(0.05),
  maxDepth: count("maxDepth", 0, 16).default(6),
  maxLeaves: count("maxLeaves", 0, 4096).default(0),
  lambda: z.number().min(0).default(1),
  minChildSamples: count("minChildSamples", 1, 100_000).default(20),
  featureFraction: fraction("featureFraction").default(1),
  subsample: fraction("subsample").default(1),
  maxBins: count("maxBins", 2, 256).default(255),
  earlyStoppingRounds: count("earlyStoppingRounds", 1, 1000).default(10),
  /** Quantile regression (prediction intervals) when set. */
  quantileAlpha: fraction("quantileAlpha").max(0.999).optional(),
  seed: z.number().int().default(0),
});

const RandomForestParamsSchema = z.strictObject({
  nEstimators: count("nEstimators", 1, 5000).default(100),
  maxDepth: count("maxDepth", 0, 64).default(12),
  minSamplesLeaf: count("minSamplesLeaf", 1, 100_000).default(1),
  /** "sqrt", "log2" or a fraction of the features tried per split (default: sqrt for
   * classifiers, all for regressors, as scikit-learn). */
  maxFeatures: z.union([z.enum(["sqrt", "log2"]), fraction("maxFeatures")]).optional(),
  bootstrap: z.boolean().default(true),
  seed: z.number().int().default(0),
});

const MlpParamsSchema = z.strictObject({
  hidden: z.array(count("hidden layer size", 1, 4096)).max(8, { message: "at most 8 hidden layers" }).default([64, 32]),
  learningRate: positive("learningRate").max(1).default(1e-3),
  epochs: count("epochs", 1, 5000).default(100),
  batchSize: count("batchSize", 1, 65_536).default(32),
  l2: z.number().min(0).default(0),
  patience: count("patience", 1, 1000).default(10),
  seed: z.number().int().default(0),
});

const LinearParamsSchema = z.strictObject({ standardize: z.boolean().default(true) });
const RidgeParamsSchema = LinearParamsSchema.extend({ alpha: z.number().min(0, { message: "alpha must be ≥ 0" }).default(1) });
const ElasticNetParamsSchema = RidgeParamsSchema.extend({ l1Ratio: z.number().min(0).max(1, { message: "l1Ratio must be in [0, 1]" }).default(0.5) });
const LogisticParamsSchema = LinearParamsSchema.extend({ C: positive("C").default(1) });
const SgdParamsSchema = z.strictObject({
  alpha: z.number().min(0).default(1e-4),
  penalty: z.enum(["l2", "l1", "elasticnet", "none"]).default("l2"),
  eta0: positive("eta0").default(0.01),
  epochs: count("epochs", 1, 1000).default(5),
  standardize: z.boolean().default(true),
  seed: z.number().int().default(0),
});

export interface AlgorithmDef<S extends z.ZodType = z.ZodType> {
  label: string;
  tasks: readonly Task[];
  params: S;
  /** Can it learn online across folds (`partialFit`)? */
  online: boolean;
  create(task: Task, params: z.output<S>): Estimator;
}

const def = <S extends z.ZodType>(d: AlgorithmDef<S>) => d;

export const ALGORITHMS = {
  gbdt: def({
    label: "Gradient-boosted trees",
    tasks: ["regression", "classification"],
    params: GbdtParamsSchema,
    online: false,
    create: (task, { quantileAlpha, ...p }) =>
      task === "classification" ? new GbdtClassifier(p) : new GbdtRegressor(quantileAlpha === undefined ? p : { ...p, loss: "quantile", alpha: quantileAlpha }),
  }),
  random_forest: def({
    label: "Random forest",
    tasks: ["regression", "classification"],
    params: RandomForestParamsSchema,
    online: false,
    create: (task, p) => (task === "classification" ? new RandomForestClassifier(p) : new RandomForestRegressor(p)),
  }),
  mlp: def({
    label: "Neural network (MLP)",
    tasks: ["regression", "classification"],
    params: MlpParamsSchema,
    online: false,
    create: (task, p) => (task === "classification" ? new MlpClassifier(p) : new MlpRegressor(p)),
  }),
  linear: def({ label: "Ordinary least squares", tasks: ["regression"], params: LinearParamsSchema, online: false, create: (_t, p) => new LinearRegression(p) }),
  ridge: def({ label: "Ridge", tasks: ["regression"], params: RidgeParamsSchema, online: false, create: (_t, p) => new Ridge(p) }),
  elastic_net: def({ label: "Elastic net", tasks: ["regression"], params: ElasticNetParamsSchema, online: false, create: (_t, p) => new ElasticNet(p) }),
  logistic: def({ label: "Logistic regression", tasks: ["classification"], params: LogisticParamsSchema, online: false, create: (_t, p) => new LogisticRegression(p) }),
  sgd: def({
    label: "SGD (online)",
    tasks: ["regression", "classification"],
    params: SgdParamsSchema,
    online: true,
    create: (task, p) => (task === "classification" ? new SGDClassifier(p) : new SGDRegressor(p)),
  }),
} satisfies Record<string, AlgorithmDef>;

export type AlgorithmId = keyof typeof ALGORITHMS;
export const ALGORITHM_IDS = Object.keys(ALGORITHMS) as AlgorithmId[];

/** A model choice as requests carry it: the algorithm and its parameters (validated here). */
export const ModelChoice = z
  .object({
    algorithm: z.enum(ALGORITHM_IDS as [AlgorithmId, ...AlgorithmId[]], { message: `algorithm must be one of ${ALGORITHM_IDS.join(", ")}` }),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .transform((m, ctx) => {
    const parsed = ALGORITHMS[m.algorithm].params.safeParse(m.params);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ["params", ...issue.path] } as never);
      return z.NEVER;
    }
    return { algorithm: m.algorithm, params: parsed.data as Record<string, unknown> };
  });
export type ModelChoice = z.output<typeof ModelChoice>;

/** A fresh, unfitted estimator for a validated choice; refuses an algorithm the task lacks. */
export function createEstimator(task: Task, choice: ModelChoice): Estimator {
  const algo: AlgorithmDef = ALGORITHMS[choice.algorithm as AlgorithmId];
  if (!algo.tasks.includes(task)) throw new RangeError(`algorithm ${choice.algorithm} does not do ${task} (it does ${algo.tasks.join(", ")})`);
  return algo.create(task, choice.params);
}
