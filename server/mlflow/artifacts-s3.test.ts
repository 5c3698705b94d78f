import { readFileSync } from "node:fs";
import { afterAll, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { contentKey, getArtifactBackend, sha256Hex } from "@/server/services/artifacts/store";
import { makeTeamWithRoles } from "@/server/services/testing";
import { createExperiment } from "@/server/services/tracking/experiments";
import { getRunArtifact, putRunArtifact } from "@/server/services/tracking/artifacts";
import { createRun } from "@/server/services/tracking/runs";
import { artifactRoutesTests } from "./testing/artifact-routes";

// The whole stack with S3 selected by the environment alone, as in production: s3rver starts and
// the S3_* variables are set before env.ts is first imported (vi.hoisted runs before the imports).
const s3 = await vi.hoisted(async () => {
  const { LOCAL_S3_CREDENTIALS, startLocalS3 } = await import("@/server/services/artifacts/testing/local-s3");
  const server = await startLocalS3("foldline-mlflow");
  const settings = { S3_BUCKET: server.bucket, S3_PREFIX: "artifacts", S3_REGION: "us-east-1", S3_ENDPOINT: server.endpoint, S3_FORCE_PATH_STYLE: "true", ...LOCAL_S3_CREDENTIALS };
  for (const [name, value] of Object.entries(settings)) vi.stubEnv(name, value);
  return server;
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await s3.stop();
});

describeWithDatabase("MLflow artifacts over S3", (database) => {
  it("selects the S3 backend from S3_BUCKET", () => {
    expect(getArtifactBackend().kind).toBe("s3");
  });

  artifactRoutesTests(database);

  it("stores a run artifact logged through the tracking service in the bucket and reads back the same bytes", async () => {
    const { ctx } = await makeTeamWithRoles(database().db);
    const exp = await createExperiment({ ctx: ctx.member, input: { name: "s3-e2e" } });
    const run = await createRun({ ctx: ctx.member, input: { experimentId: exp.id } });
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251);
    const logged = await putRunArtifact({ ctx: ctx.member, input: { runId: run.id, path: "model/weights.bin", bytes } });
    expect(logged).toEqual({ path: "model/weights.bin", sha256: sha256Hex(bytes), size: 300_000 });
    expect(new Uint8Array(readFileSync(s3.objectFile(`artifacts/${contentKey(logged.sha256)}`)))).toEqual(bytes);
    expect((await getRunArtifact({ ctx: ctx.viewer, input: { runId: run.id, path: "model/weights.bin" } })).bytes).toEqual(bytes);
  });
});
