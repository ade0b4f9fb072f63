import { checkUnitCode, creditCheckCharacter, organisationCheckCharacter } from './credit-code';

/** Codes as published: two government bodies' (机关, starting 11) and companies' (91, 92). */
const PUBLISHED = ['11140800558745220K', '11410182005291054B', '91310110666007217T', '91310115591693856A', '91350100M000100Y43', '91230184MA1BUFLT44', '92371000MA3MXH0E3W'];

describe('checkUnitCode', () => {
  it.each(PUBLISHED)('accepts the published credit code %s', (code) => {
    expect(checkUnitCode(code)).toEqual({ ok: true, code, kind: 'credit_code' });
  });

  it('reads a credit code typed in small letters or with spaces around it', () => {
    expect(checkUnitCode(' 11410182005291054b ')).toEqual({ ok: true, code: '11410182005291054B', kind: 'credit_code' });
  });

  it.each(['101', '101001', '123456789012345', '007'])('accepts the budget code %s', (code) => {
    expect(checkUnitCode(code)).toEqual({ ok: true, code, kind: 'budget_code' });
  });

  it.each([
    ['11410182005291054C', 18, 'B'],
    ['11140800558745220A', 18, 'K'],
    // An early pilot code that never met the standard.
    ['91350211M00013FA1N', 18, '3'],
  ])('refuses %s, whose check character should be %s: %s', (code, position, expected) => {
    expect(checkUnitCode(code)).toEqual({ ok: false, code, problem: 'check_failed', position, expected });
  });

  it('refuses a code whose 18th character fits but whose embedded organisation code does not', () => {
    // 9th-16th 00529105 call for a 17th of 4; with 7 there the 18th is recomputed so that only the 17th is wrong.
    const first17 = '11410182005291057';
    const code = first17 + creditCheckCharacter(first17);
    expect(checkUnitCode(code)).toEqual({ ok: false, code, problem: 'check_failed', position: 17, expected: '4' });
  });

  it.each([
    ['', 'empty'],
    ['12', 'two digits'],
    ['1234567890123456', 'sixteen digits'],
    ['A-101', 'not digits'],
    ['11410182005291054', 'seventeen characters'],
    ['1141018200529105I4', 'the letter I'],
    ['11410182005291O54B', 'the letter O'],
    ['114101S2005291054B', 'a letter in the region code'],
    ['XS-ZZB', 'a made-up code'],
  ])('refuses %j (%s) as neither kind of code', (code) => {
    expect(checkUnitCode(code)).toMatchObject({ ok: false, problem: 'invalid' });
  });
});

describe('the check characters', () => {
  it('maps 11 - (sum mod 11) to the organisation code’s check character, 10 as X and 11 as 0', () => {
    expect(organisationCheckCharacter('10000000')).toBe('8'); // 1·3 = 3
    expect(organisationCheckCharacter('D2143569')).toBe('X'); // D = 13; the sum leaves 1
    expect(organisationCheckCharacter('00000000')).toBe('0');
  });

  it('gives 0 as the credit check character when the weighted sum is a multiple of 31', () => {
    expect(creditCheckCharacter('00000000000000000')).toBe('0');
  });
});
