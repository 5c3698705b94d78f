/**
 * Timestamp parsing for imported market data. Everything becomes epoch milliseconds (UTC),
 * the unit of `OhlcvColumns.time`.
 *
 * Text forms accepted by `parseTimestamp`:
 * - ISO dates `YYYY-MM-DD` → that day at 00:00 UTC;
 * - ISO date-times `YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]][Z|±HH[:]MM]`; without a zone the
 *   time is read as UTC (market files rarely carry zones, and a local-time reading would make
 *   the result depend on the server's TZ);
 * - plain numbers, read as epoch values by magnitude (`epochToMs`).
 * Anything else (e.g. `03/15/2020`) is NaN, which the importer reports as unparseable.
 */

/** Below this |value| an epoch number is seconds: 1e11 s is the year 5138, 1e11 ms is 1973-03-03. */
export const EPOCH_SECONDS_BELOW = 1e11;
/** Below this |value| (and ≥ 1e11) it is milliseconds (1e14 ms is the year 5138). */
export const EPOCH_MILLIS_BELOW = 1e14;
/** Below this |value| (and ≥ 1e14) it is microseconds; at or above it, nanoseconds. */
export const EPOCH_MICROS_BELOW = 1e17;

/**
 * Epoch number → epoch ms, the unit detected by magnitude: |v| < 1e11 seconds, < 1e14
 * milliseconds, < 1e17 microseconds, else nanoseconds. Consequence: epoch-millisecond values
 * before 1973-03-03 (and second values after 5138) would be misread; use ISO text for those.
 */
export function epochToMs(v: number): number {
  if (!Number.isFinite(v)) return NaN;
  const a = Math.abs(v);
  if (a < EPOCH_SECONDS_BELOW) return v * 1000;
  if (a < EPOCH_MILLIS_BELOW) return v;
  if (a < EPOCH_MICROS_BELOW) return v / 1000;
  return v / 1e6;
}

/** As `epochToMs` for a bigint (exact division before the conversion to a float). */
export function epochBigIntToMs(v: bigint): number {
  const a = v < 0n ? -v : v;
  if (a < 100_000_000_000n) return Number(v) * 1000;
  if (a < 100_000_000_000_000n) return Number(v);
  if (a < 100_000_000_000_000_000n) return Number(v / 1000n) + Number(v % 1000n) / 1000;
  return Number(v / 1_000_000n) + Number(v % 1_000_000n) / 1e6;
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Text → epoch ms (UTC), or NaN when the text is not a timestamp. See the module comment. */
export function parseTimestamp(text: string): number {
  const s = text.trim();
  if (s.length === 0) return NaN;
  const c = s.charCodeAt(0);
  // A leading digit with a dash at index 4 is a date; other digit strings are epoch numbers.
  if (!(s.length >= 10 && s.charCodeAt(4) === 45 /* - */) && (c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57))) {
    return NUMERIC.test(s) ? epochToMs(Number(s)) : NaN;
  }
  const m = ISO.exec(s);
  if (!m) return NaN;
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!;
  const h = m[4] ? +m[4] : 0, mi = m[5] ? +m[5] : 0, se = m[6] ? +m[6] : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || se > 60) return NaN;
  let ms = Date.UTC(y, mo - 1, d, h, mi, se);
  if (y < 100) ms = new Date(ms).setUTCFullYear(y);
  if (m[7]) ms += Number(`0.${m[7]}`) * 1000;
  const z = m[8];
  if (z && z !== "Z" && z !== "z") {
    const sign = z[0] === "-" ? -1 : 1;
    const digits = z.slice(1).replace(":", "");
    const offMin = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2, 4)) : 0);
    ms -= sign * offMin * 60_000;
  }
  return ms;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}
