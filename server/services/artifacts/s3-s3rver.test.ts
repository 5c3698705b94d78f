import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { S3ArtifactBackend } from "./s3";
import { putContent } from "./store";
import { describeArtifactBackendContract } from "./testing/backend-contract";
import { LOCAL_S3_CREDENTIALS, startLocalS3 } from "./testing/local-s3";

// The S3 backend against a real S3-compatible server (s3rver, in-process): the same contract as
// the local folder, plus the object layout.
let s3: Awaited<ReturnType<typeof startLocalS3>>;
let backend: S3ArtifactBackend;

beforeAll(async () => {
  s3 = await startLocalS3("foldline-contract");
  for (const [name, value] of Object.entries(LOCAL_S3_CREDENTIALS)) vi.stubEnv(name, value);
  backend = new S3ArtifactBackend({ bucket: s3.bucket, prefix: "/team-a/artifacts/", region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await s3?.stop();
});

describeArtifactBackendContract("s3 (s3rver)", () => backend);

it("lays content-addressed objects out under the prefix exactly as the local folder lays out files", async () => {
  const bytes = new TextEncoder().encode("layout check");
  const { key } = await putContent(backend, bytes);
  expect(key).toMatch(/^sha256\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
  expect(new Uint8Array(readFileSync(s3.objectFile(`team-a/artifacts/${key}`)))).toEqual(bytes);
});

it("reports a missing bucket as an error naming the bucket, not as a missing artifact", async () => {
  const wrong = new S3ArtifactBackend({ bucket: "no-such-bucket", region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true });
  await expect(wrong.get("sha256/ab/abc")).rejects.toThrow("S3 GetObject s3://no-such-bucket/sha256/ab/abc failed");
  await expect(wrong.put("sha256/ab/abc", new Uint8Array([1]))).rejects.toThrow("S3 PutObject s3://no-such-bucket/sha256/ab/abc failed");
});
