/**
 * Trading-day calendars for daily data, on UTC day numbers (`Math.floor(epochMs / 86_400_000)`).
 * `weekdays`: Monday–Friday. `nyse`: weekdays less the NYSE full-day closures, rules as
 * applied since 1990: New Year (Sunday → Monday; Saturday → not observed), Martin Luther King
 * Jr. Day (from 1998), Washington's Birthday, Good Friday, Memorial Day, Juneteenth (from 2022),
 * Independence Day and Christmas (Saturday → Friday, Sunday → Monday), Labor Day, Thanksgiving,
 * plus the one-off closures listed in NYSE_SPECIAL_CLOSURES. Early closes are trading days.
 */

export type TradingCalendar = "nyse" | "weekdays";

export const DAY_MS = 86_400_000;

/** One-off NYSE closures since 1990 (national mourning, 9/11, Hurricane Sandy). */
export const NYSE_SPECIAL_CLOSURES = [
  "1994-04-27", // Nixon
  "2001-09-11",
  "2001-09-12",
  "2001-09-13",
  "2001-09-14",
  "2004-06-11", // Reagan
  "2007-01-02", // Ford
  "2012-10-29", // Sandy
  "2012-10-30",
  "2018-12-05", // G. H. W. Bush
  "2025-01-09", // Carter
] as const;

const dayOf = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY_MS;
/** 0 = Sunday … 6 = Saturday. Day 0 (1970-01-01) was a Thursday. */
export const weekdayOfDay = (day: number) => (((day + 4) % 7) + 7) % 7;

function nthWeekday(y: number, m: number, weekday: number, n: number): number {
  const first = dayOf(y, m, 1);
  return first + ((weekday - weekdayOfDay(first) + 7) % 7) + 7 * (n - 1);
}

function lastWeekday(y: number, m: number, weekday: number): number {
  const last = dayOf(y, m + 1, 1) - 1;
  return last - ((weekdayOfDay(last) - weekday + 7) % 7);
}

/** Gregorian Easter Sunday (anonymous Gregorian algorithm). */
function easter(y: number): number {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(y, month, day);
}

/** Saturday → Friday, Sunday → Monday. */
function observed(day: number): number {
  const w = weekdayOfDay(day);
  return w === 6 ? day - 1 : w === 0 ? day + 1 : day;
}

const cache = new Map<number, Set<number>>();
const special = new Set(NYSE_SPECIAL_CLOSURES.map((s) => Date.parse(`${s}T00:00:00Z`) / DAY_MS));

/** NYSE full-day holidays of a year, as UTC day numbers. */
export function nyseHolidays(year: number): Set<number> {
  let set = cache.get(year);
  if (set) return set;
  set = new Set<number>();
  const ny = dayOf(year, 1, 1);
  if (weekdayOfDay(ny) !== 6) set.add(observed(ny));
  if (year >= 1998) set.add(nthWeekday(year, 1, 1, 3));
  set.add(nthWeekday(year, 2, 1, 3));
  set.add(easter(year) - 2);
  set.add(lastWeekday(year, 5, 1));
  if (year >= 2022) set.add(observed(dayOf(year, 6, 19)));
  set.add(observed(dayOf(year, 7, 4)));
  set.add(nthWeekday(year, 9, 1, 1));
  set.add(nthWeekday(year, 11, 4, 4));
  set.add(observed(dayOf(year, 12, 25)));
  cache.set(year, set);
  return set;
}

/** Whether a UTC day number is a trading day of the calendar. */
export function isTradingDay(day: number, calendar: TradingCalendar): boolean {
  const w = weekdayOfDay(day);
  if (w === 0 || w === 6) return false;
  if (calendar === "weekdays") return true;
  if (special.has(day)) return false;
  return !nyseHolidays(new Date(day * DAY_MS).getUTCFullYear()).has(day);
}

/** Trading days strictly between two UTC day numbers. */
export function tradingDaysBetween(fromDay: number, toDay: number, calendar: TradingCalendar): number {
  let n = 0;
  for (let d = fromDay + 1; d < toDay; d++) if (isTradingDay(d, calendar)) n++;
  return n;
}
