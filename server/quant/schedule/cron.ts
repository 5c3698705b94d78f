/**
 * Cron expressions for retraining and drift-check schedules: parsing with errors that name the
 * field, the next run in an IANA time zone, and a short English description for the UI.
 * Pure (no clock, no I/O); time zones come from the runtime's Intl data.
 *
 * Syntax (Vixie cron / cronie, five fields): minute (0–59) hour (0–23) day-of-month (1–31)
 * month (1–12 or JAN–DEC) day-of-week (0–7 or SUN–SAT; 0 and 7 are Sunday). A field is a
 * comma list of items; an item is `*`, `n`, `a-b`, each optionally followed by `/step`
 * (`*\/15`, `1-5/2`); `n/step` means `n-max/step` (cronie). Names are case-insensitive and may
 * end ranges (`MON-FRI`). Macros: @yearly (= @annually), @monthly, @weekly, @daily
 * (= @midnight), @hourly.
 *
 * Day rule (Vixie cron): when day-of-month and day-of-week are both restricted, a day matches
 * if EITHER matches (`0 0 1 * MON` runs on the 1st and on every Monday); when either field
 * starts with `*` (including `*\/2`), both must match, which for a bare `*` means the other
 * one decides.
 *
 * Time zones and daylight saving time (the fields are local wall-clock time in `timeZone`):
 * - a local time that does not exist (spring forward, e.g. 02:30 on 2026-03-29 in
 *   Europe/London) runs at the first valid minute after the gap (03:00 local = the transition
 *   instant); several skipped times collapse into that one run;
 * - a local time that occurs twice (fall back) runs once, at its first occurrence (the
 *   daylight-time one). Consequently a sub-hourly job pauses during the repeated hour.
 */

export const CRON_FIELD_NAMES = ["minute", "hour", "day-of-month", "month", "day-of-week"] as const;
export type CronFieldName = (typeof CRON_FIELD_NAMES)[number];

/** A bad expression, time zone or date; `field` says which. */
export class CronError extends Error {
  constructor(
    readonly field: CronFieldName | "expression" | "timeZone" | "after",
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "CronError";
  }
}

export interface CronSchedule {
  /** The five fields the schedule was parsed from (a macro is expanded). */
  fields: readonly [string, string, string, string, string];
  minutes: readonly number[];
  hours: readonly number[];
  daysOfMonth: readonly number[];
  months: readonly number[];
  /** 0 = Sunday … 6 = Saturday (7 is folded into 0). */
  daysOfWeek: readonly number[];
  /** Vixie's star flags: the field starts with `*` (see the day rule). */
  dayOfMonthStar: boolean;
  dayOfWeekStar: boolean;
}

const MONTH_ABBR = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_ABBR = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

interface FieldDef {
  name: CronFieldName;
  min: number;
  max: number;
  /** Names for min, min + 1, … */
  names?: readonly string[];
}

const FIELDS: readonly FieldDef[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTH_ABBR },
  { name: "day-of-week", min: 0, max: 7, names: DAY_ABBR },
];

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

// ------------------------------------------------------------------ parsing

function parseValue(def: FieldDef, token: string): number {
  let v: number;
  if (/^\d+$/.test(token)) v = Number(token);
  else {
    const k = def.names?.indexOf(token.toUpperCase()) ?? -1;
    if (k < 0) {
      const hint = def.names ? ` (a number or one of ${def.names.join(", ")})` : " (a number)";
      throw new CronError(def.name, `"${token}" is not a valid value${hint}`);
    }
    v = def.min + k;
  }
  if (v < def.min || v > def.max) throw new CronError(def.name, `${v} is out of range ${def.min}–${def.max}`);
  return v;
}

