import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("tuning: a TPE study over the default GBDT space from the form, trials live, the study views, then training with the best trial's parameters", async ({ page }) => {
  await signIn(page, "admin@demo.foldline.dev", "foldline-demo");
  await page.goto("/demo/training");
  await page.getByRole("tab", { name: "Tune" }).click();
  await expect(page.getByRole("form", { name: "New tuning job" })).toBeVisible();

  // The GBDT space starts as the W5 space; tuned parameters leave the fixed-parameter inputs.
  const rows = page.getByTestId("space-row");
  await expect(rows).toHaveCount(4);
  await expect(page.getByLabel("Low of learningRate")).toHaveValue("0.01");
  await expect(page.getByLabel("High of learningRate")).toHaveValue("0.3");
  await expect(page.getByLabel("Log scale for learningRate")).toBeChecked();
  await expect(page.getByLabel("learningRate", { exact: true })).toHaveCount(0);
  await expect(page.getByLabel("Objective")).toHaveValue("rmse");
  await expect(page.getByLabel("Experiment")).toHaveValue("Tuning");

  // A bound the server refuses comes back under its row; a bad one is caught in the browser.
  await page.getByLabel("Dataset").selectOption({ label: "SPX daily" });
  await page.getByLabel("From (optional)").fill("2013-01-01");
  await page.getByLabel("To (optional)").fill("2016-12-31");
  await page.getByLabel("Train window (months)").fill("24");
  await page.getByLabel("Test window (months)").fill("6");
  await page.getByLabel("Step (months)").fill("6");
  await page.getByLabel("nEstimators", { exact: true }).fill("10");
  await page.getByLabel("Trials", { exact: true }).fill("6");
  await page.getByLabel("Score on the last N folds").fill("2");
  await page.getByLabel("Low of maxDepth").fill("three");
  await page.getByRole("button", { name: "Start tuning" }).click();
  await expect(page.getByText("maxDepth: must be a number")).toBeVisible();
  await page.getByLabel("Low of maxDepth").fill("9");
  await page.getByRole("button", { name: "Start tuning" }).click();
  await expect(page.getByText("maxDepth: high must be > low (9)")).toBeVisible();
  await page.getByLabel("Low of maxDepth").fill("2");
  await page.getByRole("button", { name: "Remove minChildSamples" }).click();
  await expect(rows).toHaveCount(3);
  await page.getByRole("button", { name: "Start tuning" }).click();

  await expect(page).toHaveURL(/\/demo\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Tuning", level: 1 })).toBeVisible();
  await expect(page.getByTestId("job-progress")).toContainText("100%", { timeout: 40_000 });
  await expect(page.getByTestId("job-status")).toHaveText("succeeded");

  // Six trials with their parameters and objective; the views of the stored study.
  await expect(page.getByTestId("trial-row")).toHaveCount(6);
  const complete = await page.locator('[data-testid="trial-row"][data-state="complete"]').count();
  expect(complete).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId("trial-row").first().getByTestId("trial-objective")).toHaveText(/^0\.0\d+$/);
  await expect(page.getByTestId("history-point")).toHaveCount(complete);
  await expect(page.getByTestId("history-best")).toBeVisible();
  await expect(page.getByRole("list", { name: "Parameter importances" }).getByTestId("importance-bar")).toHaveCount(3);
  await expect(page.getByTestId("pc-axis")).toHaveCount(4); // three parameters and the objective
  await expect(page.getByTestId("pc-line")).toHaveCount(complete);

  // The best trial's parameters open the training form with everything else of the study.
  const best = page.getByTestId("best-trial");
  const learningRate = (await best.locator("dt", { hasText: "learningRate" }).locator("+ dd").textContent())!.trim();
  await best.getByRole("link", { name: "Train with these params" }).click();
  await expect(page).toHaveURL(/\/demo\/training\?from=[0-9a-f-]{36}$/);
  await expect(page.getByTestId("prefill-note")).toContainText("best");
  await expect(page.getByRole("form", { name: "New training job" })).toBeVisible();
  await expect(page.getByLabel("Dataset")).toHaveValue(/.+/);
  await expect(page.getByLabel("From (optional)")).toHaveValue("2013-01-01");
  await expect(page.getByLabel("Train window (months)")).toHaveValue("24");
  await expect(page.getByLabel("nEstimators", { exact: true })).toHaveValue("10");
  expect(Number(await page.getByLabel("learningRate", { exact: true }).inputValue())).toBeCloseTo(Number(learningRate), 3);
  await expect(page.getByLabel("Experiment")).toHaveValue("Walk-forward training");
});
