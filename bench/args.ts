/** `--runs=N` as the workload processes receive it from bench/run.ts. */
export function benchRuns(argv = process.argv): number {
  const a = argv.find((x) => x.startsWith("--runs="));
  const n = a ? Number(a.slice("--runs=".length)) : 5;
  return Number.isInteger(n) && n > 0 ? n : 5;
}
