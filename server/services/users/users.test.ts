import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { signInAttempts, users } from "@/db/schema";
import { describeWithDatabase } from "@/db/testing/databases";
import { uniqueEmail } from "../testing";
import { registerUser } from "./register-user";
import { SIGN_IN_LIMIT, verifyCredentials } from "./verify-credentials";

describeWithDatabase("users", (database) => {
  it("registers with an argon2id hash and refuses a second account for the same email", async () => {
    const { db } = database();
    const email = uniqueEmail("signup");
    const user = await registerUser({ db, input: { email: `  ${email.toUpperCase()} `, password: "long enough pw" } });
    expect(user.email).toBe(email);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(registerUser({ db, input: { email, password: "another password" } })).rejects.toMatchObject({ code: "CONFLICT", field: "email" });
    await expect(registerUser({ db, input: { email: "not-an-email", password: "long enough pw" } })).rejects.toThrow(/valid email/);
    await expect(registerUser({ db, input: { email: uniqueEmail(), password: "short" } })).rejects.toThrow(/at least 8 characters/);
  });

  it("answers a wrong password and an unknown email alike", async () => {
    const { db } = database();
    const email = uniqueEmail("signin");
    await registerUser({ db, input: { email, password: "right password" } });
    expect(await verifyCredentials(db, email, "right password")).toMatchObject({ ok: true, user: { email } });
    expect(await verifyCredentials(db, email, "wrong password")).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(db, uniqueEmail("ghost"), "right password")).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(db, 42, "x")).toEqual({ ok: false, reason: "invalid" });
  });

  it(`refuses an email after ${SIGN_IN_LIMIT} failures within a minute, even with the right password`, async () => {
    const { db } = database();
    const email = uniqueEmail("brute");
    await registerUser({ db, input: { email, password: "right password" } });
    for (let i = 0; i < SIGN_IN_LIMIT; i++) {
      expect(await verifyCredentials(db, email, `wrong ${i}`)).toEqual({ ok: false, reason: "invalid" });
    }
    const limited = await verifyCredentials(db, email, "right password");
    expect(limited).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(limited.ok === false && limited.reason === "rate_limited" && limited.retryAfterS).toBeGreaterThan(50);
    // Failures older than the window no longer count.
    await db.update(signInAttempts).set({ at: new Date(Date.now() - 61_000) }).where(eq(signInAttempts.email, email));
    expect(await verifyCredentials(db, email, "right password")).toMatchObject({ ok: true });
    // Another email is not affected.
    expect(await verifyCredentials(db, uniqueEmail("other"), "x")).toEqual({ ok: false, reason: "invalid" });
  });
});
