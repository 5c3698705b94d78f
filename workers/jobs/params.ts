/** Nested input as flat tracking params: `{ costs: { feeBps: 5 } }` → `{ "costs.feeBps": 5 }`
 * (arrays by index; null and undefined left out). */
export function flattenParams(value: unknown, prefix = "", out: Record<string, string | number | boolean> = {}) {
  if (value === null || value === undefined) return out;
  if (typeof value === "object") {
    for (const [k, v] of Object.entries(value)) flattenParams(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    out[prefix] = value;
  } else {
    out[prefix] = String(value);
  }
  return out;
}
