/** Check and bar times on chart axes and in tooltips (UTC, as the data are). */
export const shortTime = (d: Date | string | number) => new Date(d).toISOString().slice(5, 16).replace("T", " ");
export const day = (d: Date | string | number) => new Date(d).toISOString().slice(0, 10);
export const fixed = (v: number | null, digits = 3) => (v === null ? "—" : Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(digits));
export const percent = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

/** The tone of a drift or performance level (null: not evaluated). */
export const LEVEL_TONES = { ok: "good", warn: "neutral", alert: "bad" } as const;
