import { expect, test } from "@playwright/test";
import { createTokenInUi, mlflowClient, signIn } from "./helpers";

test("runs logged through the MLflow REST API show in experiments, the runs table and run pages", async ({ page, request }) => {
  await signIn(page, "admin@demo.foldline.dev", "foldline-demo");
  const token = await createTokenInUi(page, "demo");
  const mlflow = mlflowClient(request, token);
  const name = `e2e-wf-${Date.now()}`;
  const { experiment_id } = await mlflow("experiments/create", { name });
  for (const [runName, rmse, algorithm] of [["fold-a", 0.02, "gbdt"], ["fold-b", 0.04, "gbdt"], ["fold-c", 0.01, "ridge"]] as const) {
    const { run } = await mlflow("runs/create", { experiment_id, run_name: runName, start_time: Date.now() });
    await mlflow("runs/log-batch", {
      run_id: run.info.run_id,
      params: [{ key: "algorithm", value: algorithm }],
      metrics: [0, 1, 2, 3].map((step) => ({ key: "rmse", value: rmse * (1 + (3 - step) / 10), timestamp: Date.now(), step })),
    });
  }

  const runs = await mlflow("runs/search", { experiment_ids: [experiment_id], filter: "run_name = 'fold-a'" });
  const foldA = runs.runs[0].info.run_id as string;
  const put = await request.put(`/api/2.0/mlflow-artifacts/artifacts/${experiment_id}/${foldA}/artifacts/report.json`, {
    headers: { authorization: `Bearer ${token}` },
    data: '{"sharpe": 0.33, "folds": 69}',
  });
  expect(put.status()).toBe(200);

  await page.getByRole("link", { name: "Experiments", exact: true }).click();
  await page.getByRole("link", { name }).click();
  await expect(page.getByTestId("run-row")).toHaveCount(3);
  await page.getByLabel("Filter runs").fill("metrics.rmse < 0.03 and params.algorithm = 'gbdt'");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("run-row")).toHaveCount(1);
  await expect(page.getByTestId("run-row")).toContainText("fold-a");
  await page.getByLabel("Filter runs").fill("metrics.rmse <");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText(/compares with a number/)).toBeVisible();
  await page.getByLabel("Filter runs").fill("");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("button", { name: "Sort by rmse" }).click();
  await expect(page.getByTestId("run-row").first()).toContainText("fold-c");

  await page.getByLabel("Select fold-a").check();
  await page.getByLabel("Select fold-c").check();
  await page.getByRole("link", { name: "Compare 2 runs" }).click();
  await expect(page.getByTestId("param-algorithm")).toHaveAttribute("data-differs", "true");
  await expect(page.getByTestId("line-chart-rmse").locator("path")).toHaveCount(2);
  await page.goBack();

  await page.getByRole("link", { name: "fold-a" }).click();
  await expect(page.getByRole("heading", { name: "fold-a" })).toBeVisible();
  await expect(page.getByTestId("line-chart-rmse")).toBeVisible();
  await expect(page.getByRole("cell", { name: "gbdt" })).toBeVisible();
  await page.getByRole("button", { name: "report.json" }).click();
  await expect(page.getByTestId("artifact-preview")).toContainText('"folds": 69');
});
