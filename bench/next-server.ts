/**
 * `next start` for workloads that measure the production server (W6, W8): a free loopback port,
 * the server as a child process (its output to our stderr: stdout carries only JSON lines), a
 * wait for /api/health, its peak RSS, and a stop that waits for it to exit.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");

/** Whether a production build is there (`next build` leaves .next/BUILD_ID). */
export const hasProductionBuild = () => existsSync(path.join(root, ".next/BUILD_ID"));

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });

export async function waitHealthy(url: string, server: { exitCode: number | null }) {
  for (const until = Date.now() + 120_000; Date.now() < until; ) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("next start did not answer /api/health within 120 s");
}

const statusMb = (pid: number, field: "VmHWM" | "VmRSS") => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;

/** Peak resident memory of a process (VmHWM), MB. */
export const processPeakRssMb = (pid: number) => statusMb(pid, "VmHWM");

/** Resident memory of a process now (VmRSS), MB. */
export const processRssMb = (pid: number) => statusMb(pid, "VmRSS");

/** CPU time (user + system) a process has used so far, ms (/proc/<pid>/stat, clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime: fields 14 and 15 of stat
}

/** `next start` on a free loopback port with `env` on top of ours, once it answers /api/health. */
export async function startNextServer(env: Record<string, string | undefined>) {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [createRequire(import.meta.url).resolve("next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    stdio: ["ignore", 2, 2],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  const stop = async () => {
    if (server.exitCode !== null) return;
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  };
  try {
    await waitHealthy(baseURL, server);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseURL, pid: server.pid!, stop, peakRssMb: () => processPeakRssMb(server.pid!), rssMb: () => processRssMb(server.pid!), cpuMs: () => processCpuMs(server.pid!) };
}
