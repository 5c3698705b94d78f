import { expect, it } from "vitest";
import { loadSampleDataset } from "./sample-datasets";

it("loads the real S&P 500 and AAPL daily series shipped in npm packages", () => {
  const spx = loadSampleDataset("spx");
  expect(spx.close.length).toBe(5105);
  expect(new Date(spx.time[0]!).toISOString().slice(0, 10)).toBe("2000-01-03");
  expect(new Date(spx.time[5104]!).toISOString().slice(0, 10)).toBe("2020-04-17");
  expect([spx.open[0], spx.high[0], spx.low[0], spx.close[0], spx.volume[0]]).toEqual([1469.25, 1478, 1438.359985, 1455.219971, 931800000]);
  const aapl = loadSampleDataset("aapl");
  expect(aapl.close.length).toBe(1260);
  expect(new Date(aapl.time[0]!).toISOString().slice(0, 10)).toBe("2013-05-13");
  expect(new Date(aapl.time[1259]!).toISOString().slice(0, 10)).toBe("2018-05-11");
  expect(aapl.close[0]).toBe(64.96286);
});
