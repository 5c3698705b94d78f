/**
 * Numeric text as market files write it: plain decimal or exponent notation (`1e3`, `-0.5`,
 * `.5`). `NaN`, `inf`, `-Infinity` (any case) parse to NaN/±Infinity, so validation can call
 * them non-finite rather than unreadable; hex/octal/binary literals and `1_000` do not parse.
 */

export const PARSED = 0;
export const MISSING = 1;
export const UNPARSEABLE = 2;
export type ParseStatus = typeof PARSED | typeof MISSING | typeof UNPARSEABLE;

const NON_FINITE_TEXT = /^[+-]?(nan|inf|infinity)$/i;
const NOT_DECIMAL = /[xXoObB_]/;

/** Parse `s` into out[k]; returns PARSED, MISSING (blank) or UNPARSEABLE (out[k] = NaN then). */
export function parseNumberInto(s: string, out: Float64Array, k: number): ParseStatus {
  let x = Number(s);
  // Number() accepts "", " ", "0x10", "0b1", "0o7" and rejects "inf"; sort those out slowly.
  if (Number.isNaN(x) || x === 0 || NOT_DECIMAL.test(s)) {
    const t = s.trim();
    if (t.length === 0) {
      out[k] = NaN;
      return MISSING;
    }
    if (NON_FINITE_TEXT.test(t)) {
      x = t.toLowerCase().endsWith("nan") ? NaN : t.startsWith("-") ? -Infinity : Infinity;
    } else if (Number.isNaN(x) || NOT_DECIMAL.test(t)) {
      out[k] = NaN;
      return UNPARSEABLE;
    }
  }
  out[k] = x;
  return PARSED;
}
