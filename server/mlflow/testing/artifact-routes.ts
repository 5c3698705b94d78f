import { expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { bearerRequest, outsiderToken, tokensByRole } from "@/server/api/testing/bearer";
import { makeTeamWithRoles } from "@/server/services/testing";
import { createExperiment } from "@/server/services/tracking/experiments";
import { createRun } from "@/server/services/tracking/runs";
import { createArtifactsHandler } from "../artifacts-http";
import { createMlflowHandler } from "../http";

/**
 * The MLflow artifact routes' tests, over whichever artifact backend the process selected
 * (the local folder in ../artifacts.test.ts, S3 in ../artifacts-s3.test.ts).
 */
export function artifactRoutesTests(database: () => DatabaseHandle) {
  const artifacts = createArtifactsHandler(async () => ({ db: database().db }));
  const mlflow = createMlflowHandler(async () => ({ db: database().db }));

  it("uploads, lists and downloads a run's artifacts; refuses escaping paths and outsiders", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const { member: token } = await tokensByRole(ctx);
    const outsider = await outsiderToken(db);
    const exp = await createExperiment({ ctx: ctx.member, input: { name: "art" } });
    const run = await createRun({ ctx: ctx.member, input: { experimentId: exp.id } });
    const at = (path: string, method: "GET" | "PUT", tok = token, body?: string) =>
      artifacts(new Request(`http://t/x`, { method, headers: { authorization: `Bearer ${tok}` }, body }), [String(exp.id), run.id, "artifacts", ...path.split("/")], method);

    expect((await at("report.json", "PUT", token, '{"sharpe":0.33}')).status).toBe(200);
    expect((await at("plots/equity.csv", "PUT", token, "t,equity\n1,100\n")).status).toBe(200);
    expect(await (await at("report.json", "GET")).text()).toBe('{"sharpe":0.33}');
    const list = await mlflow(bearerRequest(`http://t/?run_id=${run.id}`, token), "artifacts/list", "GET");
    expect(await list.json()).toEqual({
      root_uri: `mlflow-artifacts:/${exp.id}/${run.id}/artifacts`,
      files: [
        { path: "plots", is_dir: true },
        { path: "report.json", is_dir: false, file_size: 15 },
      ],
    });
    const sub = await mlflow(bearerRequest(`http://t/?run_id=${run.id}&path=plots`, token), "artifacts/list", "GET");
    expect((await sub.json()).files).toEqual([{ path: "plots/equity.csv", is_dir: false, file_size: 15 }]);

    for (const bad of ["../secrets", "a/../../b", "%2e%2e/x", "a\\b"]) {
      const res = await at(bad, "PUT", token, "x");
      expect([bad, res.status, (await res.json()).error_code]).toEqual([bad, 400, "INVALID_PARAMETER_VALUE"]);
    }
    expect((await at("report.json", "GET", outsider)).status).toBe(404);
    expect((await at("missing.txt", "GET")).status).toBe(404);
  });
}
