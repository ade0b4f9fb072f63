import { Decimal } from 'decimal.js';
import { POINT_DECIMALS } from './indicator-config';
import { show } from './decimal-text';

/**
 * Scores for the quantitative and qualitative indicators of key-project forms (重点项目绩效自评表).
 * Inputs are decimal strings (or Decimals); results are decimal strings rounded half-up to two
 * decimals, the precision a score is written with. Only the final score is rounded: a rate is never
 * rounded before it is scored.
 */
export type DecimalInput = string | Decimal;
export type TargetDirection = 'at_least' | 'at_most';
export type BandLevel = 'met' | 'partly' | 'not_met';

/** A calculator input that cannot be scored; carries a stable code like the checks' problems. */
export class TargetScoringError extends RangeError {
  constructor(
    readonly code: string,
    message: string,
    readonly figures: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'TargetScoringError';
  }
}

function toDecimal(value: DecimalInput, name: string): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value !== 'string' || !/^[+-]?\d+(\.\d+)?$/.test(value.trim())) {
    throw new TargetScoringError('TARGET.NOT_A_NUMBER', `${name}“${String(value)}”不是数字，请填写数字。`, { [name]: String(value) });
  }
  return new Decimal(value.trim());
}

function nonNegative(value: DecimalInput, name: string): Decimal {
  const d = toDecimal(value, name);
  if (d.isNegative() && !d.isZero()) {
    throw new TargetScoringError('TARGET.NEGATIVE', `${name}为${show(d)}，不能为负数。`, { [name]: show(d) });
  }
  return d;
}

const round = (d: Decimal): string => show(d.toDecimalPlaces(POINT_DECIMALS, Decimal.ROUND_HALF_UP));

/**
 * points × actual / target for "at least" targets, points × target / actual for "at most"
 * targets, capped at points. An "at most" target met with an actual of 0 earns full points.
 */
export function proportionalScore(points: DecimalInput, target: DecimalInput, actual: DecimalInput, direction: TargetDirection): string {
  const p = nonNegative(points, 'points');
  const t = nonNegative(target, 'target');
  const a = nonNegative(actual, 'actual');
  let ratio: Decimal;
  if (direction === 'at_least') {
    if (t.isZero()) {
      throw new TargetScoringError('TARGET.ZERO_TARGET', '“不低于”类指标的目标值为0，无法按比例计分，请改为定性指标或填写非零目标值。', { target: '0' });
    }
    ratio = a.dividedBy(t);
  } else {
    ratio = a.isZero() ? new Decimal(1) : t.dividedBy(a);
  }
  return round(Decimal.min(p, p.times(ratio)));
}

/** Lower bounds inclusive, as with grades: met 80–100%, partly 60–<80%, not met 0–<60%. */
export const BAND_FRACTIONS: Readonly<Record<BandLevel, { from: string; to: string; label: string }>> = {
  met: { from: '0.8', to: '1', label: '达成' },
  partly: { from: '0.6', to: '0.8', label: '部分达成' },
  not_met: { from: '0', to: '0.6', label: '未达成' },
};

/**
 * A qualitative indicator: points × fraction, where the fraction (0–1, e.g. "0.85") must lie in
 * the level's band.
 */
export function bandScore(points: DecimalInput, level: BandLevel, fraction: DecimalInput): string {
  const p = nonNegative(points, 'points');
  const f = nonNegative(fraction, 'fraction');
  const band = BAND_FRACTIONS[level];
  const from = new Decimal(band.from);
  const to = new Decimal(band.to);
  const inside = f.greaterThanOrEqualTo(from) && (level === 'met' ? f.lessThanOrEqualTo(to) : f.lessThan(to));
  if (!inside) {
    throw new TargetScoringError(
      'TARGET.FRACTION_OUTSIDE_BAND',
      `“${band.label}”的得分比例应在${from.times(100).toFixed()}%至${to.times(100).toFixed()}%之间${level === 'met' ? '' : '（不含上限）'}，填写的是${f.times(100).toFixed()}%。`,
      { fraction: show(f), from: band.from, to: band.to },
    );
  }
  return round(p.times(f));
}

export const EXECUTION_RATE_POINTS = '10';

/**
 * 预算执行率 = spent / adjusted budget, kept exact (never rounded before scoring). The rate is a
 * fraction: 0.9537 means 95.37%.
 */
export function executionRate(spent: DecimalInput, adjustedBudget: DecimalInput): Decimal {
  const s = nonNegative(spent, 'spent');
  const b = nonNegative(adjustedBudget, 'adjustedBudget');
  if (b.isZero()) {
    throw new TargetScoringError('TARGET.ZERO_BUDGET', '调整后预算为0，无法计算预算执行率。', { adjustedBudget: '0' });
  }
  return s.dividedBy(b);
}

/**
 * rate × points, at most points (10 unless the rule pack gives the execution part another
 * weight). `rate` is a FRACTION (0.9537 for 95.37%), not a percentage.
 */
export function executionRateScore(rate: DecimalInput, points: DecimalInput = EXECUTION_RATE_POINTS): string {
  return executionRateScoreOf(points, rate);
}

/** rate × points, at most points: the execution-rate leaf of a tree that weighs it other than 10. */
export function executionRateScoreOf(points: DecimalInput, rate: DecimalInput): string {
  const r = nonNegative(rate, 'rate');
  const p = nonNegative(points, 'points');
  return round(Decimal.min(p, r.times(p)));
}
