import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { expect, it } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { addMember } from "@/server/services/members/add-member";
import { listMembers } from "@/server/services/members/list-members";
import { makeTeamWithRoles, makeUser } from "@/server/services/testing";
import { createToken } from "@/server/services/tokens/create-token";
import { MAX_JSON_BODY_BYTES, readJson, withTokenAuth } from "./rest";
import { appRouter } from "./root";
import { bearerRequest } from "./testing/bearer";
import type { SessionUser } from "./trpc";

describeWithDatabase("HTTP adapters", (database) => {
  /** A tRPC mutation over the real fetch adapter, as the browser sends it. */
  const trpc = (req: Request, user: SessionUser | null) =>
    fetchRequestHandler({ endpoint: "/api/trpc", router: appRouter, req, createContext: () => ({ db: database().db, user }) });
  const trpcPost = (path: string, body: unknown, user: SessionUser | null) =>
    trpc(new Request(`http://test/api/trpc/${path}`, { method: "POST", body: JSON.stringify({ json: body }), headers: { "content-type": "application/json" } }), user);
  const trpcGet = (path: string, input: unknown, user: SessionUser | null) =>
    trpc(new Request(`http://test/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`), user);

  it("tRPC answers bad input with 400 and the field's message, roles with 401/403/404", async () => {
    const { db } = database();
    const { team, users } = await makeTeamWithRoles(db);
    const admin = { id: users.admin.id, email: users.admin.email };
    const bad = await trpcPost("members.add", { teamSlug: team.slug, email: "nope", role: "boss" }, admin);
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.json.data.fieldErrors).toEqual({
      email: ["enter a valid email address"],
      role: ["role must be one of viewer, member, reviewer, admin"],
    });
    const conflict = await trpcPost("team.create", { slug: team.slug, name: "Again" }, admin);
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error.json.data.fieldErrors).toEqual({ slug: [`the name "${team.slug}" is taken`] });
    const reserved = await trpcPost("team.create", { slug: "login", name: "X" }, admin);
    expect((await reserved.json()).error.json.data.fieldErrors).toEqual({ slug: ["this name is reserved"] });

    const viewer = { id: users.viewer.id, email: users.viewer.email };
    expect((await trpcPost("members.remove", { teamSlug: team.slug, userId: users.admin.id }, viewer)).status).toBe(403);
    const outsider = await makeUser(db, "outsider");
    expect((await trpcGet("members.list", { teamSlug: team.slug }, { id: outsider.id, email: outsider.email })).status).toBe(404);
    expect((await trpcGet("team.mine", undefined, null)).status).toBe(401);
    expect((await listMembers({ ctx: { db, actor: { type: "system", label: "t" }, team, role: "viewer" } })).length).toBe(4);
  });

  it("REST routes authenticate bearer tokens and check the owner's role", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    const handler = withTokenAuth(
      "member:manage",
      async (c, req) => addMember({ ctx: c, input: (await readJson(req)) as never }),
      async () => ({ db }),
    );
    const newcomer = await makeUser(db, "rest");
    const call = (token: string | null, body: string) => handler(bearerRequest("http://test/api/v1/members", token, "POST", body));

    const admin = await createToken({ ctx: ctx.admin, input: { name: "a" } });
    const viewer = await createToken({ ctx: ctx.viewer, input: { name: "v" } });
    expect((await call(null, "{}")).status).toBe(401);
    expect(await (await call("fl_bogus", "{}")).json()).toEqual({ error: { code: "UNAUTHORIZED", message: "invalid or revoked API token" } });
    const refused = await call(viewer.token, JSON.stringify({ email: newcomer.email, role: "viewer" }));
    expect(refused.status).toBe(403);
    expect((await call(admin.token, "{not json")).status).toBe(400);
    expect((await call(admin.token, "x".repeat(MAX_JSON_BODY_BYTES + 1))).status).toBe(413);
    const bad = await call(admin.token, JSON.stringify({ email: newcomer.email, role: "boss" }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toEqual({ role: ["role must be one of viewer, member, reviewer, admin"] });
    const ok = await call(admin.token, JSON.stringify({ email: newcomer.email, role: "member" }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ userId: newcomer.id, email: newcomer.email, role: "member" });
    expect((await listMembers({ ctx: ctx.viewer })).find((m) => m.userId === newcomer.id)?.role).toBe("member");
  });
});
