import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import type { TeamCtx } from "@/server/services/context";
import { ServiceError } from "@/server/services/errors";
import { addMember } from "@/server/services/members/add-member";
import { createTeam, findTeamBySlug } from "@/server/services/teams/create-team";
import { Email } from "@/server/services/users/schemas";
import { registerUser } from "@/server/services/users/register-user";
import { createToken } from "@/server/services/tokens/create-token";
import { seedRegistry } from "@/server/services/registry/seed-registry";

/** The CLI acts as the system operator: audited as `system:cli`, with admin rights in a team. */
const SYSTEM = { type: "system", label: "cli" } as const;

async function operatorIn(db: Db, slug: string): Promise<TeamCtx> {
  const team = await findTeamBySlug({ db, actor: SYSTEM }, slug);
  if (!team) throw new ServiceError("NOT_FOUND", `no team "${slug}"`, "team");
  return { db, actor: SYSTEM, team: { id: team.id, slug: team.slug, name: team.name }, role: "admin" };
}

async function userByEmail(db: Db, raw: string) {
  const email = Email.parse(raw);
  const [user] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, email));
  if (!user) throw new ServiceError("NOT_FOUND", `no user with email ${email}`, "email");
  return user;
}

export type Flags = Record<string, string | undefined>;

function need(flags: Flags, ...names: string[]): string[] {
  const missing = names.filter((n) => !flags[n]);
  if (missing.length) throw new ServiceError("BAD_REQUEST", `missing ${missing.map((m) => `--${m}`).join(", ")}`);
  return names.map((n) => flags[n]!);
}

export interface Command {
  usage: string;
  run(db: Db, flags: Flags, stdin: () => Promise<string>): Promise<string>;
}

export const COMMANDS: Record<string, Command> = {
  "user create": {
    usage: "user create --email E [--name N]   (password on standard input)",
    async run(db, flags, stdin) {
      const [email] = need(flags, "email");
      const user = await registerUser({ db, input: { email: email!, name: flags.name, password: await stdin() } });
      return `created user ${user.email} (${user.id})`;
    },
  },
  "team create": {
    usage: "team create --slug S --name N --admin-email E",
    async run(db, flags) {
      const [slug, name, adminEmail] = need(flags, "slug", "name", "admin-email");
      const admin = await userByEmail(db, adminEmail!);
      const team = await createTeam({ ctx: { db, actor: SYSTEM }, input: { slug: slug!, name: name! }, adminUserId: admin.id });
      return `created team ${team.slug} with admin ${admin.email}`;
    },
  },
  "team add-member": {
    usage: "team add-member --team T --email E --role viewer|member|reviewer|admin",
    async run(db, flags) {
      const [team, email, role] = need(flags, "team", "email", "role");
      const m = await addMember({ ctx: await operatorIn(db, team!), input: { email: email!, role: role as never } });
      return `added ${m.email} to ${team} as ${m.role}`;
    },
  },
  "registry seed": {
    usage: "registry seed --team T [--models 1000] [--versions 10000] [--prefix model]   (load-test data; names already there are skipped)",
    async run(db, flags) {
      const [team] = need(flags, "team");
      const count = (flag: string) => (flags[flag] === undefined ? undefined : Number(flags[flag]));
      const input = { models: count("models"), versions: count("versions"), prefix: flags.prefix };
      const done = await seedRegistry({
        ctx: await operatorIn(db, team!),
        input,
        onProgress: (p) => process.stderr.write(`registry seed: ${p.models} models gone through, ${p.created} created with ${p.versions} versions\n`),
      });
      return `seeded ${team}: ${done.created} models and ${done.versions} versions created (${done.models - done.created} already there)`;
    },
  },
  "token create": {
    usage: "token create --team T --email E --name N   (prints the token once)",
    async run(db, flags) {
      const [team, email, name] = need(flags, "team", "email", "name");
      const ctx = await operatorIn(db, team!);
      const owner = await userByEmail(db, email!);
      const created = await createToken({ ctx, input: { name: name! }, ownerUserId: owner.id });
      return created.token;
    },
  },
};
