/**
 * The one reader of typed figures for the whole report library: amounts and rates of the data
 * table, points and scores of the indicator sheet, every figure of a project form.
 *
 * The rule, the same everywhere:
 * - Full-width digits, point, comma and signs (０-９ ． ， － ＋) are read as their half-width
 *   forms: Chinese input methods type them and they are the same number.
 * - Thousands separators are accepted only in correct groups of three before the point
 *   ("1,200", "2,686.28"); "12,00" or "1,2345" is not a number, since a misplaced comma is as
 *   likely a decimal point typed wrong as a separator.
 * - A leading "+" is accepted and dropped: it does not change the figure, and refusing "+9" or
 *   "+2602.28" would only make a person retype the same value. (Scores accepted it before and
 *   amounts did not; amounts now accept it too.)
 * - A leading "-" (or "−", "－") gives `negative` for a figure other than zero; each caller says
 *   in its own words that its figure cannot be negative. "-0" is zero.
 * - Nothing else: no exponent, no units, no words, no spaces inside the digits.
 * The caller decides how many decimals it allows and what unit or percent sign it strips first.
 */
export type NumberText =
  | { kind: 'blank' }
  /** `digits`: plain half-width decimal digits without sign or separators, e.g. "2686.28". */
  | { kind: 'number'; digits: string; decimals: number }
  | { kind: 'negative'; digits: string; decimals: number }
  | { kind: 'not_a_number'; text: string };

const FULL_WIDTH = /[０-９．，－＋]/g;
const SIGNED_NUMBER = /^([+\-−]?)\s*((?:\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?)$/;

/** Full-width digits, point, comma and signs as half-width characters. */
export function toHalfWidthDigits(text: string): string {
  return text.replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** Full-width digits only: for prose, whose full-width commas and signs are punctuation and stay. */
export function toHalfWidthDigitsInText(text: string): string {
  return text.replace(/[０-９]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** Reads one typed figure (a unit or percent sign already removed by the caller). */
export function readNumberText(raw: string): NumberText {
  const text = toHalfWidthDigits(raw).trim();
  if (text === '') return { kind: 'blank' };
  const match = SIGNED_NUMBER.exec(text);
  if (!match) return { kind: 'not_a_number', text: raw.trim() };
  const digits = match[2].replace(/,/g, '');
  const decimals = match[3]?.length ?? 0;
  const zero = /^[0.]+$/.test(digits);
  if ((match[1] === '-' || match[1] === '−') && !zero) return { kind: 'negative', digits, decimals };
  return { kind: 'number', digits, decimals };
}
