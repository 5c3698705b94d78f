import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ArtifactBackend } from "./backend";
import { assertSafeKey } from "./keys";

/** Artifacts as files under one root folder (`.data/artifacts` by default). */
export class LocalArtifactBackend implements ArtifactBackend {
  readonly kind = "local" as const;
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(/* turbopackIgnore: true */ root);
  }

  private file(key: string) {
    assertSafeKey(key);
    const full = path.join(this.root, key);
    // Belt and braces after assertSafeKey: the resolved path must stay under the root.
    if (!full.startsWith(this.root + path.sep)) throw new Error(`artifact key escapes the store: ${key}`);
    return full;
  }

  async put(key: string, body: Uint8Array) {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, body);
    await rename(tmp, file);
  }

  async get(key: string) {
    const file = this.file(key);
    try {
      return new Uint8Array(await readFile(file));
    } catch (err) {
      if (isAbsent(err)) return null;
      throw err;
    }
  }

  async exists(key: string) {
    const file = this.file(key);
    try {
      return (await stat(file)).isFile();
    } catch (err) {
      if (isAbsent(err)) return false;
      throw err;
    }
  }
}

/** No file at the key: nothing there, a folder there (as in S3, a prefix is not an object), or a file where a folder would be. */
const isAbsent = (err: unknown) => ["ENOENT", "EISDIR", "ENOTDIR"].includes((err as NodeJS.ErrnoException).code ?? "");
