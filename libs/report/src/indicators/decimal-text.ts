import { Decimal } from 'decimal.js';
import { readNumberText } from '../number-text';

/** What a person typed where a number belongs, read strictly: no floats, no units, no words. */
export type DecimalText =
  | { kind: 'blank' }
  | { kind: 'number'; value: Decimal; text: string }
  | { kind: 'negative'; value: Decimal; text: string }
  | { kind: 'too_many_decimals'; value: Decimal; text: string; decimals: number }
  | { kind: 'not_a_number'; text: string };

/**
 * Reads a decimal from text or a JSON number, by the library's one rule (`readNumberText`: a
 * leading "+" dropped, full-width digits, separators only in groups of three). A JSON number is
 * read through its shortest decimal form (4.5 stays 4.5), so no binary float reaches a sum.
 */
export function readDecimal(raw: unknown, maxDecimals: number): DecimalText {
  if (typeof raw !== 'string') return readDecimalOnce(raw, maxDecimals);
  // The checks and the snapshot read each score and maximum several times per report: a text is
  // read once, and its (immutable) reading shared.
  const key = `${maxDecimals}:${raw}`;
  const known = readings.get(key);
  if (known !== undefined) return known;
  const read = Object.freeze(readDecimalOnce(raw, maxDecimals));
  if (readings.size >= READINGS_KEPT) readings.clear();
  readings.set(key, read);
  return read;
}

/** How many texts' readings a process keeps: a few reports' figures; all dropped at once when full. */
const READINGS_KEPT = 5000;
const readings = new Map<string, DecimalText>();

function readDecimalOnce(raw: unknown, maxDecimals: number): DecimalText {
  if (raw === null || raw === undefined) return { kind: 'blank' };
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { kind: 'not_a_number', text: String(raw) };
    raw = new Decimal(raw).toFixed();
  }
  if (typeof raw !== 'string') return { kind: 'not_a_number', text: JSON.stringify(raw) ?? String(raw) };
  const read = readNumberText(raw);
  switch (read.kind) {
    case 'blank':
    case 'not_a_number':
      return read;
    case 'negative':
      return { kind: 'negative', value: new Decimal(read.digits).negated(), text: `-${read.digits}` };
    case 'number': {
      const value = new Decimal(read.digits);
      if (read.decimals > maxDecimals) return { kind: 'too_many_decimals', value, text: read.digits, decimals: read.decimals };
      return { kind: 'number', value, text: read.digits };
    }
  }
}

/** Exact decimal as people write it: no exponent, no trailing zeros. */
export function show(value: Decimal): string {
  return value.toFixed();
}
