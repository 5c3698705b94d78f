import { describe, expect, test } from "vitest";
import { CronError, describeCron, nextRun, nextRuns, parseCron } from "./cron";

const iso = (d: Date) => d.toISOString();
const runs = (expr: string, tz: string, after: string, n: number) => nextRuns(expr, tz, new Date(after), n).map(iso);
const next = (expr: string, tz: string, after: string) => iso(nextRun(expr, tz, new Date(after)));

describe("parseCron", () => {
  test("lists, ranges, steps, n/step and names", () => {
    const s = parseCron("5/20 1-10/3 1,15,31 JAN,jul-Sep mon-FRI");
    expect(s.minutes).toEqual([5, 25, 45]);
    expect(s.hours).toEqual([1, 4, 7, 10]);
    expect(s.daysOfMonth).toEqual([1, 15, 31]);
    expect(s.months).toEqual([1, 7, 8, 9]);
    expect(s.daysOfWeek).toEqual([1, 2, 3, 4, 5]);
    expect(s.dayOfMonthStar).toBe(false);
    expect(s.dayOfWeekStar).toBe(false);
  });

  test("7 is Sunday, duplicates collapse, */n starts at the minimum", () => {
    const s = parseCron("*/15 */6 */10 */4 5-7,0");
    expect(s.minutes).toEqual([0, 15, 30, 45]);
    expect(s.hours).toEqual([0, 6, 12, 18]);
    expect(s.daysOfMonth).toEqual([1, 11, 21, 31]);
    expect(s.months).toEqual([1, 5, 9]);
    expect(s.daysOfWeek).toEqual([0, 5, 6]);
    expect(s.dayOfMonthStar).toBe(true);
  });

  test("macros expand to their five fields", () => {
    expect(parseCron("@daily").fields).toEqual(["0", "0", "*", "*", "*"]);
    expect(parseCron("@midnight").fields).toEqual(["0", "0", "*", "*", "*"]);
    expect(parseCron(" @Weekly ").fields).toEqual(["0", "0", "*", "*", "0"]);
    expect(parseCron("@hourly").fields).toEqual(["0", "*", "*", "*", "*"]);
    expect(parseCron("@monthly").fields).toEqual(["0", "0", "1", "*", "*"]);
    expect(parseCron("@yearly").fields).toEqual(parseCron("@annually").fields);
  });

  test.each([
    ["* * * *", "expression", /expected 5 fields .* got 4/],
    ["* * * * * *", "expression", /got 6/],
    ["@reboot", "expression", /unknown macro "@reboot"/],
    ["60 * * * *", "minute", /minute: 60 is out of range 0–59/],
    ["* 24 * * *", "hour", /hour: 24 is out of range 0–23/],
    ["* * 0 * *", "day-of-month", /day-of-month: 0 is out of range 1–31/],
    ["* * * 13 *", "month", /month: 13 is out of range 1–12/],
    ["* * * FOO *", "month", /month: "FOO" is not a valid value \(a number or one of JAN/],
    ["* * * * 8", "day-of-week", /day-of-week: 8 is out of range 0–7/],
    ["* * * * MONDAY", "day-of-week", /day-of-week: "MONDAY"/],
    ["x * * * *", "minute", /minute: "x" is not a valid value \(a number\)/],
    ["*/0 * * * *", "minute", /minute: step "0" must be a positive integer/],
    ["1/2/3 * * * *", "minute", /more than one "\/"/],
    ["5-1 * * * *", "minute", /minute: range 5-1 runs backwards/],
    ["1,,2 * * * *", "minute", /minute: empty item/],
    ["1-2-3 * * * *", "minute", /not a value or a range/],
    ["0 0 30 2 *", "day-of-month", /day-of-month: day 30 never occurs in February/],
    ["0 0 31 4,6 *", "day-of-month", /never occurs in April, June/],
  ])("%s is refused (%s)", (expr, field, message) => {
    let err: unknown;
    try {
      parseCron(expr);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CronError);
    expect((err as CronError).field).toBe(field);
    expect((err as CronError).message).toMatch(message);
  });

  test("a day that only exists through the day-of-week OR rule is accepted", () => {
    expect(() => parseCron("0 0 30 2 MON")).not.toThrow();
    expect(() => parseCron("0 0 29 2 *")).not.toThrow();
  });
});

describe("nextRun in UTC", () => {
  test("strictly after: a run at `after` itself is not returned; seconds count", () => {
    expect(next("0 2 * * *", "UTC", "2026-01-15T02:00:00Z")).toBe("2026-01-16T02:00:00.000Z");
    expect(next("0 2 * * *", "UTC", "2026-01-15T01:59:59.999Z")).toBe("2026-01-15T02:00:00.000Z");
    expect(next("* * * * *", "UTC", "2026-01-15T23:59:30Z")).toBe("2026-01-16T00:00:00.000Z");
    expect(next("@hourly", "UTC", "2026-12-31T23:00:00Z")).toBe("2027-01-01T00:00:00.000Z");
  });

  test("29 February waits for the next leap year", () => {
    expect(next("0 0 29 2 *", "UTC", "2026-01-01T00:00:00Z")).toBe("2028-02-29T00:00:00.000Z");
  });

  test("day-of-month OR day-of-week when both are restricted (2026-03-01 is a Sunday)", () => {
    expect(runs("0 0 1 * MON", "UTC", "2026-03-25T00:00:00Z", 3)).toEqual([
      "2026-03-30T00:00:00.000Z", // Monday
      "2026-04-01T00:00:00.000Z", // the 1st (a Wednesday)
      "2026-04-06T00:00:00.000Z", // Monday
    ]);
  });

  test("AND when one field starts with * (Vixie): */2 days that are Mondays", () => {
    expect(runs("0 0 */2 * MON", "UTC", "2026-03-01T00:00:00Z", 2)).toEqual(["2026-03-09T00:00:00.000Z", "2026-03-23T00:00:00.000Z"]);
    expect(runs("0 0 * * MON", "UTC", "2026-03-01T00:00:00Z", 2)).toEqual(["2026-03-02T00:00:00.000Z", "2026-03-09T00:00:00.000Z"]);
    expect(runs("0 0 13 * *", "UTC", "2026-03-01T00:00:00Z", 2)).toEqual(["2026-03-13T00:00:00.000Z", "2026-04-13T00:00:00.000Z"]);
  });

  test("month and weekday names, weekly Sunday 03:00", () => {
    expect(runs("0 3 * * SUN", "UTC", "2026-03-01T03:00:00Z", 2)).toEqual(["2026-03-08T03:00:00.000Z", "2026-03-15T03:00:00.000Z"]);
    expect(next("30 9 1 jul *", "UTC", "2026-03-01T00:00:00Z")).toBe("2026-07-01T09:30:00.000Z");
  });
});

describe("nextRun in Europe/London across the 2026 switches", () => {
  test("daily 02:00 is 02:00 GMT in winter and 01:00 UTC in summer", () => {
    expect(next("0 2 * * *", "Europe/London", "2026-01-15T12:00:00Z")).toBe("2026-01-16T02:00:00.000Z");
    expect(next("0 2 * * *", "Europe/London", "2026-07-01T12:00:00Z")).toBe("2026-07-02T01:00:00.000Z");
  });

  test("spring forward (29 March, 01:00 GMT → 02:00 BST): 01:30 does not exist and runs at 02:00 BST", () => {
    expect(runs("30 1 * * *", "Europe/London", "2026-03-28T12:00:00Z", 3)).toEqual([
      "2026-03-29T01:00:00.000Z", // the transition instant
      "2026-03-30T00:30:00.000Z", // 01:30 BST
      "2026-03-31T00:30:00.000Z",
    ]);
    // 02:00 BST exists: the same instant, once
    expect(next("0 2 * * *", "Europe/London", "2026-03-28T12:00:00Z")).toBe("2026-03-29T01:00:00.000Z");
    // every 30 minutes: 00:30 GMT, then the gap collapses into 02:00 BST, then 02:30 BST
    expect(runs("*/30 * * * *", "Europe/London", "2026-03-29T00:00:00Z", 3)).toEqual([
      "2026-03-29T00:30:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T01:30:00.000Z",
    ]);
  });

  test("fall back (25 October, 02:00 BST → 01:00 GMT): 01:30 runs once, at 01:30 BST", () => {
    expect(runs("30 1 * * *", "Europe/London", "2026-10-24T12:00:00Z", 2)).toEqual([
      "2026-10-25T00:30:00.000Z", // 01:30 BST; 01:30 GMT (01:30Z) does not run again
      "2026-10-26T01:30:00.000Z",
    ]);
    // a sub-hourly job pauses in the repeated hour (documented)
    expect(runs("*/30 * * * *", "Europe/London", "2026-10-25T00:00:00Z", 2)).toEqual(["2026-10-25T00:30:00.000Z", "2026-10-25T02:00:00.000Z"]);
  });
});

describe("nextRun in America/New_York across the 2026 switches", () => {
  test("spring forward (8 March, 02:00 EST → 03:00 EDT): 02:30 runs at 03:00 EDT", () => {
    expect(runs("30 2 * * *", "America/New_York", "2026-03-07T12:00:00Z", 2)).toEqual([
      "2026-03-08T07:00:00.000Z",
      "2026-03-09T06:30:00.000Z", // 02:30 EDT
    ]);
    expect(runs("*/15 * * * *", "America/New_York", "2026-03-08T06:40:00Z", 3)).toEqual([
      "2026-03-08T06:45:00.000Z", // 01:45 EST
      "2026-03-08T07:00:00.000Z", // 02:00–02:45 collapse into 03:00 EDT
      "2026-03-08T07:15:00.000Z",
    ]);
  });

  test("fall back (1 November, 02:00 EDT → 01:00 EST): 01:30 runs once", () => {
    expect(runs("30 1 * * *", "America/New_York", "2026-10-31T12:00:00Z", 2)).toEqual([
      "2026-11-01T05:30:00.000Z", // 01:30 EDT
      "2026-11-02T06:30:00.000Z", // 01:30 EST
    ]);
    // asked during the repeated hour (01:10 EST), after 01:30 EDT has run: the next day
    expect(next("30 1 * * *", "America/New_York", "2026-11-01T06:10:00Z")).toBe("2026-11-02T06:30:00.000Z");
    expect(next("0 3 * * SUN", "America/New_York", "2026-10-31T12:00:00Z")).toBe("2026-11-01T08:00:00.000Z");
  });
});

describe("nextRun input checks", () => {
  test("unknown time zone and invalid date name the field", () => {
    expect(() => nextRun("@daily", "Mars/Olympus", new Date(0))).toThrow(/timeZone: "Mars\/Olympus" is not a known IANA time zone/);
    expect(() => nextRun("@daily", "UTC", new Date(NaN))).toThrow(/after: is not a valid date/);
  });

  test("a parsed schedule can be passed instead of the text", () => {
    const s = parseCron("0 2 * * *");
    expect(iso(nextRun(s, "Europe/London", new Date("2026-01-15T12:00:00Z")))).toBe("2026-01-16T02:00:00.000Z");
  });
});

describe("describeCron", () => {
  test.each([
    ["0 2 * * *", "daily at 02:00"],
    ["@daily", "daily at 00:00"],
    ["0 3 * * 0", "Sunday at 03:00"],
    ["0 3 * * SUN", "Sunday at 03:00"],
    ["@weekly", "Sunday at 00:00"],
    ["30 9 * * MON-FRI", "Monday–Friday at 09:30"],
    ["0 8 * * 1,3", "Monday and Wednesday at 08:00"],
    ["0 9,17 * * *", "daily at 09:00 and 17:00"],
    ["* * * * *", "every minute"],
    ["*/15 * * * *", "every 15 minutes"],
    ["@hourly", "every hour at minute 0"],
    ["5 */6 * * *", "every 6 hours at minute 5"],
    ["*/30 9-17 * * 1-5", "every 30 minutes during hours 09–17 on Monday–Friday"],
    ["0,20 9-17 * * *", "at minutes 0 and 20 of hours 09–17"],
    ["0,20 * * * 0", "at minutes 0 and 20 of every hour on Sunday"],
    ["* 3 * * *", "every minute during hour 03"],
    ["@monthly", "at 00:00 on day 1 of the month"],
    ["0 0 1,15 * *", "at 00:00 on days 1 and 15 of the month"],
    ["@yearly", "at 00:00 on day 1 of the month in January"],
    ["0 0 1 * MON", "at 00:00 on day 1 of the month or on Monday"],
    ["0 0 */15 * MON", "at 00:00 on days 1, 16 and 31 of the month if it is a Monday"],
    ["*/10 * * 1-3 *", "every 10 minutes in January–March"],
  ])("%s → %s", (expr, text) => {
    expect(describeCron(expr)).toBe(text);
  });
});
