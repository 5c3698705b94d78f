import { createHash } from "node:crypto";
import { env } from "@/env";
import type { ArtifactBackend } from "./backend";
import { LocalArtifactBackend } from "./local-backend";
import { S3ArtifactBackend } from "./s3";

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Content-addressed key of a blob: sha256/<first two hex>/<hash>. */
export const contentKey = (hash: string) => `sha256/${hash.slice(0, 2)}/${hash}`;

/** Stores bytes under their sha256 (written only when absent) and returns the hash and key. */
export async function putContent(backend: ArtifactBackend, bytes: Uint8Array) {
  const hash = sha256Hex(bytes);
  const key = contentKey(hash);
  if (!(await backend.exists(key))) await backend.put(key, bytes);
  return { sha256: hash, key, size: bytes.byteLength };
}

/** Reads a content-addressed blob and checks it still hashes to its name. */
export async function getContent(backend: ArtifactBackend, hash: string): Promise<Uint8Array> {
  const bytes = await backend.get(contentKey(hash));
  if (!bytes) throw new Error(`artifact ${hash} is missing from the ${backend.kind} store`);
  if (sha256Hex(bytes) !== hash) throw new Error(`artifact ${hash} is corrupt (hash mismatch)`);
  return bytes;
}

const globalForStore = globalThis as unknown as { foldlineArtifacts?: ArtifactBackend };

/** The process's artifact backend: the S3 bucket when S3_BUCKET is set, else the local folder. */
export function getArtifactBackend(): ArtifactBackend {
  return (globalForStore.foldlineArtifacts ??= env.S3_BUCKET
    ? new S3ArtifactBackend({
        bucket: env.S3_BUCKET,
        prefix: env.S3_PREFIX,
        region: env.S3_REGION,
        endpoint: env.S3_ENDPOINT,
        forcePathStyle: env.S3_FORCE_PATH_STYLE === "true",
      })
    : new LocalArtifactBackend(env.ARTIFACT_DIR));
}
