import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("backtests: field errors, then SMA 50/200 on SPX with W2 costs gives the reference Sharpe", async ({ page }) => {
  await signIn(page, "admin@demo.foldline.dev", "foldline-demo");
  await page.goto("/demo/backtests");
  await page.getByRole("button", { name: "Run backtest" }).click();
  await expect(page.getByText("choose a dataset")).toBeVisible();

  await page.getByLabel("Dataset").selectOption({ label: "SPX daily" });
  await page.getByLabel("Fast SMA (bars)").fill("200");
  await page.getByLabel("Slow SMA (bars)").fill("50");
  await page.getByRole("button", { name: "Run backtest" }).click();
  await expect(page.getByText("fast must be shorter than slow")).toBeVisible();

  await page.getByLabel("Fast SMA (bars)").fill("50");
  await page.getByLabel("Slow SMA (bars)").fill("200");
  await page.getByLabel("Fees (bps)").fill("5");
  await page.getByLabel("Slippage (bps)").fill("5");
  await page.getByRole("button", { name: "Run backtest" }).click();
  await expect(page).toHaveURL(/\/demo\/backtests\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "SMA crossover 50/200 on SPX daily SPX" })).toBeVisible();
  await expect(page.locator('[data-metric="sharpe"] dd')).toHaveText("0.3309");
  await expect(page.getByTestId("equity-chart").locator("canvas").first()).toBeVisible();
  await expect(page.getByTestId("trade-row").first()).toBeVisible();

  await page.getByRole("link", { name: "Backtests", exact: true }).click();
  await expect(page.getByTestId("backtest-row").first()).toContainText("SMA crossover 50/200");
  const other = await page.goto("/demo/backtests/00000000-0000-4000-8000-000000000000");
  expect(other?.status()).toBe(404);
});

test("a sweep of the W2b grid on SPX shows its heatmap, PBO and deflated Sharpe", async ({ page }) => {
  await signIn(page, "admin@demo.foldline.dev", "foldline-demo");
  await page.goto("/demo/backtests");
  await page.getByLabel("Parameter sweep (grid)").check();
  await page.getByLabel("Dataset").selectOption({ label: "SPX daily" });
  await page.getByLabel("Fast SMA (bars): from:to:step").fill("5:50:5");
  await page.getByLabel("Slow SMA (bars): from:to:step").fill("20:200:5");
  await page.getByLabel("Fees (bps)").fill("5");
  await page.getByLabel("Slippage (bps)").fill("5");
  await page.getByRole("button", { name: "Run sweep" }).click();
  await expect(page.getByRole("heading", { name: /^Sweep of 342 SMA crossovers on SPX daily SPX \(best SMA crossover 5\/190\)$/ })).toBeVisible();
  await expect(page.getByTestId("sweep-pbo")).toHaveText("0.5963");
  await expect(page.getByTestId("sweep-dsr")).toHaveText("0.3914");
  await expect(page.getByTestId("sweep-row").first()).toContainText("fast 5, slow 190");
  await expect(page.getByTestId("sweep-row").first()).toContainText("0.3475");
  await expect(page.getByTestId("heatmap").locator("rect")).toHaveCount(342);
});
