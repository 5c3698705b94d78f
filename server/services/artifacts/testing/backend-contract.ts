import { describe, expect, it } from "vitest";
import type { ArtifactBackend } from "../backend";
import { contentKey, getContent, putContent, sha256Hex } from "../store";

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (bytes: Uint8Array | null) => (bytes ? new TextDecoder().decode(bytes) : null);

/** Keys every backend must refuse before touching storage. */
export const UNSAFE_KEYS = ["../x", "/etc/passwd", "a/../../b", "a//b", "a\\b", "a/%2e%2e/b", "a/%2F", ".", "a/./b", "", "a/\u0000"];

/**
 * What every artifact backend does, run against each one (local folder, S3). `backend` is called
 * inside the tests, so it may return an instance built in the caller's beforeAll.
 */
export function describeArtifactBackendContract(name: string, backend: () => ArtifactBackend) {
  describe(`artifact backend contract [${name}]`, () => {
    it("puts, gets, overwrites and reports existence", async () => {
      const b = backend();
      expect(await b.get("runs/r1/model.json")).toBeNull();
      expect(await b.exists("runs/r1/model.json")).toBe(false);
      await b.put("runs/r1/model.json", utf8('{"a":1}'));
      expect(text(await b.get("runs/r1/model.json"))).toBe('{"a":1}');
      expect(await b.exists("runs/r1/model.json")).toBe(true);
      await b.put("runs/r1/model.json", utf8('{"a":2}'));
      expect(text(await b.get("runs/r1/model.json"))).toBe('{"a":2}');
      // A folder of keys, or a path under a key, is not an artifact.
      expect(await b.exists("runs/r1")).toBe(false);
      expect(await b.get("runs/r1")).toBeNull();
      expect(await b.get("runs/r1/model.json/x")).toBeNull();
    });

    it("round-trips every byte value and empty files unchanged", async () => {
      const b = backend();
      const all = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
      await b.put("bytes/all.bin", all);
      expect(await b.get("bytes/all.bin")).toEqual(all);
      await b.put("bytes/empty.bin", new Uint8Array(0));
      expect(await b.get("bytes/empty.bin")).toEqual(new Uint8Array(0));
      expect(await b.exists("bytes/empty.bin")).toBe(true);
    });

    it("stores content once under its sha256 and detects corruption", async () => {
      const b = backend();
      const first = await putContent(b, utf8("abc"));
      expect(first).toEqual({
        sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        key: "sha256/ba/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        size: 3,
      });
      expect(await putContent(b, utf8("abc"))).toEqual(first);
      expect(text(await getContent(b, first.sha256))).toBe("abc");
      await expect(getContent(b, sha256Hex(utf8("missing")))).rejects.toThrow(`missing from the ${b.kind} store`);
      await b.put(contentKey(first.sha256), utf8("abd"));
      await expect(getContent(b, first.sha256)).rejects.toThrow(/corrupt/);
    });

    it.each(UNSAFE_KEYS)("refuses the key %j for put, get and exists", async (key) => {
      const b = backend();
      await expect(b.put(key, new Uint8Array([1]))).rejects.toThrow(/invalid artifact key/);
      await expect(b.get(key)).rejects.toThrow(/invalid artifact key/);
      await expect(b.exists(key)).rejects.toThrow(/invalid artifact key/);
    });
  });
}
