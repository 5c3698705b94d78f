import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { hashPassword } from "@/server/auth/passwords";
import { ServiceError } from "../errors";
import { Email, Password } from "./schemas";

export const RegisterUserInput = z.object({
  email: Email,
  password: Password,
  name: z.string().trim().max(100).optional(),
});
export type RegisterUserInput = z.input<typeof RegisterUserInput>;

/** Sign-up: creates a user with an argon2id password hash. Email is unique (case-insensitive). */
export async function registerUser({ db, input }: { db: Db; input: RegisterUserInput }) {
  const { email, password, name } = RegisterUserInput.parse(input);
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing.length) throw new ServiceError("CONFLICT", "an account with this email already exists", "email");
  const passwordHash = await hashPassword(password);
  const [user] = await db
    .insert(users)
    .values({ email, name: name || email.split("@")[0]!, passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id, email: users.email, name: users.name });
  if (!user) throw new ServiceError("CONFLICT", "an account with this email already exists", "email");
  return user;
}
