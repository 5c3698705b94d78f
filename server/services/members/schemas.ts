import { z } from "zod";
import { ROLES } from "@/server/auth/rbac";
import { Email } from "../users/schemas";

export const RoleInput = z.enum(ROLES, { message: `role must be one of ${ROLES.join(", ")}` });
export const AddMemberInput = z.object({ email: Email, role: RoleInput });
export const ChangeRoleInput = z.object({ userId: z.uuid({ message: "userId must be a user id" }), role: RoleInput });
export const RemoveMemberInput = z.object({ userId: z.uuid({ message: "userId must be a user id" }) });
export type AddMemberInput = z.input<typeof AddMemberInput>;
export type ChangeRoleInput = z.input<typeof ChangeRoleInput>;
export type RemoveMemberInput = z.input<typeof RemoveMemberInput>;
