import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ArtifactBackend } from "./backend";
import { assertSafeKey } from "./keys";
import { LocalArtifactBackend } from "./local-backend";
import { contentKey, getContent, putContent, sha256Hex } from "./store";

const root = mkdtempSync(path.join(tmpdir(), "foldline-artifacts-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The contract every backend meets; S3 joins this list when it is built. */
const BACKENDS: [string, () => ArtifactBackend][] = [["local", () => new LocalArtifactBackend(path.join(root, "store"))]];

describe.each(BACKENDS)("artifact backend %s", (_, make) => {
  it("puts, gets and reports existence", async () => {
    const b = make();
    expect(await b.get("runs/r1/model.json")).toBeNull();
    expect(await b.exists("runs/r1/model.json")).toBe(false);
    await b.put("runs/r1/model.json", new TextEncoder().encode('{"a":1}'));
    expect(new TextDecoder().decode((await b.get("runs/r1/model.json"))!)).toBe('{"a":1}');
    expect(await b.exists("runs/r1/model.json")).toBe(true);
  });

  it("stores content once under its sha256 and detects corruption", async () => {
    const b = make();
    const bytes = new TextEncoder().encode("abc");
    const first = await putContent(b, bytes);
    expect(first).toEqual({
      sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      key: "sha256/ba/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      size: 3,
    });
    expect(await putContent(b, bytes)).toEqual(first);
    expect(new TextDecoder().decode(await getContent(b, first.sha256))).toBe("abc");
    await expect(getContent(b, sha256Hex(new TextEncoder().encode("missing")))).rejects.toThrow(/missing from the/);
    if (b instanceof LocalArtifactBackend) {
      writeFileSync(path.join(root, "store", contentKey(first.sha256)), "abd");
      await expect(getContent(b, first.sha256)).rejects.toThrow(/corrupt/);
    }
  });

  it.each(["../x", "/etc/passwd", "a/../../b", "a//b", "a\\b", "a/%2e%2e/b", "a/%2F", ".", "a/./b", "", "a/\u0000"])(
    "refuses the key %j",
    async (key) => {
      const b = make();
      await expect(b.put(key, new Uint8Array([1]))).rejects.toThrow(/invalid artifact key/);
    },
  );
});

it("accepts ordinary keys", () => {
  expect(() => assertSafeKey("runs/0f3a/artifacts/report.json")).not.toThrow();
  expect(() => assertSafeKey("sha256/ab/abcdef")).not.toThrow();
});
