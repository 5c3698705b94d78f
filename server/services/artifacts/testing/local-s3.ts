import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";

/** s3rver checks request signatures against this fixed key pair. */
export const LOCAL_S3_CREDENTIALS = { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" } as const;

/**
 * An in-process S3-compatible server (s3rver) on a free port, with one empty bucket, storing
 * objects in a fresh temporary folder.
 */
export async function startLocalS3(bucket: string) {
  const directory = mkdtempSync(path.join(tmpdir(), "foldline-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    bucket,
    endpoint: `http://127.0.0.1:${port}`,
    /** The file s3rver keeps an object's bytes in (its on-disk layout: <bucket>/<key>._S3rver_object). */
    objectFile: (key: string) => path.join(directory, bucket, `${key}._S3rver_object`),
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
