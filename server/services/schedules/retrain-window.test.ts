import { expect, it } from "vitest";
import { shiftWindowToEnd } from "./retrain-window";

it("moves a window to end on the last bar, keeping its length in calendar days", () => {
  // 2015-01-01 → 2018-12-31 is 1,460 days; ending 2020-04-17 it starts 1,460 days earlier.
  expect(shiftWindowToEnd({ start: "2015-01-01", end: "2018-12-31" }, "2020-04-17")).toEqual({ start: "2016-04-18", end: "2020-04-17" });
  // Across a leap day: 2019-03-01 − 366 days = 2018-02-28.
  expect(shiftWindowToEnd({ start: "2019-01-01", end: "2020-01-02" }, "2019-03-01")).toEqual({ start: "2018-02-28", end: "2019-03-01" });
  expect(shiftWindowToEnd({ start: "2020-01-06", end: "2020-01-06" }, "2020-04-17")).toEqual({ start: "2020-04-17", end: "2020-04-17" });
});

it("keeps a window over all history open at the start, and refuses a reversed one", () => {
  expect(shiftWindowToEnd({ end: "2018-12-31" }, "2020-04-17")).toEqual({ end: "2020-04-17" });
  expect(() => shiftWindowToEnd({ start: "2019-01-02", end: "2019-01-01" }, "2020-04-17")).toThrow("after its end");
});
