import { expect, test } from "@playwright/test";
import { attemptSignIn, pageAlert, signIn, signUp, uniqueEmail } from "./helpers";

test("health reports the embedded database and the local runner", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok", db: "pglite", runner: "local", version: "0.1.0" });
});

test("a wrong password and an unknown email get the same message", async ({ page }) => {
  const email = uniqueEmail("known");
  await signUp(page, email);
  await page.context().clearCookies();
  await attemptSignIn(page, email, "not the password");
  await expect(pageAlert(page)).toHaveText("Incorrect email or password.");
  await attemptSignIn(page, uniqueEmail("unknown"), "not the password");
  await expect(pageAlert(page)).toHaveText("Incorrect email or password.");
  await expect(page).toHaveURL(/\/login/);
});

test("sign-up shows field errors and keeps what was typed", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("enter a valid email address")).toBeVisible();
  await expect(page.getByText("password must be at least 8 characters")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
});

test("the seeded demo admin signs in to the demo team; outsiders get a 404 for it", async ({ page, browser }) => {
  await signIn(page, "admin@demo.foldline.dev", "foldline-demo");
  await expect(page).toHaveURL(/\/demo$/);
  // Deployments has its own page now, not the "Not built yet" state of an unbuilt section.
  await page.getByRole("link", { name: "Deployments", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Deployments", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Not built yet" })).toHaveCount(0);

  const outsider = await browser.newContext();
  const outsiderPage = await outsider.newPage();
  await signUp(outsiderPage, uniqueEmail("outsider"));
  const res = await outsiderPage.goto("/demo/settings/members");
  expect(res?.status()).toBe(404);
  const missing = await outsiderPage.goto("/no-such-team");
  expect(missing?.status()).toBe(404);
  await outsider.close();
});

test("API tokens: shown once, work as bearer tokens with the owner's role, revocable", async ({ page, request }) => {
  await signIn(page, "admin@demo.foldline.dev", "foldline-demo");
  await page.goto("/demo/settings/tokens");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(pageAlert(page)).toHaveText("enter a token name");
  const name = `ci-${Date.now()}`;
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^fl_/);

  const me = await request.get("/api/v1/team", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ team: { slug: "demo" }, role: "admin", user: { email: "admin@demo.foldline.dev" } });
  const bad = await request.post("/api/v1/members", { headers: { authorization: `Bearer ${token}` }, data: { email: "x", role: "boss" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.fields).toMatchObject({ email: ["enter a valid email address"] });

  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("revoked");
  const after = await request.get("/api/v1/team", { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
});
