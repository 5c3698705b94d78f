/**
 * `npm run bench [-- --only=W1,W2 --runs=9]`: runs each selected workload of BENCHMARKS.md in its
 * own Node process (so peak RSS means something) and relays its JSON line. Other arguments
 * (e.g. W3's `--data=synthetic`) go on to every workload process.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k!, v ?? "true"];
  }),
);
const runs = Number(args.runs ?? 5);
const passOn = process.argv.slice(2).filter((a) => !/^--(only|runs)=/.test(a));

/**
 * Workloads run as JavaScript compiled ahead (one esbuild bundle, as the app runs what `next
 * build` compiled), not through tsx's in-process TypeScript loader, whose hooks thread and
 * transform caches add ~80 MB to the process's RSS (W1: `rss_mb` 400 → 320): a figure of the
 * workload, not of the dev loader. Same code, same V8. `env`: what the workload's process gets
 * on top of ours (each documented in its workload file). Bundles everything, so only for
 * workloads without native modules or files found next to their sources.
 */
const COMPILED: Record<string, { env?: Record<string, string> } | undefined> = {
  // transparent huge pages for malloc'd memory, as numpy madvises them for its own arrays (see w1.ts)
  W1: { env: { GLIBC_TUNABLES: "glibc.malloc.hugetlb=1" } },
};

/** Bundles `file` (tsconfig paths resolved) into a temporary .mjs; returns its path. */
function compile(file: string): string {
  // esbuild comes with tsx (a devDependency): resolve it from there, not from wherever npm hoisted it
  const esbuild = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"))("esbuild") as typeof import("esbuild");
  const outfile = path.join(mkdtempSync(path.join(os.tmpdir(), "foldline-bench-")), `${path.basename(file, ".ts")}.mjs`);
  esbuild.buildSync({
    entryPoints: [file],
    bundle: true,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node.split(".")[0]}`,
    outfile,
    tsconfig: path.join(here, "..", "tsconfig.json"),
    logLevel: "warning",
  });
  return outfile;
}
const all = ["W1", "W2", "W2b", "W3", "W3-onnx", "W4", "W5", "W6", "W7", "W8", "W9"];
const only = args.only ? String(args.only).split(",") : all;

for (const id of only) {
  const file = path.join(here, "workloads", `${id.toLowerCase()}.ts`);
  if (!existsSync(file)) {
    console.error(`bench: ${id} has no workload yet (${path.relative(process.cwd(), file)})`);
    continue;
  }
  const compiled = COMPILED[id];
  const argv = compiled ? [compile(file)] : ["--import", "tsx", file];
  const res = spawnSync(process.execPath, [...argv, `--runs=${runs}`, ...passOn], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, ...compiled?.env },
  });
  if (res.status !== 0) process.exitCode = 1;
}
