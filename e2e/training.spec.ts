import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("training: a walk-forward GBDT on SPX from the form, live to 100%, folds, equity and trades, registered as a model version, then backtested on AAPL", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "admin@demo.foldline.dev", "foldline-demo");
  await page.getByRole("link", { name: "Training", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Training", level: 1 })).toBeVisible();

  // The algorithm's parameters come with the catalog's defaults; bad input is caught in the browser.
  const nEstimators = page.getByLabel("nEstimators", { exact: true });
  await expect(nEstimators).toHaveValue("100");
  await expect(page.getByLabel("learningRate", { exact: true })).toHaveValue("0.05");
  await nEstimators.fill("0");
  await page.getByRole("button", { name: "Start training" }).click();
  await expect(page.getByText("choose a dataset")).toBeVisible();
  await expect(page.getByText("must be ≥ 1")).toBeVisible();

  // A window the server refuses comes back as the field's error.
  await page.getByLabel("Dataset").selectOption({ label: "SPX daily" });
  await expect(page.getByTestId("dataset-range")).toContainText("SPX");
  await page.getByLabel("From (optional)").fill("2017-01-01");
  await page.getByLabel("To (optional)").fill("2016-12-31");
  await nEstimators.fill("20");
  await page.getByLabel("maxDepth", { exact: true }).fill("3");
  await page.getByRole("button", { name: "Start training" }).click();
  await expect(page.getByText("start must not be after end")).toBeVisible();

  // 2012–2016, 24/6/6 months: five folds, tested 2014H1 … 2016H1.
  await page.getByLabel("From (optional)").fill("2012-01-01");
  await page.getByLabel("Train window (months)").fill("24");
  await page.getByLabel("Test window (months)").fill("6");
  await page.getByLabel("Step (months)").fill("6");
  await page.getByRole("button", { name: "Start training" }).click();
  await expect(page).toHaveURL(/\/demo\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Walk-forward training" })).toBeVisible();

  // The page follows the job without a reload until it is done.
  await expect(page.getByTestId("job-progress")).toContainText("100%", { timeout: 40_000 });
  await expect(page.getByTestId("job-status")).toHaveText("succeeded");
  await expect(page.locator('[data-testid="fold-row"][data-status="FINISHED"]')).toHaveCount(5);
  await expect(page.getByTestId("fold-row").first()).toContainText("2014-01-01 → 2014-07-01");
  await expect(page.getByTestId("fold-row").first().locator('[data-metric="rmse"]')).toHaveText(/^0\.\d{4}$/);
  await expect(page.getByTestId("loss-curves").locator("svg path").first()).toBeVisible();
  await expect(page.locator('[data-testid="training-metrics"] [data-metric="oos_sharpe"] dd')).toHaveText(/^-?\d+\.\d{4}$/);
  await expect(page.getByTestId("equity-chart").locator("canvas").first()).toBeVisible();
  await expect(page.getByTestId("trade-row").first()).toBeVisible();
  await expect(page.getByTestId("importance-bar").first()).toBeVisible();
  await expect(page.getByTestId("job-log")).toContainText("fold 4: rmse");

  // Register the result, then find the version on the model's page.
  const runHref = await page.getByRole("link", { name: "Training run" }).getAttribute("href");
  const name = `spx-gbdt-${Date.now().toString(36)}`;
  await page.getByLabel("Registered model name").fill(name);
  await page.getByRole("button", { name: "Register as a new version" }).click();
  await page.getByRole("link", { name: `${name} v1` }).click();
  await expect(page).toHaveURL(new RegExp(`/demo/models/${name}\\?version=1$`));
  const dialog = page.getByRole("dialog", { name: `${name} v1` });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator(`a[href="${runHref}"]`)).toBeVisible();
  await expect(dialog.getByTestId("version-evaluations")).toHaveCount(0);

  // Backtest the version on AAPL from its dialog (cross-ticker): the job runs to 100% and links to the backtest.
  await dialog.getByRole("button", { name: "Backtest this model on…" }).click();
  const form = dialog.getByRole("form", { name: `Backtest ${name} v1` });
  await form.getByLabel("Dataset").selectOption({ label: "AAPL daily" });
  await form.getByLabel("From (optional)").fill("2016-01-01");
  await expect(form.getByLabel("Capital ($)")).toHaveValue("100000");
  await form.getByRole("button", { name: "Start backtest" }).click();
  await expect(page).toHaveURL(/\/demo\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Model backtest", level: 1 })).toBeVisible();
  await expect(page.getByTestId("job-progress")).toContainText("100%", { timeout: 30_000 });
  await expect(page.getByTestId("job-status")).toHaveText("succeeded");
  await expect(page.locator('[data-testid="metrics-panel"] [data-metric="sharpe"] dd')).toHaveText(/^-?\d+\.\d{4}$/);
  await page.getByRole("link", { name: "Open the backtest" }).click();

  // The backtest page: equity curve, metrics, the model's predictions against what happened, trades.
  await expect(page).toHaveURL(/\/demo\/backtests\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: `${name} v1 on AAPL`, exact: false, level: 1 })).toBeVisible();
  await expect(page.getByTestId("equity-chart").locator("canvas").first()).toBeVisible();
  await expect(page.locator('[data-testid="metrics-panel"] [data-metric="totalReturn"] dd')).toHaveText(/^-?\d+\.\d{2}%$/);
  await expect(page.getByRole("heading", { name: "Predictions vs realised" })).toBeVisible();
  await expect(page.getByTestId("line-chart-predictions").locator("path")).toHaveCount(2);
  await expect(page.getByTestId("trade-row").first()).toBeVisible();

  // The version records the evaluation: its dialog lists it with a link back to the backtest.
  const backtestPath = new URL(page.url()).pathname;
  await page.goto(`/demo/models/${name}?version=1`);
  const row = dialog.getByTestId("evaluation-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("AAPL daily");
  await expect(row.getByRole("link", { name: "Backtest" })).toHaveAttribute("href", backtestPath);

  // The job list on the training page shows both finished jobs.
  await page.goto("/demo/training");
  const jobRow = (text: string) => page.getByTestId("job-row").filter({ hasText: text });
  await expect(jobRow("gbdt · SPX daily · 2012-01-01 → 2016-12-31")).toContainText("succeeded");
  await expect(jobRow(`${name} v1 · AAPL daily · 2016-01-01 → …`)).toContainText("succeeded");
});
