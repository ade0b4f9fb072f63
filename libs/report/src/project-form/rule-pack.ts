import type { GradeBand } from '../indicators/indicator-config';
import type { Problem } from '../problem';

/**
 * The rules a campaign scores project self-evaluation forms (项目支出绩效自评表) by, as data: the
 * national template of 财预〔2020〕10号 by default, a province's variant where the issuing bureau
 * follows one. Every figure is a decimal string; fractions are written as fractions (0.9, not 90).
 */
export interface RulePack {
  /** Stable id, e.g. `national-2020`; a campaign refers to a shipped pack by it. */
  id: string;
  /** For people: 全国通用（财预〔2020〕10号）. */
  name: string;
  /** Points of the four parts; they add up to 100. */
  weights: { output: string; effect: string; satisfaction: string; execution: string };
  /** Listed from the highest grade down; lower bound inclusive (90 is 优), the top band includes its `to`. */
  bands: readonly GradeBand[];
  /** 执行率 below this fraction needs the funding reason (national: 0.9). */
  executionReasonBelow: string;
  /** An indicator off its target by more than this fraction either way needs 偏差原因分析及改进措施. */
  deviationThreshold: string;
  /**
   * Caps on the form's total by execution rate, listed from the highest `rateBelow` (a fraction)
   * down, each lower one stricter: of the caps whose `rateBelow` is above the rate, the last (the
   * strictest) applies, so 55% meets "below 60%: at most 69". Empty: no cap.
   */
  totalCaps: ReadonlyArray<{ rateBelow: string; maxTotal: string }>;
  /**
   * A quantitative actual above its target by at least `overshootFrom` (a fraction, 0.3 for 30%) on an
   * "at least" indicator loses `deduction` (a fraction of the indicator's points): a target set too low.
   * Null: no such deduction.
   */
  overshootDeduction: { overshootFrom: string; deduction: string } | null;
  /** The labels the form prints; provinces rename columns. */
  columns: {
    /** 全年预算数 nationally, 调整后预算数 in several provinces: column A. */
    budget: string;
    /** 全年执行数: column B. */
    spent: string;
  };
  /** Extra indicator columns some provinces print and require. */
  indicatorColumns: { nature: boolean; unit: boolean };
  /** Where the funding reason column exists (the national template has none; the reason then goes in the deviation text). */
  fundingReasonColumn: boolean;
}

export interface RulePackValidation {
  ok: boolean;
  /** Every problem at once, each with a path into the pack (`weights.output`, `bands.1.from`, ...). */
  problems: Problem[];
}
