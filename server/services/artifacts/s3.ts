import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import type { ArtifactBackend } from "./backend";
import { assertSafeKey } from "./keys";

export interface S3ArtifactConfig {
  bucket: string;
  /** Folder inside the bucket; keys are laid out under it exactly as under the local root. */
  prefix?: string;
  /** Unset: the AWS SDK's own chain (AWS_REGION, shared config). */
  region?: string;
  /** An S3-compatible server (MinIO, R2, s3rver) instead of AWS. */
  endpoint?: string;
  /** `bucket` in the path rather than the host name; most S3-compatible servers need it. */
  forcePathStyle?: boolean;
}

/**
 * Artifacts as objects in one S3 bucket. Credentials come from the AWS SDK's default chain
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, shared profiles, web identity, instance roles).
 */
export class S3ArtifactBackend implements ArtifactBackend {
  readonly kind = "s3" as const;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(config: S3ArtifactConfig) {
    if (!config.bucket) throw new Error("S3 artifact store: bucket (S3_BUCKET) is empty");
    this.bucket = config.bucket;
    this.prefix = (config.prefix ?? "").replace(/^\/+|\/+$/g, "");
    if (this.prefix) {
      try {
        assertSafeKey(this.prefix);
      } catch {
        throw new Error(`S3 artifact store: prefix (S3_PREFIX) ${JSON.stringify(config.prefix)} must be plain path segments`);
      }
    }
    this.client = new S3Client({ region: config.region, endpoint: config.endpoint, forcePathStyle: config.forcePathStyle });
  }

  /** The object key of an artifact key; refuses unsafe keys before any request is made. */
  private objectKey(key: string) {
    assertSafeKey(key);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  /** Sends one request: a missing object gives null; any other failure names the operation and object. */
  private async send<T>(operation: string, key: string, request: () => Promise<T>): Promise<T | null> {
    try {
      return await request();
    } catch (err) {
      if (isMissingObject(err)) return null;
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`S3 ${operation} s3://${this.bucket}/${key} failed: ${reason}`, { cause: err });
    }
  }

  async put(key: string, body: Uint8Array) {
    const Key = this.objectKey(key);
    await this.send("PutObject", Key, () =>
      this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: body, ContentLength: body.byteLength, ContentType: "application/octet-stream" })),
    );
  }

  async get(key: string) {
    const Key = this.objectKey(key);
    const res = await this.send("GetObject", Key, () => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key })));
    if (!res) return null;
    if (!res.Body) throw new Error(`S3 GetObject s3://${this.bucket}/${Key} returned no body`);
    return res.Body.transformToByteArray();
  }

  async exists(key: string) {
    const Key = this.objectKey(key);
    return (await this.send("HeadObject", Key, () => this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key })))) !== null;
  }
}

/**
 * A missing object: NoSuchKey from GET, a bare 404 from HEAD (whose answers carry no body). A
 * missing bucket (NoSuchBucket) is a configuration error and stays an error.
 */
const isMissingObject = (err: unknown) =>
  err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404 && (err.name === "NoSuchKey" || err.name === "NotFound");
