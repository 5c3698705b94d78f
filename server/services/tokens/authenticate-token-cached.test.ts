import { afterEach, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/db/testing/databases";
import { makeTeamWithRoles } from "../testing";
import { authenticateTokenCached, TOKEN_CACHE_MS } from "./authenticate-token-cached";
import { createToken } from "./create-token";
import { revokeToken } from "./revoke-token";

describeWithDatabase("cached token authentication", (database) => {
  afterEach(() => vi.useRealTimers());

  it("reuses an authentication for TOKEN_CACHE_MS: a revoke takes effect when it runs out; failures are not remembered", async () => {
    const { db } = database();
    const { ctx } = await makeTeamWithRoles(db);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-01-05T10:00:00Z") });
    const { token, id } = await createToken({ ctx: ctx.member, input: { name: "predict" } });
    const first = await authenticateTokenCached(db, token);
    expect([first.team.id, first.role]).toEqual([ctx.member.team.id, "member"]);
    await revokeToken({ ctx: ctx.member, input: { tokenId: id } });
    vi.setSystemTime(Date.now() + TOKEN_CACHE_MS - 1);
    expect(await authenticateTokenCached(db, token)).toBe(first); // the same answer, not looked up again
    vi.setSystemTime(Date.now() + 1);
    await expect(authenticateTokenCached(db, token)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(authenticateTokenCached(db, "fl_unknown")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const fresh = await createToken({ ctx: ctx.viewer, input: { name: "again" } });
    expect((await authenticateTokenCached(db, fresh.token)).role).toBe("viewer");
  });
});
