#!/usr/bin/env node
// `npx foldline`: the command-line tool. Runs the TypeScript sources through tsx, with the
// project's tsconfig (for the `@/` import alias) wherever it is called from.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../cli/main.ts");
