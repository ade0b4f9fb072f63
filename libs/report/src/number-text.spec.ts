import { readNumberText } from './number-text';
import { readDecimal } from './indicators/decimal-text';
import { parseAmount } from './data-table/data-table';

describe('readNumberText, the one rule for typed figures', () => {
  it.each([
    ['2602.28', '2602.28', 2],
    ['+2602.28', '2602.28', 2],
    ['＋９', '9', 0],
    ['２，６０２．２８', '2602.28', 2],
    ['1,200', '1200', 0],
    ['1,234,567.5', '1234567.5', 1],
    ['  86 ', '86', 0],
    ['-0', '0', 0],
  ])('reads %s as %s', (text, digits, decimals) => {
    expect(readNumberText(text)).toEqual({ kind: 'number', digits, decimals });
  });

  it.each(['12,00', '1,2345', '1.2.3', '9分', '1e3', '完成', '1 200', '++9', '.5'])('refuses %s', (text) => {
    expect(readNumberText(text).kind).toBe('not_a_number');
  });

  it('reads a minus sign as negative, whatever its width', () => {
    for (const text of ['-3', '−3', '－3', '- 3']) expect(readNumberText(text)).toEqual({ kind: 'negative', digits: '3', decimals: 0 });
  });

  it('gives the same answer for a score and for an amount', () => {
    expect(readDecimal('+9', 2)).toMatchObject({ kind: 'number', text: '9' });
    expect(parseAmount('+2602.28')).toMatchObject({ ok: true, amount: { value: '2602.28' } });
    expect(readDecimal('1,200.5', 2)).toMatchObject({ kind: 'number', text: '1200.5' });
    expect(readDecimal('12,00', 2).kind).toBe('not_a_number');
    expect(parseAmount('12,00')).toMatchObject({ ok: false, errors: [{ code: 'DATA_TABLE.NOT_A_NUMBER' }] });
  });
});
