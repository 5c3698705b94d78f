// The npm registry this project installs from serves only the Linux builds of packages with
// per-platform optional dependencies (Next's SWC, Tailwind's oxide). `npm install` then leaves
// the other platforms out of package-lock.json, and `npm ci` refuses the lock as out of sync.
// This adds each missing optional dependency as a lock entry restricted to its own os/cpu, so
// `npm ci` skips it on Linux without fetching anything. Idempotent; run after `npm install`.
import { readFileSync, writeFileSync } from "node:fs";

const PLATFORMS = [
  [/android-arm64/, ["android"], ["arm64"]],
  [/darwin-arm64/, ["darwin"], ["arm64"]],
  [/darwin-x64/, ["darwin"], ["x64"]],
  [/freebsd-x64/, ["freebsd"], ["x64"]],
  [/linux-arm-gnueabihf/, ["linux"], ["arm"]],
  [/wasm32-wasi/, null, ["wasm32"]],
  [/win32-arm64/, ["win32"], ["arm64"]],
  [/win32-x64/, ["win32"], ["x64"]],
];

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
let added = 0;
for (const [, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key]) continue;
    const platform = PLATFORMS.find(([re]) => re.test(name));
    if (!platform) continue;
    const [, os, cpu] = platform;
    lock.packages[key] = { version, optional: true, ...(os ? { os } : {}), cpu };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile-stubs: added ${added} platform-only optional dependencies`);
