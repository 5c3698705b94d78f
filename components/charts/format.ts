/** An axis or tooltip number in at most 4 significant digits; exponent form outside [1e-3, 1e4). */
export const compactNumber = (v: number) => (v === 0 ? "0" : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(2) : Number(v.toPrecision(4)).toString());
