/** The characters of a 统一社会信用代码 (GB 32100-2015), in the order of their values: no I, O, S, V, Z. */
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** The embedded 组织机构代码 (GB 11714-1997): eight characters, then its own check character. */
const ORGANISATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export type UnitCodeKind = 'credit_code' | 'budget_code';

export type UnitCodeCheck =
  | { ok: true; code: string; kind: UnitCodeKind }
  /** Neither an 18-character credit code nor a budget code of 3 to 15 digits. */
  | { ok: false; code: string; problem: 'invalid' }
  /** 18 characters of the right alphabet whose check character at `position` (1-based) should be `expected`. */
  | { ok: false; code: string; problem: 'check_failed'; position: 17 | 18; expected: string };

/** The 18th character a credit code's first 17 call for. */
export function creditCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += CREDIT_ALPHABET.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!;
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** The 9th character an organisation code's first 8 call for: digits and letters (A = 10 … Z = 35). */
export function organisationCheckCharacter(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += parseInt(first8[i]!, 36) * ORGANISATION_WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

const CREDIT_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const BUDGET_SHAPE = /^[0-9]{3,15}$/;

/**
 * A unit's code is either a 统一社会信用代码 (18 characters: its 3rd to 8th the registering
 * authority's region code in digits, its 18th a check character over the first 17, and its 17th
 * the embedded 组织机构代码's check character over the 9th to 16th) or a 预算单位编码 as bureaus
 * number their units: 3 to 15 digits. Spaces around it are dropped and letters read as capitals.
 */
export function checkUnitCode(raw: string): UnitCodeCheck {
  const code = raw.trim().toUpperCase();
  if (BUDGET_SHAPE.test(code)) return { ok: true, code, kind: 'budget_code' };
  if (!CREDIT_SHAPE.test(code)) return { ok: false, code, problem: 'invalid' };
  const credit = creditCheckCharacter(code.slice(0, 17));
  if (credit !== code[17]) return { ok: false, code, problem: 'check_failed', position: 18, expected: credit };
  const organisation = organisationCheckCharacter(code.slice(8, 16));
  if (organisation !== code[16]) return { ok: false, code, problem: 'check_failed', position: 17, expected: organisation };
  return { ok: true, code, kind: 'credit_code' };
}

/** What kind of code a stored, already checked code is. */
export function unitCodeKind(code: string): UnitCodeKind {
  return BUDGET_SHAPE.test(code) ? 'budget_code' : 'credit_code';
}
