import { Decimal } from 'decimal.js';

/**
 * Decimal arithmetic for money and rates. Sums of amounts with at most six decimals are exact
 * far below 50 significant digits; only a quotient (a rate) can be rounded, at the 50th digit.
 * A clone, so that no other code's global Decimal settings change our results.
 */
export const Exact = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -60, toExpPos: 60 });
export type Exact = Decimal;

/** An amount in 万元 as people read it: at least two decimals, every significant digit kept. */
export function formatWanYuan(value: Decimal): string {
  return value.decimalPlaces() < 2 ? value.toFixed(2) : value.toFixed();
}

/** Exact decimal text without exponent notation. */
export function formatExact(value: Decimal): string {
  return value.toFixed();
}

export function sumOf(values: readonly Decimal[]): Decimal {
  return values.reduce<Decimal>((sum, value) => sum.plus(value), new Exact(0));
}
