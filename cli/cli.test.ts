import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { authenticateToken } from "@/server/services/tokens/authenticate-token";
import { verifyCredentials } from "@/server/services/users/verify-credentials";

const BIN = path.resolve("bin/foldline.mjs");
const dir = mkdtempSync(path.join(tmpdir(), "foldline-cli-"));
const PGLITE_DIR = path.join(dir, "pglite");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `npx foldline ...` as a separate process on its own PGlite folder. */
function foldline(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: "", PGLITE_DIR } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
    else child.stdin!.end();
  });
}

it("sets up a user, a team, a member and a token from scripts", { timeout: 120_000 }, async () => {
  expect(await foldline(["user", "create", "--email", "Ops@Example.com", "--name", "Ops"], "ops password 1\n")).toMatchObject({
    code: 0,
    stdout: expect.stringMatching(/^created user ops@example\.com \(/),
  });
  expect((await foldline(["user", "create", "--email", "quant@example.com"], "quant password")).code).toBe(0);
  expect(await foldline(["team", "create", "--slug", "desk", "--name", "Desk", "--admin-email", "ops@example.com"])).toMatchObject({
    code: 0,
    stdout: "created team desk with admin ops@example.com\n",
  });
  expect(await foldline(["team", "add-member", "--team", "desk", "--email", "quant@example.com", "--role", "member"])).toMatchObject({
    code: 0,
    stdout: "added quant@example.com to desk as member\n",
  });
  const tok = await foldline(["token", "create", "--team", "desk", "--email", "quant@example.com", "--name", "ci"]);
  expect(tok.code).toBe(0);
  const token = tok.stdout.trim();
  expect(token).toMatch(/^fl_[A-Za-z0-9_-]{43}$/);

  // Bad input: a clear message and exit code 2, nothing written.
  expect(await foldline(["team", "add-member", "--team", "desk", "--email", "quant@example.com", "--role", "boss"])).toMatchObject({
    code: 2,
    stderr: expect.stringContaining("role must be one of viewer, member, reviewer, admin"),
  });
  expect(await foldline(["team", "add-member", "--team", "nope", "--email", "quant@example.com", "--role", "viewer"])).toMatchObject({
    code: 2,
    stderr: 'foldline: no team "nope"\n',
  });
  expect(await foldline(["token", "create", "--team", "desk"])).toMatchObject({ code: 2, stderr: "foldline: missing --email, --name\n" });
  expect((await foldline(["user", "create", "--email", "short@example.com"], "short")).stderr).toContain("at least 8 characters");
  expect((await foldline(["frobnicate"])).code).toBe(2);

  const handle = await openDatabase({ pgliteDir: PGLITE_DIR });
  try {
    const ctx = await authenticateToken(handle.db, token);
    expect({ team: ctx.team.slug, role: ctx.role, email: ctx.actor.type === "token" && ctx.actor.email }).toEqual({
      team: "desk",
      role: "member",
      email: "quant@example.com",
    });
    expect(await verifyCredentials(handle.db, "ops@example.com", "ops password 1")).toMatchObject({ ok: true });
    expect(await verifyCredentials(handle.db, "short@example.com", "short")).toEqual({ ok: false, reason: "invalid" });
    // While this process holds the folder, the CLI refuses to open it rather than corrupt it.
    const busy = await foldline(["team", "add-member", "--team", "desk", "--email", "quant@example.com", "--role", "viewer"]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/PGlite data folder .* is in use by process \d+/);
  } finally {
    await handle.close();
  }
});

it("seeds a team's registry with a progress line per transaction, and skips what is already there", { timeout: 120_000 }, async () => {
  expect((await foldline(["user", "create", "--email", "load@example.com"], "load password 1")).code).toBe(0);
  expect((await foldline(["team", "create", "--slug", "load", "--name", "Load", "--admin-email", "load@example.com"])).code).toBe(0);
  // 400 versions over 150 models: 2 each, and one more for the first 100.
  const seeded = await foldline(["registry", "seed", "--team", "load", "--models", "150", "--versions", "400", "--prefix", "ld"]);
  expect(seeded).toEqual({
    code: 0,
    stdout: "seeded load: 150 models and 400 versions created (0 already there)\n",
    stderr: "registry seed: 100 models gone through, 100 created with 300 versions\nregistry seed: 150 models gone through, 150 created with 400 versions\n",
  });
  expect((await foldline(["registry", "seed", "--team", "load", "--models", "150", "--versions", "400", "--prefix", "ld"])).stdout).toBe(
    "seeded load: 0 models and 0 versions created (150 already there)\n",
  );
  expect(await foldline(["registry", "seed", "--team", "load", "--models", "many"])).toMatchObject({ code: 2, stderr: expect.stringContaining("models") });
});
