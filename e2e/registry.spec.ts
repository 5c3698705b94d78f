import { expect, test } from "@playwright/test";
import { createTokenInUi, mlflowClient, signIn, signOut, signUp, uniqueEmail } from "./helpers";

test("a version registered through MLflow goes to Production on a reviewer's approval, archives the previous one, and rolls back", async ({ page, browser, request }) => {
  const reviewerEmail = uniqueEmail("reviewer");
  const ctx2 = await browser.newContext();
  await signUp(await ctx2.newPage(), reviewerEmail);
  await ctx2.close();

  await signIn(page, "admin@demo.foldline.dev", "foldline-demo");
  await page.goto("/demo/settings/members");
  await page.getByLabel("Email of an existing user").fill(reviewerEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("reviewer");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByTestId(`member-${reviewerEmail}`)).toBeVisible();
  const token = await createTokenInUi(page, "demo");
  const mlflow = mlflowClient(request, token);
  const name = `spx-dir-${Date.now()}`;
  const { experiment_id } = await mlflow("experiments/create", { name: `exp-${name}` });
  await mlflow("registered-models/create", { name });
  for (const f1 of [0.7, 0.74]) {
    const { run } = await mlflow("runs/create", { experiment_id });
    await mlflow("runs/log-batch", { run_id: run.info.run_id, metrics: [{ key: "f1", value: f1, timestamp: Date.now(), step: 0 }] });
    await mlflow("model-versions/create", { name, source: `runs:/${run.info.run_id}/model`, run_id: run.info.run_id });
  }
  const asked = await mlflow("model-versions/transition-stage", { name, version: "1", stage: "Production", archive_existing_versions: true });
  expect(asked.model_version.current_stage).toBe("None");
  await page.goto(`/demo/models/${name}`);
  // The requester (an admin) is offered no way to approve their own request.
  await expect(page.getByTestId("transition-request")).toContainText("your request: another reviewer decides");
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await signOut(page);

  await signIn(page, reviewerEmail);
  await page.goto("/demo/models");
  await expect(page.getByTestId("review-queue")).toContainText(name);
  await page.getByRole("link", { name, exact: true }).first().click();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("version-1")).toContainText("Production");
  await page.getByTestId("version-2").getByRole("button", { name: "Request Production" }).click();
  await expect(page.getByTestId("transition-request").filter({ hasText: "v2" })).toContainText("pending");
  await signOut(page);

  // The admin approves the reviewer's request: v1 is archived in the same step.
  await signIn(page, "admin@demo.foldline.dev", "foldline-demo");
  await page.goto(`/demo/models/${name}`);
  await page.getByTestId("transition-request").filter({ hasText: "v2" }).getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("version-2")).toContainText("Production");
  await expect(page.getByTestId("version-1")).toContainText("Archived");
  await page.getByRole("button", { name: "Roll back to v1" }).click();
  await expect(page.getByTestId("version-1")).toContainText("Production");
  await expect(page.getByTestId("version-2")).toContainText("Archived");
  await expect(page.getByTestId("model-timeline")).toContainText("v1: Archived → Production");

  await page.goto("/demo/settings/audit");
  await expect(page.getByTestId("audit-row").first()).toContainText("model.rollback");
  await expect(page.getByText("transition.approve").first()).toBeVisible();
  await expect(page.getByText("transition.request").first()).toBeVisible();
});
