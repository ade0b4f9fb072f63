import { Decimal } from 'decimal.js';

/** What a person typed where a number belongs, read strictly: no floats, no units, no words. */
export type DecimalText =
  | { kind: 'blank' }
  | { kind: 'number'; value: Decimal; text: string }
  | { kind: 'negative'; value: Decimal; text: string }
  | { kind: 'too_many_decimals'; value: Decimal; text: string; decimals: number }
  | { kind: 'not_a_number'; text: string };

const FULL_WIDTH = /[０-９．－＋]/g;
/** A minus is read (to say that a score cannot be negative); a plus is refused, as amounts refuse it. */
const PLAIN_NUMBER = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Full-width digits come from Chinese input methods; they are the same number, so accept them. */
function toHalfWidth(text: string): string {
  return text.replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/**
 * Reads a decimal from text or a JSON number. A JSON number is read through its shortest decimal
 * form (4.5 stays 4.5), so no binary float reaches a sum.
 */
export function readDecimal(raw: unknown, maxDecimals: number): DecimalText {
  if (raw === null || raw === undefined) return { kind: 'blank' };
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { kind: 'not_a_number', text: String(raw) };
    raw = new Decimal(raw).toFixed();
  }
  if (typeof raw !== 'string') return { kind: 'not_a_number', text: JSON.stringify(raw) ?? String(raw) };
  const text = toHalfWidth(raw.trim());
  if (text === '') return { kind: 'blank' };
  const match = PLAIN_NUMBER.exec(text);
  if (!match) return { kind: 'not_a_number', text: raw.trim() };
  const value = new Decimal(text);
  const decimals = match[3]?.length ?? 0;
  if (match[1] === '-' && !value.isZero()) return { kind: 'negative', value, text };
  if (decimals > maxDecimals) return { kind: 'too_many_decimals', value, text, decimals };
  return { kind: 'number', value: value.abs(), text };
}

/** Exact decimal as people write it: no exponent, no trailing zeros. */
export function show(value: Decimal): string {
  return value.toFixed();
}
