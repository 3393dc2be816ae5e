/**
 * Numbers in the exports: at most `decimals` decimals, trailing zeros dropped, never exponent
 * notation, never "-0", and never NaN or Infinity (a non-finite number is a bug upstream and
 * throws rather than reaching a public document).
 */
export function decimal(x: number, decimals: number): string {
  if (!Number.isFinite(x)) throw new Error(`a finite number, got ${x}`);
  // toFixed writes plain decimals below 1e21; every exported quantity is far below that.
  const fixed = x.toFixed(decimals);
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

/** Degrees of latitude or longitude: 6 decimals, 0.11 m at most on the ground. */
export function degrees(x: number): string {
  return decimal(x, 6);
}

/** A distance given in metres, written in kilometres to the metre above (areas never shrink). */
export function kilometresCeil(metres: number): string {
  if (!Number.isFinite(metres)) throw new Error(`a finite distance, got ${metres}`);
  return decimal(Math.ceil(metres) / 1000, 3);
}

/** A distance given in metres, written in kilometres to the metre nearest. */
export function kilometres(metres: number): string {
  if (!Number.isFinite(metres)) throw new Error(`a finite distance, got ${metres}`);
  return decimal(Math.round(metres) / 1000, 3);
}
