import { afterEach, expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { makeTeamWithRoles } from "@/server/services/testing";
import { flushPredictionLog } from "@/server/services/serving/prediction-log";
import { fitSpxGbdt, registerFitted, spxW3 } from "@/server/services/serving/testing";
import { deploymentsHandlers } from "./deployments-rest";
import { bearerRequest, outsiderToken, tokensByRole } from "./testing/bearer";

const spx = spxW3();
const model = fitSpxGbdt(spx, { trees: 10 });
const last = spx.bars.close.length - 1;
const row = Object.fromEntries(spx.features.names.map((n, j) => [n, spx.features.columns[j]![last]!]));

describeWithDatabase("deployments REST", (database) => {
  afterEach(flushPredictionLog); // the log is written after the answers: before the database closes
  const api = () => deploymentsHandlers({ database: async () => database() });
  const call = (handler: (req: Request) => Promise<Response>, token: string | null, method = "GET", body?: unknown, path = "/api/v1/deployments") =>
    handler(bearerRequest(`http://test${path}`, token, method, body));
  const fixture = async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    await registerFitted(ctx.member, "spx-gbdt", model);
    return { ctx, ...(await tokensByRole(ctx)), outsider: await outsiderToken(db) };
  };

  it("predict: token auth, the answer with its version, 422 naming the fields, 404 for unknown names and other teams", async () => {
    const t = await fixture();
    const created = await call(api().create, t.reviewer, "POST", { name: "spx", primary: { model: "spx-gbdt", version: 1 } });
    expect(created.status).toBe(201);
    const predict = (token: string | null, body: unknown, name = "spx") => call(api().predict(name), token, "POST", body, `/api/v1/deployments/${name}/predict`);

    const ok = await predict(t.viewer, { rows: [row, row], request_key: "k" });
    const answer = await ok.json();
    expect(ok.status).toBe(200);
    expect([answer.version, answer.arm, answer.predictions.length, answer.risk]).toEqual([{ model: "spx-gbdt", version: 1 }, "primary", 2, [null, null]]);
    expect(Math.abs(answer.predictions[0] - model.predict(spx.features.columns.map((c) => c.subarray(last, last + 1)))[0]!)).toBeLessThan(1e-6);
    expect(typeof answer.latency_ms).toBe("number");

    const { rsi14: _, ...lacking } = row;
    const bad = await predict(t.viewer, { rows: [{ ...lacking, extra_feature: 1 }] });
    expect([bad.status, await bad.json()]).toEqual([
      422,
      {
        error: {
          code: "UNPROCESSABLE",
          message: 'rows do not match the signature of "spx-gbdt" v1 (first at rows[0]): missing rsi14; unexpected extra_feature',
          field: "rows",
          details: { missing: ["rsi14"], unexpected: ["extra_feature"], expected: spx.features.names },
        },
      },
    ]);
    expect((await predict(null, { rows: [row] })).status).toBe(401);
    expect((await predict(t.outsider, { rows: [row] })).status).toBe(404);
    expect((await predict(t.viewer, { rows: [row] }, "unknown")).status).toBe(404);
    expect((await predict(t.viewer, { rows: "all of them" })).status).toBe(400);
  });

  it("deployments CRUD: create (reviewers), list, get with events, patch in snake_case, delete (admins)", async () => {
    const t = await fixture();
    const body = { name: "spx", primary: { model: "spx-gbdt", version: 1 }, log_sample_rate: 0.25 };
    expect((await call(api().create, t.viewer, "POST", body)).status).toBe(403);
    const created = await call(api().create, t.reviewer, "POST", body);
    const resource = await created.json();
    expect([created.status, created.headers.get("location")]).toEqual([201, "/api/v1/deployments/spx"]);
    expect(resource).toMatchObject({ name: "spx", mode: "single", status: "active", challenger_weight: 0, log_sample_rate: 0.25, primary: { model: "spx-gbdt", version: 1, serving: 1 }, secondary: null });
    expect(resource.links).toEqual({ self: "/api/v1/deployments/spx", predict: "/api/v1/deployments/spx/predict" });

    const badWeight = await call(api().update("spx"), t.reviewer, "PATCH", { challenger_weight: 0.5 }, "/api/v1/deployments/spx");
    expect([badWeight.status, (await badWeight.json()).error]).toEqual([400, { code: "BAD_REQUEST", message: "challengerWeight applies to ab deployments only", field: "challenger_weight" }]);
    const patched = await call(api().update("spx"), t.reviewer, "PATCH", { status: "paused", log_sample_rate: 1 }, "/api/v1/deployments/spx");
    expect([patched.status, (await patched.json()).status]).toEqual([200, "paused"]);

    const listed = await (await call(api().list, t.viewer)).json();
    expect(listed.deployments.map((d: { name: string; status: string }) => [d.name, d.status])).toEqual([["spx", "paused"]]);
    expect((await (await call(api().list, t.outsider)).json()).deployments).toEqual([]);
    const shown = await (await call(api().get("spx"), t.viewer, "GET", undefined, "/api/v1/deployments/spx")).json();
    expect(shown.events.map((e: { kind: string }) => e.kind)).toEqual(["update", "create"]);
    expect((await call(api().get("spx"), t.outsider, "GET", undefined, "/api/v1/deployments/spx")).status).toBe(404);

    expect((await call(api().remove("spx"), t.reviewer, "DELETE", undefined, "/api/v1/deployments/spx")).status).toBe(403);
    expect((await call(api().remove("spx"), t.admin, "DELETE", undefined, "/api/v1/deployments/spx")).status).toBe(204);
    expect((await call(api().get("spx"), t.viewer, "GET", undefined, "/api/v1/deployments/spx")).status).toBe(404);
  });
});