/** The sorted distinct values of one field. */
function parseField(def: FieldDef, text: string): number[] {
  const values = new Set<number>();
  for (const item of text.split(",")) {
    if (item === "") throw new CronError(def.name, `empty item in "${text}"`);
    const [range, stepText, extra] = item.split("/");
    if (extra !== undefined) throw new CronError(def.name, `"${item}" has more than one "/"`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) throw new CronError(def.name, `step "${stepText}" must be a positive integer`);
      step = Number(stepText);
    }
    let lo: number, hi: number;
    if (range === "*") [lo, hi] = [def.min, def.max];
    else {
      const [a, b, more] = range!.split("-");
      if (more !== undefined || a === "" || b === "") throw new CronError(def.name, `"${range}" is not a value or a range a-b`);
      lo = parseValue(def, a!);
      hi = b === undefined ? (stepText !== undefined ? def.max : lo) : parseValue(def, b);
      if (hi < lo) throw new CronError(def.name, `range ${range} runs backwards`);
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/** Days in a month of some year (February: 29, as in a leap year). */
const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses a cron expression; throws a CronError naming the field on bad input. */
export function parseCron(expression: string): CronSchedule {
  if (typeof expression !== "string") throw new CronError("expression", "must be a string");
  let text = expression.trim();
  if (text.startsWith("@")) {
    const expanded = MACROS[text.toLowerCase()];
    if (!expanded) throw new CronError("expression", `unknown macro "${text}" (use one of ${Object.keys(MACROS).join(", ")})`);
    text = expanded;
  }
  const parts = text.split(/\s+/).filter((p) => p !== "");
  if (parts.length !== 5) {
    throw new CronError("expression", `expected 5 fields (${CRON_FIELD_NAMES.join(" ")}) or a macro such as @daily, got ${parts.length}`);
  }
  const [minutes, hours, daysOfMonth, months, rawDaysOfWeek] = FIELDS.map((def, k) => parseField(def, parts[k]!));
  const daysOfWeek = [...new Set(rawDaysOfWeek!.map((d) => d % 7))].sort((a, b) => a - b);
  const dayOfMonthStar = parts[2]!.startsWith("*");
  const dayOfWeekStar = parts[4]!.startsWith("*");
  // With day-of-week unrestricted the day-of-month list alone decides: it must fit some month.
  if (dayOfWeekStar && !months!.some((m) => daysOfMonth!.some((d) => d <= MAX_DAYS[m - 1]!))) {
    throw new CronError("day-of-month", `day ${daysOfMonth!.join(", ")} never occurs in ${months!.map((m) => MONTH_NAMES[m - 1]).join(", ")}`);
  }
  return {
    fields: parts as unknown as CronSchedule["fields"],
    minutes: minutes!,
    hours: hours!,
    daysOfMonth: daysOfMonth!,
    months: months!,
    daysOfWeek,
    dayOfMonthStar,
    dayOfWeekStar,
  };
}

/** Whether a calendar day matches the month and the day rule. `dow`: 0 = Sunday. */
function dayMatches(s: CronSchedule, month: number, day: number, dow: number): boolean {
  if (!s.months.includes(month)) return false;
  const domMatch = s.daysOfMonth.includes(day);
  const dowMatch = s.daysOfWeek.includes(dow);
  return s.dayOfMonthStar || s.dayOfWeekStar ? domMatch && dowMatch : domMatch || dowMatch;
}

// ------------------------------------------------------------------ time zones

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
      });
    } catch {
      throw new CronError("timeZone", `"${timeZone}" is not a known IANA time zone (e.g. Europe/London, America/New_York, UTC)`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a CronError unless `timeZone` is a time zone the runtime knows. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(f: Intl.DateTimeFormat, t: number): WallClock {
  const w: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of f.formatToParts(t)) {
    if (p.type in w) w[p.type as keyof WallClock] = Number(p.value);
  }
  return w;
}

/** Local time minus UTC at instant t, in ms. */
function offsetAt(f: Intl.DateTimeFormat, t: number): number {
  const w = wallClock(f, t);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (t - (((t % 1000) + 1000) % 1000));
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * The instant of a local wall-clock minute: its first occurrence when it occurs twice, the end
 * of the gap when it does not exist. Assumes offset changes are more than a day apart.
 */
function localMinuteToInstant(f: Intl.DateTimeFormat, y: number, mo: number, d: number, h: number, mi: number): number {
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  const offBefore = offsetAt(f, naive - DAY), offAfter = offsetAt(f, naive + DAY);
  let best = Infinity;
  for (const o of offBefore === offAfter ? [offBefore] : [offBefore, offAfter]) {
    const t = naive - o;
    const w = wallClock(f, t);
    if (w.year === y && w.month === mo && w.day === d && w.hour === h && w.minute === mi && t < best) best = t;
  }
  if (best < Infinity) return best;
  // In the gap: the offset is still offBefore at naive − offAfter and already offAfter at
  // naive − offBefore; the transition between them is the first valid minute.
  let lo = naive - offAfter, hi = naive - offBefore;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(f, mid) === offBefore) lo = mid;
    else hi = mid;
  }
  return hi;
}

// ------------------------------------------------------------------ next run

/** Longest search: 8 years and a day cover a 29 February across a skipped leap year (2100). */
const MAX_SEARCH_DAYS = 8 * 366 + 1;

/**
 * The first run strictly after `after`, for the schedule read as wall-clock time in
 * `timeZone` (DST rules in the module comment).
 */
