/**
 * Calendar features from the `time` column (epoch milliseconds, UTC), computed with integer
 * arithmetic (no Date objects in the loop). NaN time gives NaN. Uses bar t only.
 */

const DAY_MS = 86_400_000;

/** Day of the week of one timestamp in UTC, Monday = 0 … Sunday = 6 (NaN for NaN). Uses bar t only. */
export function utcDayOfWeek(t: number): number {
  const days = Math.floor(t / DAY_MS); // 1970-01-01 was a Thursday (3)
  return (((days + 3) % 7) + 7) % 7;
}

/** Day of the week in UTC, pandas convention: Monday = 0 … Sunday = 6; no warm-up, NaN time → NaN. Uses bar t only. */
export function dayOfWeek(time: Float64Array, out: Float64Array = new Float64Array(time.length)): Float64Array {
  const n = time.length;
  for (let i = 0; i < n; i++) out[i] = utcDayOfWeek(time[i]!);
  return out;
}

export function dayOfWeekReference(time: ArrayLike<number>): number[] {
  return Array.from(time, (t) => (Number.isNaN(t) ? NaN : (new Date(t).getUTCDay() + 6) % 7));
}

/**
 * Month (1–12) or day of month (1–31) of one timestamp in UTC via the days-to-civil algorithm
 * (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"); NaN for NaN.
 */
function civilPart(t: number, wantMonth: boolean): number {
  if (t !== t) return NaN;
  const z = Math.floor(t / DAY_MS) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return wantMonth ? (mp < 10 ? mp + 3 : mp - 9) : doy - Math.floor((153 * mp + 2) / 5) + 1;
}

/** Month of one timestamp in UTC, 1–12. Uses bar t only. */
export const utcMonth = (t: number): number => civilPart(t, true);
/** Day of the month of one timestamp in UTC, 1–31. Uses bar t only. */
export const utcDayOfMonth = (t: number): number => civilPart(t, false);

/** Month of the year in UTC, 1 = January … 12 = December; no warm-up, NaN time → NaN. Uses bar t only. */
export function month(time: Float64Array, out: Float64Array = new Float64Array(time.length)): Float64Array {
  const n = time.length;
  for (let i = 0; i < n; i++) out[i] = civilPart(time[i]!, true);
  return out;
}

export function monthReference(time: ArrayLike<number>): number[] {
  return Array.from(time, (t) => (Number.isNaN(t) ? NaN : new Date(t).getUTCMonth() + 1));
}

/** Day of the month in UTC, 1–31; no warm-up, NaN time → NaN. Uses bar t only. */
export function dayOfMonth(time: Float64Array, out: Float64Array = new Float64Array(time.length)): Float64Array {
  const n = time.length;
  for (let i = 0; i < n; i++) out[i] = civilPart(time[i]!, false);
  return out;
}

export function dayOfMonthReference(time: ArrayLike<number>): number[] {
  return Array.from(time, (t) => (Number.isNaN(t) ? NaN : new Date(t).getUTCDate()));
}
