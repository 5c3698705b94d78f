import { addMember } from "@/server/services/members/add-member";
import { changeRole } from "@/server/services/members/change-role";
import { listMembers } from "@/server/services/members/list-members";
import { removeMember } from "@/server/services/members/remove-member";
import { AddMemberInput, ChangeRoleInput, RemoveMemberInput } from "@/server/services/members/schemas";
import { createTRPCRouter, teamProcedure } from "../trpc";

export const membersRouter = createTRPCRouter({
  list: teamProcedure("member:read").query(({ ctx }) => listMembers({ ctx: ctx.svc })),
  add: teamProcedure("member:manage").input(AddMemberInput).mutation(({ ctx, input }) => addMember({ ctx: ctx.svc, input })),
  changeRole: teamProcedure("member:manage")
    .input(ChangeRoleInput)
    .mutation(({ ctx, input }) => changeRole({ ctx: ctx.svc, input })),
  remove: teamProcedure("member:manage")
    .input(RemoveMemberInput)
    .mutation(({ ctx, input }) => removeMember({ ctx: ctx.svc, input })),
});
