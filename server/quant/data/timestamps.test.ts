import { describe, expect, it } from "vitest";
import { epochBigIntToMs, epochToMs, parseTimestamp } from "./timestamps";

describe("parseTimestamp", () => {
  it("reads ISO dates as UTC midnight", () => {
    expect(parseTimestamp("2020-04-17")).toBe(Date.UTC(2020, 3, 17));
    expect(parseTimestamp(" 2000-01-03 ")).toBe(Date.UTC(2000, 0, 3));
  });

  it("reads ISO date-times, zone-less as UTC, with offsets and fractions", () => {
    expect(parseTimestamp("2020-04-17T14:30:00")).toBe(Date.UTC(2020, 3, 17, 14, 30));
    expect(parseTimestamp("2020-04-17 14:30")).toBe(Date.UTC(2020, 3, 17, 14, 30));
    expect(parseTimestamp("2020-04-17T14:30:00.250Z")).toBe(Date.UTC(2020, 3, 17, 14, 30, 0, 250));
    expect(parseTimestamp("2020-04-17T09:30:00-05:00")).toBe(Date.UTC(2020, 3, 17, 14, 30));
    expect(parseTimestamp("2020-04-17T16:30:00+0200")).toBe(Date.UTC(2020, 3, 17, 14, 30));
  });

  it("reads epoch numbers by magnitude: seconds, milliseconds, micro- and nanoseconds", () => {
    const ms = Date.UTC(2020, 3, 17, 14, 30);
    expect(parseTimestamp(String(ms / 1000))).toBe(ms);
    expect(parseTimestamp(String(ms))).toBe(ms);
    expect(parseTimestamp(String(ms * 1000))).toBe(ms);
    expect(parseTimestamp(`${ms}000000`)).toBe(ms);
    expect(parseTimestamp("1587133800.5")).toBe(1587133800500);
    expect(epochToMs(0)).toBe(0);
    expect(epochBigIntToMs(BigInt(ms) * 1_000_000n)).toBe(ms);
    expect(epochBigIntToMs(BigInt(ms) * 1000n + 500n)).toBe(ms + 0.5);
  });

  it("refuses what is not a timestamp", () => {
    for (const s of ["", "abc", "03/15/2020", "2020-13-01", "2021-02-29", "2020-01-01T25:00", "1e", "0x10"]) {
      expect(parseTimestamp(s), s).toBeNaN();
    }
    expect(parseTimestamp("2020-02-29")).toBe(Date.UTC(2020, 1, 29));
  });
});
