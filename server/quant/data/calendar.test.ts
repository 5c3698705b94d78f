import { describe, expect, it } from "vitest";
import { DAY_MS, isTradingDay, nyseHolidays, tradingDaysBetween } from "./calendar";
import { findGaps, medianStep } from "./gaps";

const dayNo = (s: string) => Date.parse(`${s}T00:00:00Z`) / DAY_MS;
const iso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const holidays = (y: number) => [...nyseHolidays(y)].sort((a, b) => a - b).map(iso);

describe("NYSE calendar", () => {
  it("lists the published full-day closures", () => {
    expect(holidays(2024)).toEqual(["2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19", "2024-07-04", "2024-09-02", "2024-11-28", "2024-12-25"]);
    // New Year 2022 fell on a Saturday (not observed); Juneteenth and Christmas moved to Monday.
    expect(holidays(2022)).toEqual(["2022-01-17", "2022-02-21", "2022-04-15", "2022-05-30", "2022-06-20", "2022-07-04", "2022-09-05", "2022-11-24", "2022-12-26"]);
    expect(holidays(2021)).toEqual(["2021-01-01", "2021-01-18", "2021-02-15", "2021-04-02", "2021-05-31", "2021-07-05", "2021-09-06", "2021-11-25", "2021-12-24"]);
  });

  it("knows weekends and one-off closures", () => {
    expect(isTradingDay(dayNo("2020-01-04"), "nyse")).toBe(false); // Saturday
    expect(isTradingDay(dayNo("2001-09-12"), "nyse")).toBe(false);
    expect(isTradingDay(dayNo("2001-09-12"), "weekdays")).toBe(true);
    expect(isTradingDay(dayNo("2001-09-17"), "nyse")).toBe(true);
    expect(tradingDaysBetween(dayNo("2001-09-10"), dayNo("2001-09-17"), "nyse")).toBe(0);
    expect(tradingDaysBetween(dayNo("2020-01-03"), dayNo("2020-01-08"), "nyse")).toBe(2); // Mon, Tue
  });
});

describe("findGaps", () => {
  it("uses the calendar rule for daily bars and the step rule otherwise", () => {
    const daily = Float64Array.from(["2020-01-06", "2020-01-07", "2020-01-10", "2020-01-13"], (s) => dayNo(s) * DAY_MS);
    expect(findGaps(daily)).toEqual([{ index: 2, size: 2, rule: "daily" }]);
    const minutes = Float64Array.from([0, 1, 2, 3, 10, 11], (m) => m * 60_000);
    expect(medianStep(minutes)).toBe(60_000);
    expect(findGaps(minutes)).toEqual([{ index: 4, size: 7, rule: "step" }]);
    expect(findGaps(minutes, { factor: 10 })).toEqual([]);
    expect(findGaps(Float64Array.of(5))).toEqual([]);
  });
});
