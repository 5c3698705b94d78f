import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { generateSyntheticDataset } from "@/server/services/datasets/generate-synthetic";
import { makeTeamWithRoles } from "@/server/services/testing";
import { JOB_KINDS } from "@/workers/jobs/schemas";
import { jobsHandlers } from "./jobs-rest";
import { openApiDocument } from "./openapi";
import { bearerRequest, outsiderToken, tokensByRole } from "./testing/bearer";

describeWithDatabase("jobs REST", (database) => {
  const jobs = () => jobsHandlers({ database: async () => database() });
  const call = (handler: (req: Request) => Promise<Response>, token: string | null, method = "GET", body?: string, path = "/api/v1/jobs") =>
    handler(bearerRequest(`http://test${path}`, token, method, body));

  it("launches a job (202 with its id at once), shows and cancels it, scoped to the token's team, with field errors on bad input", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const { member, viewer } = await tokensByRole(ctx);
    const outsider = await outsiderToken(db);
    const synth = await generateSyntheticDataset({ ctx: ctx.member, input: { name: "OU", bars: 60 } });
    const request = JSON.stringify({ kind: "backtest", input: { target: { datasetId: synth.dataset.id, allowSynthetic: true }, strategy: { kind: "rsi_threshold" } } });

    expect((await call(jobs().create, null, "POST", request)).status).toBe(401);
    expect((await call(jobs().create, viewer, "POST", request)).status).toBe(403);
    expect((await call(jobs().create, member, "POST", "{nope")).status).toBe(400);
    const badKind = await call(jobs().create, member, "POST", JSON.stringify({ kind: "train_everything", input: {} }));
    expect([badKind.status, (await badKind.json()).error.fields]).toEqual([400, { kind: [`kind must be one of ${JOB_KINDS.join(", ")}`] }]);
    const badInput = await call(jobs().create, member, "POST", JSON.stringify({ kind: "backtest", input: { target: { datasetId: "x", start: "June" }, strategy: { kind: "sma_crossover", fast: 50, slow: 20 } } }));
    expect([badInput.status, (await badInput.json()).error.fields]).toEqual([
      400,
      { "input.target.datasetId": ["choose a dataset"], "input.target.start": ["use a date like 2016-01-04"], "input.strategy.fast": ["fast must be shorter than slow"] },
    ]);

    const accepted = await call(jobs().create, member, "POST", request);
    const { job_id, status, links } = await accepted.json();
    expect([accepted.status, status, links.self, accepted.headers.get("location")]).toEqual([202, "queued", `/api/v1/jobs/${job_id}`, `/api/v1/jobs/${job_id}`]);

    const shown = await call(jobs().get(job_id), viewer, "GET", undefined, `/api/v1/jobs/${job_id}`);
    const job = await shown.json();
    expect([shown.status, job.id, job.kind, job.status, job.progress, job.result, job.run_id]).toEqual([
      200,
      job_id,
      "backtest",
      "queued",
      { done: 0, total: 0, fraction: null, message: null },
      null,
      null,
    ]);
    expect(job.links).toEqual({ self: `/api/v1/jobs/${job_id}`, cancel: `/api/v1/jobs/${job_id}/cancel` });
    expect((await call(jobs().get(job_id), outsider)).status).toBe(404);
    expect((await call(jobs().get("nope"), member)).status).toBe(404);
    const listed = await (await call(jobs().list, viewer, "GET", undefined, "/api/v1/jobs?status=queued")).json();
    expect(listed.jobs.map((j: { id: string }) => j.id)).toEqual([job_id]);
    expect((await (await call(jobs().list, outsider)).json()).jobs).toEqual([]);
    expect((await call(jobs().list, viewer, "GET", undefined, "/api/v1/jobs?status=done")).status).toBe(400);

    expect((await call(jobs().cancel(job_id), viewer, "POST")).status).toBe(403);
    expect((await call(jobs().cancel(job_id), outsider, "POST")).status).toBe(404);
    const cancelled = await call(jobs().cancel(job_id), member, "POST");
    expect([cancelled.status, (await cancelled.json()).status]).toEqual([200, "cancelled"]);
    const again = await call(jobs().cancel(job_id), member, "POST");
    expect([again.status, (await again.json()).error.message]).toEqual([409, "the job has already been cancelled"]);
  });
});

it("the OpenAPI document lists the three job routes, with request and response schemas from the zod schemas", () => {
  const doc = openApiDocument() as {
    openapi: string;
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, { oneOf?: { properties: { kind: { const: string }; input: { properties: Record<string, unknown> } } }[]; properties?: Record<string, unknown> }> };
  };
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toEqual(["/api/v1/jobs", "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/cancel"]);
  expect([Object.keys(doc.paths["/api/v1/jobs"]!), Object.keys(doc.paths["/api/v1/jobs/{id}"]!), Object.keys(doc.paths["/api/v1/jobs/{id}/cancel"]!)]).toEqual([["get", "post"], ["get"], ["post"]]);
  expect(Object.keys(doc.paths["/api/v1/jobs"]!.post!.responses)).toEqual(["202", "400", "401", "403"]);
  const request = doc.components.schemas.JobRequest!;
  expect(request.oneOf!.map((o) => o.properties.kind.const)).toEqual(JOB_KINDS);
  const backtest = request.oneOf!.find((o) => o.properties.kind.const === "backtest")!.properties.input;
  expect(Object.keys(backtest.properties)).toEqual(["target", "strategy", "grid", "settings", "experiment"]);
  expect(backtest.properties.target).toMatchObject({ properties: { datasetId: { type: "string", format: "uuid" }, start: { type: "string", format: "date" } }, required: ["datasetId"] });
  expect(Object.keys(doc.components.schemas.Job!.properties!)).toContain("progress");
  expect(JSON.stringify(doc)).not.toContain("$schema");
});