export function nextRun(expression: string | CronSchedule, timeZone: string, after: Date): Date {
  const s = typeof expression === "string" ? parseCron(expression) : expression;
  const f = formatter(timeZone);
  const t0 = after.getTime();
  if (!Number.isFinite(t0)) throw new CronError("after", "is not a valid date");
  const start = wallClock(f, t0);
  let day = Date.UTC(start.year, start.month - 1, start.day);
  for (let k = 0; k < MAX_SEARCH_DAYS; k++, day += DAY) {
    const date = new Date(day);
    const y = date.getUTCFullYear(), mo = date.getUTCMonth() + 1, d = date.getUTCDate();
    if (!dayMatches(s, mo, d, date.getUTCDay())) continue;
    for (const h of s.hours) {
      if (k === 0 && h < start.hour) continue;
      for (const mi of s.minutes) {
        // local times before `after`'s own minute ran already (first occurrences are monotone)
        if (k === 0 && h === start.hour && mi < start.minute) continue;
        const t = localMinuteToInstant(f, y, mo, d, h, mi);
        if (t > t0) return new Date(t);
      }
    }
  }
  throw new CronError("expression", `"${s.fields.join(" ")}" has no run in the ${MAX_SEARCH_DAYS} days after ${after.toISOString()}`);
}

/** The next `count` runs after `after` (each strictly after the previous one). */
export function nextRuns(expression: string | CronSchedule, timeZone: string, after: Date, count: number): Date[] {
  const s = typeof expression === "string" ? parseCron(expression) : expression;
  const runs: Date[] = [];
  let t = after;
  for (let k = 0; k < count; k++) runs.push((t = nextRun(s, timeZone, t)));
  return runs;
}

// ------------------------------------------------------------------ description

const pad2 = (n: number) => String(n).padStart(2, "0");
const hhmm = (h: number, m: number) => `${pad2(h)}:${pad2(m)}`;

/** "a", "a and b", "a, b and c". */
function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Values as a list with runs of three or more written as ranges: 1–5, 7 and 9. */
function listOf(values: readonly number[], label: (v: number) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${label(values[i]!)}–${label(values[j]!)}`);
    else for (let k = i; k <= j; k++) parts.push(label(values[k]!));
    i = j + 1;
  }
  return joinAnd(parts);
}

/** Whether `values` are 0, n, 2n, … through max for some n dividing max + 1 (`*\/n`). */
function everyN(values: readonly number[], max: number): number | null {
  if (values.length < 2 || values[0] !== 0) return null;
  const n = values[1]!;
  if ((max + 1) % n !== 0 || values.length !== (max + 1) / n) return null;
  return values.every((v, k) => v === k * n) ? n : null;
}

const plural = (values: readonly number[], word: string) => (values.length > 1 ? `${word}s` : word);

function describeTime(s: CronSchedule): string {
  const { minutes, hours } = s;
  const allMinutes = minutes.length === 60, allHours = hours.length === 24;
  if (allMinutes && allHours) return "every minute";
  const minuteStep = everyN(minutes, 59);
  if (minuteStep && allHours) return `every ${minuteStep} minutes`;
  if (minutes.length === 1) {
    const m = minutes[0]!;
    if (allHours) return `every hour at minute ${m}`;
    const hourStep = everyN(hours, 23);
    if (hourStep) return `every ${hourStep} hours at minute ${m}`;
    if (hours.length <= 4) return `at ${joinAnd(hours.map((h) => hhmm(h, m)))}`;
  }
  const hourList = `${plural(hours, "hour")} ${listOf(hours, pad2)}`;
  if (allMinutes) return `every minute during ${hourList}`;
  if (minuteStep) return `every ${minuteStep} minutes during ${hourList}`;
  const minutePart = `at ${plural(minutes, "minute")} ${listOf(minutes, String)}`;
  return allHours ? `${minutePart} of every hour` : `${minutePart} of ${hourList}`;
}

/**
 * A short English description: "daily at 02:00", "Sunday at 03:00", "Monday–Friday at 09:30",
 * "every 15 minutes", "at 00:00 on day 1 of the month", …
 */
export function describeCron(expression: string | CronSchedule): string {
  const s = typeof expression === "string" ? parseCron(expression) : expression;
  const time = describeTime(s);
  const allDom = s.daysOfMonth.length === 31, allDow = s.daysOfWeek.length === 7, allMonths = s.months.length === 12;
  const dows = listOf(s.daysOfWeek, (d) => DAY_NAMES[d]!);
  const doms = `${plural(s.daysOfMonth, "day")} ${listOf(s.daysOfMonth, String)} of the month`;
  let days = "";
  if (!allDom && !allDow) days = s.dayOfMonthStar || s.dayOfWeekStar ? `on ${doms} if it is a ${dows}` : `on ${doms} or on ${dows}`;
  else if (!allDom) days = `on ${doms}`;
  else if (!allDow) days = `on ${dows}`;
  const months = allMonths ? "" : `in ${listOf(s.months, (m) => MONTH_NAMES[m - 1]!)}`;
  const at = /^at \d\d:\d\d/.test(time); // clock times read "daily at 02:00", "Sunday at 03:00"
  if (at && days === "" && months === "") return `daily ${time}`;
  if (at && allDom && !allDow && months === "") return `${dows} ${time}`;
  return [time, days, months].filter((p) => p !== "").join(" ");
}
