import { readDecimal } from './decimal-text';

describe('reading a decimal typed as text', () => {
  it('reads a text the same every time, the reading shared and frozen', () => {
    const first = readDecimal('８７.５', 2);
    expect(first).toEqual({ kind: 'number', value: expect.anything(), text: '87.5' });
    expect(readDecimal('８７.５', 2)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('reads the same text apart for different numbers of decimals allowed', () => {
    expect(readDecimal('1.234', 2)).toMatchObject({ kind: 'too_many_decimals', decimals: 3 });
    expect(readDecimal('1.234', 6)).toMatchObject({ kind: 'number', text: '1.234' });
  });

  it('reads blanks, words, negatives and JSON numbers as before', () => {
    expect(readDecimal(' ', 2)).toEqual({ kind: 'blank' });
    expect(readDecimal(null, 2)).toEqual({ kind: 'blank' });
    expect(readDecimal('九十', 2)).toEqual({ kind: 'not_a_number', text: '九十' });
    expect(readDecimal('-3', 2)).toMatchObject({ kind: 'negative', text: '-3' });
    expect(readDecimal(4.5, 2)).toMatchObject({ kind: 'number', text: '4.5' });
  });
});
