import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

const SECURITY_HEADERS = ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy", "strict-transport-security"];

test("pages and API answers carry the security headers, and the app renders and works under its CSP", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(e.message));

  const login = await page.goto("/login");
  const headers = login!.headers();
  for (const h of SECURITY_HEADERS) expect(headers[h], h).toBeTruthy();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  const api = await request.get("/api/health");
  expect([api.headers()["content-security-policy"], api.headers()["x-content-type-options"]]).toEqual([headers["content-security-policy"], "nosniff"]);

  await signIn(page, "admin@demo.foldline.dev", "foldline-demo");
  for (const path of ["/demo/datasets", "/demo/experiments", "/demo/models"]) {
    await page.goto(path);
    await expect(page.getByRole("heading").first()).toBeVisible();
  }
  // A client component calling a tRPC mutation: hydrated scripts ran, and the same-origin POST
  // passed the cross-site check.
  await page.goto("/demo/settings/tokens");
  await page.getByLabel("Token name").fill(`csp-${Date.now()}`);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("new-token")).toHaveText(/^fl_/);
  expect(violations).toEqual([]);
});

test("a write that carries the session cookie from another site is refused; from the app's own origin it is not", async ({ page, baseURL }) => {
  await signIn(page, "admin@demo.foldline.dev", "foldline-demo");
  const create = (origin: string) =>
    page.request.post("/api/trpc/tokens.create", { headers: { origin, "content-type": "application/json" }, data: { json: { teamSlug: "demo", name: `x-${Date.now()}` } } });
  const forged = await create("https://evil.example");
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.message).toMatch(/^cross-site request refused \(Origin https:\/\/evil\.example is not /);
  expect((await create(new URL(baseURL!).origin)).status()).toBe(200);
});
