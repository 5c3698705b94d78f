/** Formats a metric value by its unit; null (NaN/∞ in storage) shows as "—". */
export function formatMetric(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return "—";
  switch (unit) {
    case "fraction":
      return `${(value * 100).toFixed(2)}%`;
    case "currency":
      return value.toLocaleString(undefined, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
    case "count":
    case "bars":
      return value.toLocaleString();
    case "probability":
      return value.toFixed(4);
    default:
      return value.toFixed(4);
  }
}
