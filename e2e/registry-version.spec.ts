import { expect, test } from "@playwright/test";
import { createTokenInUi, mlflowClient, signIn } from "./helpers";

test("a version's dialog shows its metrics, signature, lineage and feature importance, opens from the list and from a link, and offers the role's actions", async ({ page, request }) => {
  await signIn(page, "admin@demo.foldline.dev", "foldline-demo");
  const token = await createTokenInUi(page, "demo");
  const mlflow = mlflowClient(request, token);
  const name = `e2e-dlg-${Date.now()}`;
  const { experiment_id } = await mlflow("experiments/create", { name: `exp-${name}` });
  const { run } = await mlflow("runs/create", { experiment_id, run_name: "gbdt-fold-69", tags: [{ key: "features", value: "sma20,rsi14,atr14" }] });
  const runId = run.info.run_id as string;
  await mlflow("runs/log-batch", { run_id: runId, metrics: [{ key: "f1", value: 0.7125, timestamp: Date.now(), step: 0 }, { key: "rmse", value: 0.0213, timestamp: Date.now(), step: 0 }] });
  const importance = [
    { feature: "rsi14", importance: 0.0004, std: 0.0001, band: "moderate" },
    { feature: "sma20", importance: 0.004, std: 0.0005, band: "critical" },
    { feature: "atr14", importance: -0.0001, std: 0.0002, band: "none" },
  ];
  const put = await request.put(`/api/2.0/mlflow-artifacts/artifacts/${experiment_id}/${runId}/artifacts/feature_importance.json`, {
    headers: { authorization: `Bearer ${token}` },
    data: JSON.stringify(importance),
  });
  expect(put.status()).toBe(200);
  await mlflow("registered-models/create", { name });
  await mlflow("model-versions/create", { name, source: `runs:/${runId}/model`, run_id: runId });

  // The list finds it by part of its name.
  await page.goto("/demo/models");
  await page.getByLabel("Search models").fill(name.slice(4));
  await expect(page.getByTestId("models-count")).toHaveText("1 model");
  await page.getByRole("link", { name, exact: true }).click();

  await page.getByRole("link", { name: "Details of v1" }).click();
  await expect(page).toHaveURL(/\?version=1$/);
  const dialog = page.getByRole("dialog", { name: `${name} v1` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("version-metrics").locator("dt")).toHaveText(["f1", "rmse"]);
  await expect(dialog.getByTestId("version-metrics").locator("dd")).toHaveText(["0.7125", "0.0213"]);
  await expect(dialog.getByTestId("version-signature").getByRole("listitem")).toHaveText(["1. sma20", "2. rsi14", "3. atr14"]);
  await expect(dialog.getByRole("link", { name: "gbdt-fold-69" })).toHaveAttribute("href", `/demo/runs/${runId}`);
  await expect(dialog.getByRole("link", { name: `exp-${name}` })).toHaveAttribute("href", `/demo/experiments/${experiment_id}`);
  // Most important first, each bar coloured by its band.
  const bars = dialog.getByTestId("importance-bar");
  await expect(bars).toHaveCount(3);
  expect(await bars.evaluateAll((els) => els.map((e) => `${e.firstElementChild!.textContent}:${e.getAttribute("data-band")}`))).toEqual([
    "sma20:critical",
    "rsi14:moderate",
    "atr14:none",
  ]);

  // The model page's own actions, here for this version: the admin requests, and cannot approve it.
  await dialog.getByRole("button", { name: "Request Production" }).click();
  await expect(dialog.getByTestId("dialog-request")).toContainText("your request: another reviewer decides");
  await expect(dialog.getByRole("button", { name: "Approve" })).toHaveCount(0);

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page).not.toHaveURL(/version=/);

  // A shared link opens the dialog directly; a version the model lacks says so.
  await page.goto(`/demo/models/${name}?version=1`);
  await expect(page.getByRole("dialog", { name: `${name} v1` }).getByRole("link", { name: "gbdt-fold-69" })).toBeVisible();
  await page.goto(`/demo/models/${name}?version=7`);
  await expect(page.getByRole("dialog")).toContainText("This model has no version 7.");
});
