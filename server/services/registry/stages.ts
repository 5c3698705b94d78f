import { and, asc, desc, eq, getTableColumns, lt, ne } from "drizzle-orm";
import { z } from "zod";
import { modelEvents, modelVersions, registeredModels, STAGES, transitionRequests } from "@/db/schema";
import { actorUserId, requirePermission, type TeamCtx, withTx } from "../context";
import { notFound, ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { evaluateGates } from "./gates";
import { modelByName, productionVersion, setStage, versionOf } from "./access";
import { ModelName } from "./models";

export const VersionRef = z.object({ name: ModelName, version: z.coerce.number().int().positive({ message: "version must be a positive integer" }) });
const StageInput = z.enum(STAGES, { message: `stage must be one of ${STAGES.join(", ")}` });

/**
 * Moves a version between None, Staging and Archived directly (members may). Production is never
 * reached this way: `requestProduction` opens a reviewed request instead.
 */
export async function transitionStage({ ctx, input }: { ctx: TeamCtx; input: { name: string; version: number | string; stage: string } }) {
  requirePermission(ctx, "model:write");
  const ref = VersionRef.parse(input);
  const to = StageInput.parse(input.stage);
  if (to === "Production") throw new ServiceError("BAD_REQUEST", "moving to Production needs a reviewed request", "stage");
  return withTx(ctx, async (tx) => {
    const model = await modelByName(tx, ctx, ref.name, true);
    const version = await versionOf(tx, model.id, ref.version);
    if (version.stage === "Production") requirePermission(ctx, "transition:approve"); // taking Production down is a reviewer's call
    if (version.stage === to) return { ...version };
    await setStage(tx, ctx, model, version, to, "model.version.stage");
    return { ...version, stage: to };
  });
}

/** Opens a Production request: the model's gates are evaluated now and stored with it. */
export async function requestProduction({ ctx, input }: { ctx: TeamCtx; input: { name: string; version: number | string; comment?: string } }) {
  requirePermission(ctx, "model:write");
  const ref = VersionRef.parse(input);
  return withTx(ctx, async (tx) => {
    const model = await modelByName(tx, ctx, ref.name, true);
    const version = await versionOf(tx, model.id, ref.version);
    if (version.stage === "Production") throw new ServiceError("CONFLICT", `version ${version.version} is already in Production`, "version");
    const [open] = await tx
      .select({ id: transitionRequests.id })
      .from(transitionRequests)
      .where(and(eq(transitionRequests.versionId, version.id), eq(transitionRequests.status, "pending")));
    if (open) throw new ServiceError("CONFLICT", `version ${version.version} already has a pending Production request`, "version");
    const production = await productionVersion(tx, model.id);
    const gateResults = evaluateGates(model.gates, version, production);
    const [req] = await tx
      .insert(transitionRequests)
      .values({
        teamId: ctx.team.id,
        modelId: model.id,
        versionId: version.id,
        fromStage: version.stage,
        toStage: "Production",
        requestedBy: actorUserId(ctx.actor),
        comment: input.comment ?? "",
        gateResults,
      })
      .returning();
    await recordAudit(tx, ctx, { action: "transition.request", targetType: "transition_request", targetId: req!.id, after: { model: model.name, version: version.version, gateResults } });
    return req!;
  });
}

const Decision = z.object({ requestId: z.uuid({ message: "requestId must be a request id" }), comment: z.string().max(5000).default("") });

async function pendingRequest(ctx: TeamCtx, tx: TeamCtx["db"], requestId: string) {
  const [req] = await tx
    .select()
    .from(transitionRequests)
    .where(and(eq(transitionRequests.teamId, ctx.team.id), eq(transitionRequests.id, requestId)));
  if (!req) throw notFound("transition request");
  if (req.status !== "pending") throw new ServiceError("CONFLICT", `the request is already ${req.status}`);
  if (req.requestedBy && req.requestedBy === actorUserId(ctx.actor)) throw new ServiceError("FORBIDDEN", "the requester cannot decide their own request");
  return req;
}

/**
 * Approves a Production request: someone other than the requester, gates passed. The previous
 * Production version is archived in the same transaction (the partial unique index allows one
 * Production version per model, so two approvals racing cannot both win).
 */
export async function approveTransition({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof Decision> }) {
  requirePermission(ctx, "transition:approve");
  const { requestId, comment } = Decision.parse(input);
  return withTx(ctx, async (tx) => {
    const first = await pendingRequest(ctx, tx, requestId);
    const [model] = await tx.select().from(registeredModels).where(eq(registeredModels.id, first.modelId)).for("update");
    const req = await pendingRequest(ctx, tx, requestId); // re-read under the model lock
    const failed = req.gateResults.filter((g) => !g.passed);
    if (failed.length) throw new ServiceError("CONFLICT", `gates failed: ${failed.map((g) => `${g.gate} (${g.detail})`).join("; ")}`);
    const [version] = await tx.select().from(modelVersions).where(eq(modelVersions.id, req.versionId));
    const previous = await productionVersion(tx, model!.id);
    if (previous) await setStage(tx, ctx, model!, previous, "Archived", "model.version.archive");
    await setStage(tx, ctx, model!, version!, "Production", "model.version.promote");
    const [decided] = await tx
      .update(transitionRequests)
      .set({ status: "approved", reviewedBy: actorUserId(ctx.actor), reviewComment: comment, decidedAt: new Date() })
      .where(eq(transitionRequests.id, req.id))
      .returning();
    await recordAudit(tx, ctx, {
      action: "transition.approve",
      targetType: "transition_request",
      targetId: req.id,
      before: { production: previous?.version ?? null },
      after: { production: version!.version, comment },
    });
    return decided!;
  });
}

export async function rejectTransition({ ctx, input }: { ctx: TeamCtx; input: z.input<typeof Decision> }) {
  requirePermission(ctx, "transition:approve");
  const { requestId, comment } = Decision.parse(input);
  return withTx(ctx, async (tx) => {
    const req = await pendingRequest(ctx, tx, requestId);
    const [decided] = await tx
      .update(transitionRequests)
      .set({ status: "rejected", reviewedBy: actorUserId(ctx.actor), reviewComment: comment, decidedAt: new Date() })
      .where(eq(transitionRequests.id, req.id))
      .returning();
    await recordAudit(tx, ctx, { action: "transition.reject", targetType: "transition_request", targetId: req.id, after: { comment } });
    return decided!;
  });
}

const RollbackInput = VersionRef.extend({ version: VersionRef.shape.version.optional() });

/**
 * The version that was in Production before `current`: the last one whose stage left
 * Production (the model's timeline), earlier than `current`. Null when there is none.
 */
async function previousProduction(tx: TeamCtx["db"], modelId: string, current: { id: string; version: number }) {
  const [row] = await tx
    .select({ version: modelVersions.version })
    .from(modelEvents)
    .innerJoin(modelVersions, eq(modelVersions.id, modelEvents.versionId))
    .where(and(eq(modelEvents.modelId, modelId), eq(modelEvents.kind, "stage"), eq(modelEvents.fromValue, "Production"), ne(modelVersions.id, current.id), lt(modelVersions.version, current.version)))
    .orderBy(desc(modelEvents.id))
    .limit(1);
  return row?.version ?? null;
}

/**
 * Re-points Production to an earlier version in one audited action (the current one is
 * archived): the version given, or, without one, the version that was in Production before.
 */
export async function rollbackProduction({ ctx, input }: { ctx: TeamCtx; input: { name: string; version?: number | string } }) {
  requirePermission(ctx, "transition:approve");
  const ref = RollbackInput.parse(input);
  return withTx(ctx, async (tx) => {
    const model = await modelByName(tx, ctx, ref.name, true);
    const current = await productionVersion(tx, model.id);
    if (!current) throw new ServiceError("CONFLICT", "the model has no Production version to roll back");
    const version = ref.version ?? (await previousProduction(tx, model.id, current));
    if (version === null) throw new ServiceError("CONFLICT", `no version was in Production before v${current.version}; name the version to roll back to`, "version");
    const target = await versionOf(tx, model.id, version);
    if (target.version >= current.version) throw new ServiceError("BAD_REQUEST", `roll back to a version earlier than Production v${current.version}`, "version");
    await setStage(tx, ctx, model, current, "Archived", "model.version.archive");
    await setStage(tx, ctx, model, target, "Production", "model.rollback");
    return { model: model.name, from: current.version, to: target.version };
  });
}

/** The review queue: the team's requests, pending first, newest first, with model name and version number. */
export async function listTransitionRequests({ ctx, input }: { ctx: TeamCtx; input: { status?: "pending" | "approved" | "rejected" | "cancelled" } }) {
  requirePermission(ctx, "model:read");
  return ctx.db
    .select({ ...getTableColumns(transitionRequests), modelName: registeredModels.name, version: modelVersions.version })
    .from(transitionRequests)
    .innerJoin(registeredModels, eq(registeredModels.id, transitionRequests.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, transitionRequests.versionId))
    .where(and(eq(transitionRequests.teamId, ctx.team.id), input.status ? eq(transitionRequests.status, input.status) : undefined))
    .orderBy(asc(transitionRequests.status), desc(transitionRequests.createdAt));
}
