import { readJson, withTokenAuth } from "@/server/api/rest";
import { addMember } from "@/server/services/members/add-member";
import { listMembers } from "@/server/services/members/list-members";

export const runtime = "nodejs";

export const GET = withTokenAuth("member:read", async (ctx) => ({ members: await listMembers({ ctx }) }));

export const POST = withTokenAuth("member:manage", async (ctx, req) => {
  const member = await addMember({ ctx, input: (await readJson(req)) as never });
  return Response.json({ member }, { status: 201 });
});
