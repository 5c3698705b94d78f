import { type APIRequestContext, expect, type Page } from "@playwright/test";

let seq = 0;
export const uniqueEmail = (label: string) => `${label}-${Date.now().toString(36)}-${++seq}@e2e.foldline.dev`;
export const PASSWORD = "e2e password 123";

export async function signUp(page: Page, email: string, password = PASSWORD) {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/teams\/new$/);
}

/** Submits the sign-in form; the caller checks the outcome. */
export async function attemptSignIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in and waits until the app has left the sign-in page. */
export async function signIn(page: Page, email: string, password = PASSWORD) {
  await attemptSignIn(page, email, password);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** The page's own alert (form and field errors), not Next.js's route announcer. */
export const pageAlert = (page: Page) => page.locator('[role="alert"]:not(#__next-route-announcer__)');

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** Creates an API token on the team's tokens page (signed in) and returns it. */
export async function createTokenInUi(page: Page, teamSlug: string, name = `e2e-${Date.now()}`) {
  await page.goto(`/${teamSlug}/settings/tokens`);
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  return (await page.getByTestId("new-token").textContent())!.trim();
}

/** A POST to the MLflow REST API with a bearer token, asserting HTTP 200. */
export function mlflowClient(request: APIRequestContext, token: string) {
  return async (endpoint: string, data: unknown) => {
    const res = await request.post(`/api/2.0/mlflow/${endpoint}`, { headers: { authorization: `Bearer ${token}` }, data });
    expect(res.status(), endpoint).toBe(200);
    return res.json();
  };
}
