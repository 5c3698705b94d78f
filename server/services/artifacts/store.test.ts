import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { assertSafeKey } from "./keys";
import { LocalArtifactBackend } from "./local-backend";
import { describeArtifactBackendContract } from "./testing/backend-contract";

const root = mkdtempSync(path.join(tmpdir(), "foldline-artifacts-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeArtifactBackendContract("local", () => new LocalArtifactBackend(path.join(root, "store")));

it("accepts ordinary keys", () => {
  expect(() => assertSafeKey("runs/0f3a/artifacts/report.json")).not.toThrow();
  expect(() => assertSafeKey("sha256/ab/abcdef")).not.toThrow();
});
