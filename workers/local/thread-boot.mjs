// The entry of a job's worker thread. Plain JavaScript, so it starts the same way under
// `next start`, `next dev`, vitest and tsx: it registers tsx's TypeScript loader (with the
// project's tsconfig, for the `@/` paths) and then loads the thread itself from source.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const here = path.dirname(fileURLToPath(import.meta.url));
register({ tsconfig: path.join(here, "../../tsconfig.json") });
await import(pathToFileURL(path.join(here, "thread.ts")).href);
