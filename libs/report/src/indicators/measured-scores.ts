import { Decimal } from 'decimal.js';
import type { Problem } from '../problem';
import type { IndicatorLeaf } from './indicator-config';
import { show } from './decimal-text';
import { executionRateScoreOf, proportionalScore, TargetScoringError } from './target-scoring';

/** What the report's other tables say that a leaf's score must follow. */
export interface ScoreFacts {
  /** 预算执行率 as an exact FRACTION (spent / adjusted budget), from the basic data table. */
  executionRate?: Decimal;
}

/** Shown as a percentage with up to four decimals, the rate being exact. */
function percent(rate: Decimal): string {
  return show(rate.times(100).toDecimalPlaces(4, Decimal.ROUND_HALF_UP));
}

/**
 * A scored leaf whose measure fixes the score by rule: an execution-rate leaf scores exactly
 * rate × maximum; a quantitative leaf with its actual value scores at most its proportional score.
 * Both are work in progress for the compiler to correct, never a refusal of the input.
 */
export function checkMeasuredScore(leaf: IndicatorLeaf, score: Decimal, actual: string | undefined, facts: ScoreFacts): Problem[] {
  const label = `${leaf.code} ${leaf.name}`;
  const path = `indicators.${leaf.code}.score`;
  const maximum = show(leaf.maximum);
  const measure = leaf.measure;
  if (measure.kind === 'execution_rate' && facts.executionRate !== undefined) {
    const expected = new Decimal(executionRateScoreOf(leaf.maximum, facts.executionRate));
    if (score.equals(expected)) return [];
    const rate = percent(facts.executionRate);
    return [
      {
        severity: 'error',
        code: 'INDICATORS.EXECUTION_SCORE_MISMATCH',
        message: `指标“${label}”得${show(score)}分，但基础数据表的预算执行率为${rate}%，按“执行率 × 满分${maximum}分、最高${maximum}分”计分应得${show(expected)}分（相差${show(score.minus(expected))}分）：请按执行率计分，或核对数据表的调整预算数和实际支出。`,
        path,
        figures: { score: show(score), rate, maximum, expected: show(expected), difference: show(score.minus(expected)) },
      },
    ];
  }
  if (measure.kind === 'quantitative' && actual !== undefined) {
    let ceiling: string;
    try {
      ceiling = proportionalScore(leaf.maximum, measure.target, actual, measure.direction);
    } catch (error) {
      if (error instanceof TargetScoringError) return [];
      throw error;
    }
    if (score.lessThanOrEqualTo(ceiling)) return [];
    const unit = measure.unit ?? '';
    const rule = measure.direction === 'at_least' ? '实际完成值 ÷ 目标值 × 满分' : '目标值 ÷ 实际完成值 × 满分';
    return [
      {
        severity: 'error',
        code: 'INDICATORS.SCORE_ABOVE_RULE',
        message: `指标“${label}”得${show(score)}分，但目标值${measure.target}${unit}、实际完成值${actual}${unit}，按“${rule}”最多得${ceiling}分（多${show(score.minus(ceiling))}分）：请按完成程度计分。`,
        path,
        figures: { score: show(score), target: measure.target, actual, maximum, ceiling, excess: show(score.minus(ceiling)) },
      },
    ];
  }
  return [];
}
