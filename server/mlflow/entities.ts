/** Foldline rows → MLflow REST entities (mlflow/protos/service.proto field names). */
import type { getRun } from "@/server/services/tracking/runs";

type RunData = Awaited<ReturnType<typeof getRun>>;

/** JSON has no NaN: MLflow's protobuf JSON writes "NaN" (and ±Infinity as strings). */
export const metricValue = (value: number, isNan: boolean) => (isNan ? "NaN" : value);

export function experimentEntity(e: { id: number; name: string; lifecycleStage: string; createdAt: Date; updatedAt: Date; tags?: { key: string; value: string }[] }) {
  return {
    experiment_id: String(e.id),
    name: e.name,
    artifact_location: `mlflow-artifacts:/${e.id}`,
    lifecycle_stage: e.lifecycleStage,
    creation_time: e.createdAt.getTime(),
    last_update_time: e.updatedAt.getTime(),
    tags: e.tags ?? [],
  };
}

export function runInfoEntity(r: RunData["run"]) {
  return {
    run_id: r.id,
    run_uuid: r.id,
    run_name: r.name,
    experiment_id: String(r.experimentId),
    user_id: r.userId ?? "",
    status: r.status,
    start_time: r.startTime,
    ...(r.endTime !== null ? { end_time: r.endTime } : {}),
    artifact_uri: `mlflow-artifacts:/${r.experimentId}/${r.id}/artifacts`,
    lifecycle_stage: r.lifecycleStage,
  };
}

type DatasetInputRow = RunData["inputs"][number];

/** MLflow's DatasetInput: the dataset and the tags it was logged with. */
export const datasetInputEntity = (i: DatasetInputRow) => ({
  tags: i.tags,
  dataset: {
    name: i.name,
    digest: i.digest,
    source_type: i.sourceType,
    source: i.source,
    ...(i.schema !== null ? { schema: i.schema } : {}),
    ...(i.profile !== null ? { profile: i.profile } : {}),
  },
});

export function runEntity(d: {
  run: RunData["run"];
  params: RunData["params"];
  tags: RunData["tags"];
  metrics: { key: string; value: number; isNan: boolean; timestamp: number; step: number }[];
  inputs?: DatasetInputRow[];
}) {
  return {
    info: runInfoEntity(d.run),
    data: {
      metrics: d.metrics.map((m) => ({ key: m.key, value: metricValue(m.value, m.isNan), timestamp: m.timestamp, step: m.step })),
      params: d.params,
      tags: d.tags,
    },
    inputs: d.inputs?.length ? { dataset_inputs: d.inputs.map(datasetInputEntity) } : {},
  };
}
