import { expect, test } from "@playwright/test";
import { pageAlert, signIn, signOut, signUp, uniqueEmail } from "./helpers";

test("sign up, create a team, add a viewer who cannot administer it, sign out", async ({ page, browser }) => {
  const adminEmail = uniqueEmail("admin");
  const viewerEmail = uniqueEmail("viewer");
  const slug = `e2e-${Date.now().toString(36)}`;

  // The second user signs up in their own browser context first (members are existing users).
  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  await signUp(viewerPage, viewerEmail);
  await viewerContext.close();

  await signUp(page, adminEmail);
  await page.getByLabel("Name").fill("E2E Desk");
  await page.getByLabel("Address").fill(slug);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await expect(page.getByRole("heading", { name: "E2E Desk" })).toBeVisible();
  await expect(page.getByTestId("current-role")).toHaveText("admin");

  await page.getByRole("link", { name: "Members", exact: true }).click();
  await page.getByLabel("Email of an existing user").fill("nobody@nowhere.example");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(pageAlert(page)).toHaveText("no user has this email; they must sign up first");
  await page.getByLabel("Email of an existing user").fill(viewerEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByTestId(`member-${viewerEmail}`)).toContainText("viewer");

  await page.getByRole("link", { name: "Audit log", exact: true }).click();
  await expect(page.getByTestId("audit-row").first()).toContainText("member.add");
  await expect(page.getByTestId("audit-row").last()).toContainText("team.create");
  await signOut(page);

  await signIn(page, viewerEmail);
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await expect(page.getByTestId("current-role")).toHaveText("viewer");
  await page.getByRole("link", { name: "Members", exact: true }).click();
  await expect(page.getByTestId(`member-${adminEmail}`)).toContainText("admin");
  await expect(page.getByRole("button", { name: "Add member" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);
  await expect(page.getByLabel(`Role of ${adminEmail}`)).toHaveCount(0);

  // Calling the admin mutation directly, with the viewer's session, is refused.
  const direct = await page.request.post("/api/trpc/members.add", {
    data: { json: { teamSlug: slug, email: viewerEmail, role: "admin" } },
  });
  expect(direct.status()).toBe(403);
  expect((await direct.json()).error.json.message).toBe("the viewer role cannot do member:manage");

  await signOut(page);
  await page.goto(`/${slug}/settings/members`);
  await expect(page).toHaveURL(new RegExp(`/login\\?callbackUrl=%2F${slug}%2Fsettings%2Fmembers$`));
});
