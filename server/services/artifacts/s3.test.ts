import { GetObjectCommand, HeadObjectCommand, NoSuchBucket, NoSuchKey, NotFound, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { S3ArtifactBackend } from "./s3";
import { UNSAFE_KEYS } from "./testing/backend-contract";

// The AWS client is stubbed at its one edge, `send`: these tests pin the requests the backend
// makes and how it reads S3's answers, without a server.
type Command = PutObjectCommand | GetObjectCommand | HeadObjectCommand;

function stubSend(answer: (command: Command) => unknown) {
  const sent: Command[] = [];
  vi.spyOn(S3Client.prototype, "send").mockImplementation(async (command: unknown) => {
    sent.push(command as Command);
    const result = answer(command as Command);
    if (result instanceof Error) throw result;
    return result;
  });
  return sent;
}

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const make = (prefix?: string) => new S3ArtifactBackend({ bucket: "models", prefix, region: "eu-west-1" });

afterEach(() => vi.restoreAllMocks());

describe("S3ArtifactBackend requests", () => {
  it("puts the bytes under bucket and prefix/key, with their length", async () => {
    const sent = stubSend(() => ({}));
    const body = new Uint8Array([7, 8, 9]);
    await make("/team-a/artifacts/").put("sha256/ab/abc", body);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(PutObjectCommand);
    expect(sent[0]!.input).toEqual({ Bucket: "models", Key: "team-a/artifacts/sha256/ab/abc", Body: body, ContentLength: 3, ContentType: "application/octet-stream" });
  });

  it("uses the key itself when there is no prefix, and reads bodies back as bytes", async () => {
    const sent = stubSend((c) => (c instanceof GetObjectCommand ? { Body: { transformToByteArray: async () => new Uint8Array([1, 2]) } } : {}));
    const b = make();
    expect(await b.get("runs/r1/a.json")).toEqual(new Uint8Array([1, 2]));
    expect(await b.exists("runs/r1/a.json")).toBe(true);
    expect(sent.map((c) => [c.constructor.name, c.input])).toEqual([
      ["GetObjectCommand", { Bucket: "models", Key: "runs/r1/a.json" }],
      ["HeadObjectCommand", { Bucket: "models", Key: "runs/r1/a.json" }],
    ]);
  });

  it.each(UNSAFE_KEYS)("refuses the key %j before sending anything", async (key) => {
    const sent = stubSend(() => ({}));
    const b = make("p");
    await expect(b.put(key, new Uint8Array([1]))).rejects.toThrow(/invalid artifact key/);
    await expect(b.get(key)).rejects.toThrow(/invalid artifact key/);
    await expect(b.exists(key)).rejects.toThrow(/invalid artifact key/);
    expect(sent).toHaveLength(0);
  });

  it.each(["../up", "a/../../b", "a%2Fb"])("refuses the prefix %j, naming S3_PREFIX", (prefix) => {
    expect(() => make(prefix)).toThrow(/prefix \(S3_PREFIX\)/);
  });

  it("refuses an empty bucket name, naming S3_BUCKET", () => {
    expect(() => new S3ArtifactBackend({ bucket: "" })).toThrow(/S3_BUCKET/);
  });
});

describe("S3ArtifactBackend error mapping", () => {
  it("reads NoSuchKey from GET as absent and a 404 from HEAD as not existing", async () => {
    stubSend((c) => (c instanceof GetObjectCommand ? new NoSuchKey({ message: "no key", ...meta(404) }) : new NotFound({ message: "", ...meta(404) })));
    expect(await make().get("sha256/ab/abc")).toBeNull();
    expect(await make().exists("sha256/ab/abc")).toBe(false);
  });

  it("keeps a missing bucket an error that names the operation, bucket and key", async () => {
    const cause = new NoSuchBucket({ message: "The specified bucket does not exist", ...meta(404) });
    stubSend(() => cause);
    const err = await make("p").get("sha256/ab/abc").catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe("S3 GetObject s3://models/p/sha256/ab/abc failed: The specified bucket does not exist");
    expect((err as Error).cause).toBe(cause);
  });

  it("keeps access-denied and network failures errors, for HEAD and PUT too", async () => {
    const denied = new S3ServiceException({ name: "AccessDenied", $fault: "client", message: "Access Denied", ...meta(403) });
    stubSend(() => denied);
    await expect(make().exists("a/b")).rejects.toThrow("S3 HeadObject s3://models/a/b failed: Access Denied");
    vi.restoreAllMocks();
    stubSend(() => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9000"), { code: "ECONNREFUSED" }));
    await expect(make().put("a/b", new Uint8Array([1]))).rejects.toThrow("S3 PutObject s3://models/a/b failed: connect ECONNREFUSED 127.0.0.1:9000");
  });

  it("does not take a 404 without an S3 not-found code for a missing object", async () => {
    stubSend(() => new S3ServiceException({ name: "NoSuchUpload", $fault: "client", message: "no upload", ...meta(404) }));
    await expect(make().get("a/b")).rejects.toThrow(/S3 GetObject .* failed: no upload/);
  });
});
