import { expect, test } from "@playwright/test";
import { pageAlert, signIn } from "./helpers";

const GOOD = `date,open,high,low,close,volume
2024-01-02,100,101,99,100.5,1000
2024-01-03,100.5,102,100,101.5,1200
2024-01-04,101.5,103,101,102,900
`;
const BAD = `date,open,high,low,close,volume
2024-01-02,100,101,99,100.5,1000
2024-01-03,100.5,99,100,101.5,1200
2024-01-04,abc,103,101,102,900
`;

test("datasets: the seeded real series, a refused upload with its report, an accepted one", async ({ page }) => {
  await signIn(page, "admin@demo.foldline.dev", "foldline-demo");
  await page.goto("/demo/datasets");
  await expect(page.getByTestId("dataset-SPX daily")).toContainText("5,105");
  await expect(page.getByTestId("dataset-SPX daily")).toContainText("2000-01-03");
  await expect(page.getByTestId("dataset-AAPL daily")).toContainText("1,260");

  await page.getByLabel(/CSV or Parquet file/).setInputFiles({ name: "broken.csv", mimeType: "text/csv", buffer: Buffer.from(BAD) });
  await page.getByLabel("Dataset name").fill("Broken desk");
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(pageAlert(page)).toHaveText("the file has 2 errors in 3 rows; nothing was stored");
  await expect(page.getByTestId("issue-error")).toHaveCount(2);
  await expect(page.getByTestId("issue-error").first()).toContainText("2");
  await expect(page.getByTestId("dataset-Broken desk")).toHaveCount(0);

  await page.getByLabel(/CSV or Parquet file/).setInputFiles({ name: "desk.csv", mimeType: "text/csv", buffer: Buffer.from(GOOD) });
  await page.getByLabel("Dataset name").fill("Desk future");
  await page.getByLabel(/Symbol/).fill("DF");
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status")).toHaveText("Stored Desk future version 1: 3 bars.");
  await expect(page.getByTestId("dataset-Desk future")).toContainText("DF");

  // A file whose headers need mapping.
  await page.getByLabel(/CSV or Parquet file/).setInputFiles({
    name: "mapped.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(GOOD.replace("date,open,high,low,close,volume", "Day,O,H,L,C,Shares")),
  });
  await page.getByLabel("Dataset name").fill("Mapped desk");
  await page.getByText("Column names (when the headers").click();
  for (const [field, header] of [["date / timestamp", "Day"], ["open", "O"], ["high", "H"], ["low", "L"], ["close", "C"], ["volume", "Shares"]]) {
    await page.getByLabel(field!, { exact: true }).fill(header!);
  }
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status")).toHaveText("Stored Mapped desk version 1: 3 bars.");

  await page.getByText("Generate synthetic data").click();
  await page.getByLabel("Bars").fill("3");
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByText("at least 10 bars")).toBeVisible();
  await page.getByLabel("Bars").fill("500");
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByTestId("dataset-Synthetic OU")).toContainText("synthetic");

  await page.getByRole("link", { name: "SPX daily" }).click();
  await expect(page.getByRole("heading", { name: "SPX daily" })).toBeVisible();
  await expect(page.getByTestId("price-chart").locator("canvas").first()).toBeVisible();
  await expect(page.getByText("vega-datasets/data/sp500-2000.csv (csv)")).toBeVisible();
});
