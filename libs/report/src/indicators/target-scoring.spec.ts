import { Decimal } from 'decimal.js';
import { TargetScoringError, bandScore, executionRate, executionRateScore, proportionalScore } from './target-scoring';

function scoringError(run: () => unknown): TargetScoringError {
  try {
    run();
  } catch (error) {
    if (error instanceof TargetScoringError) return error;
    throw error;
  }
  throw new Error('expected a TargetScoringError');
}

describe('proportionalScore', () => {
  it('scores an "at least" target by actual / target', () => {
    expect(proportionalScore('10', '200', '150', 'at_least')).toBe('7.5');
  });

  it('caps an exceeded "at least" target at full points', () => {
    expect(proportionalScore('10', '200', '290', 'at_least')).toBe('10');
  });

  it('scores an "at most" target by target / actual, capped', () => {
    expect(proportionalScore('5', '30', '40', 'at_most')).toBe('3.75');
    expect(proportionalScore('5', '30', '20', 'at_most')).toBe('5');
    expect(proportionalScore('5', '30', '0', 'at_most')).toBe('5');
  });

  it('rounds only the final score, half up to two decimals', () => {
    // 10 × 2/3 = 6.666…; 8 × 1/8.0001 style ratios never pass through a float
    expect(proportionalScore('10', '3', '2', 'at_least')).toBe('6.67');
    expect(proportionalScore('7', '0.3', '0.1', 'at_least')).toBe('2.33');
  });

  it('refuses a zero "at least" target and negative or text inputs', () => {
    expect(scoringError(() => proportionalScore('10', '0', '5', 'at_least')).code).toBe('TARGET.ZERO_TARGET');
    expect(scoringError(() => proportionalScore('10', '100', '-5', 'at_least'))).toMatchObject({ code: 'TARGET.NEGATIVE', figures: { actual: '-5' } });
    expect(scoringError(() => proportionalScore('10', '100', '完成', 'at_least'))).toMatchObject({ code: 'TARGET.NOT_A_NUMBER', figures: { actual: '完成' } });
  });
});

describe('bandScore', () => {
  it('scores met, partly met and not met within their bands', () => {
    expect(bandScore('10', 'met', '1')).toBe('10');
    expect(bandScore('10', 'met', '0.8')).toBe('8');
    expect(bandScore('6', 'partly', '0.75')).toBe('4.5');
    expect(bandScore('6', 'not_met', '0')).toBe('0');
    expect(bandScore('3', 'not_met', '0.333')).toBe('1');
  });

  it('refuses a fraction outside the level’s band (lower bounds inclusive)', () => {
    expect(scoringError(() => bandScore('10', 'partly', '0.8'))).toMatchObject({
      code: 'TARGET.FRACTION_OUTSIDE_BAND',
      figures: { fraction: '0.8', from: '0.6', to: '0.8' },
    });
    expect(scoringError(() => bandScore('10', 'met', '0.79')).code).toBe('TARGET.FRACTION_OUTSIDE_BAND');
    expect(scoringError(() => bandScore('10', 'not_met', '0.6')).code).toBe('TARGET.FRACTION_OUTSIDE_BAND');
    expect(scoringError(() => bandScore('10', 'met', '1.01')).code).toBe('TARGET.FRACTION_OUTSIDE_BAND');
  });
});

describe('executionRateScore', () => {
  it('scores the rate as a fraction × 10', () => {
    expect(executionRateScore('0.9537')).toBe('9.54');
    expect(executionRateScore('0')).toBe('0');
  });

  it('caps at 10 when more than the adjusted budget was spent', () => {
    expect(executionRateScore('1.0059')).toBe('10');
  });

  it('scores the exact rate, not a rate printed rounded', () => {
    // 939.99 / 990 = 0.94948…: printed as 95%, it would wrongly score 9.5.
    const close = executionRate('939.99', '990.00');
    expect(close.toDecimalPlaces(2).toFixed()).toBe('0.95');
    expect(executionRateScore(close)).toBe('9.49');
  });

  it('refuses a zero budget and a negative rate', () => {
    expect(scoringError(() => executionRate('10', '0')).code).toBe('TARGET.ZERO_BUDGET');
    expect(scoringError(() => executionRateScore(new Decimal('-0.1').toFixed())).code).toBe('TARGET.NEGATIVE');
  });
});
