import { Decimal } from 'decimal.js';
import type { Problem, TableCheck } from '../problem';
import {
  POINT_DECIMALS,
  gradeFor,
  indicatorLeaves,
  indicatorMaxima,
  type IndicatorConfig,
  type IndicatorLeaf,
} from './indicator-config';
import { readDecimal, show } from './decimal-text';
import { checkMeasuredScore, type ScoreFacts } from './measured-scores';

/** The compiler's entry for one leaf. `score` is a decimal string with at most two decimals, or null while blank. */
export interface IndicatorScore {
  code: string;
  score: string | null;
  /** Why points were deducted; required when score < maximum. */
  justification?: string;
  /** A quantitative leaf's actual value (实际完成值), a decimal string in the target's unit. */
  actual?: string;
}

/** An actual value may be finer than a score: 98.765% or 1.2345 万册. */
export const ACTUAL_DECIMALS = 6;

export type IndicatorScoreSheet = readonly IndicatorScore[];

export interface ParsedScores {
  scores: IndicatorScore[];
  /** Field errors: when any is present the input is refused and nothing is written. */
  problems: Problem[];
}

export interface IndicatorResult {
  /** Exact sum of the entered scores (blank counts as nothing). */
  total: string;
  /** From the campaign's bands; null until every leaf is scored. */
  grade: string | null;
  complete: boolean;
  /** Every node's sum of scores, parents included, for the rendered table. */
  subtotals: Record<string, string>;
  /** Every node's maximum. */
  maxima: Record<string, string>;
}

/** What a report states by hand (the published reports type both); checked, never trusted. */
export interface StatedResult {
  total?: string | number | null;
  grade?: string | null;
}

const scorePath = (code: string) => `indicators.${code}.score`;

/**
 * Reads the score sheet as it arrives from a form: an array of `{ code, score, justification }`.
 * Scores may be decimal strings or JSON numbers; blank is allowed (it is caught by `checkScores`).
 */
export function parseScores(raw: unknown): ParsedScores {
  const problems: Problem[] = [];
  const scores: IndicatorScore[] = [];
  if (!Array.isArray(raw)) {
    return {
      scores,
      problems: [
        {
          severity: 'error',
          code: 'INDICATORS.NOT_A_LIST',
          message: '指标评分应为一组“指标编码、得分、扣分理由”的记录。',
          path: 'indicators',
        },
      ],
    };
  }
  const seen = new Set<string>();
  raw.forEach((item: unknown, index) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const code = typeof entry.code === 'string' ? entry.code.trim() : '';
    if (code === '') {
      problems.push({
        severity: 'error',
        code: 'INDICATORS.CODE_MISSING',
        message: `第${index + 1}条评分没有指标编码，请说明这是哪个指标的得分。`,
        path: `indicators[${index}].code`,
      });
      return;
    }
    if (seen.has(code)) {
      problems.push({
        severity: 'error',
        code: 'INDICATORS.DUPLICATE_SCORE',
        message: `指标“${code}”的得分填写了不止一次，请只保留一条。`,
        path: scorePath(code),
      });
      return;
    }
    seen.add(code);

    let justification: string | undefined;
    if (entry.justification !== undefined && entry.justification !== null) {
      if (typeof entry.justification === 'string') {
        justification = entry.justification;
      } else {
        problems.push({
          severity: 'error',
          code: 'INDICATORS.JUSTIFICATION_NOT_TEXT',
          message: `指标“${code}”的扣分理由应为文字。`,
          path: `indicators.${code}.justification`,
        });
      }
    }

    let actual: string | undefined;
    const actualRead = readDecimal(entry.actual, ACTUAL_DECIMALS);
    if (actualRead.kind === 'number') {
      actual = show(actualRead.value);
    } else if (actualRead.kind !== 'blank') {
      problems.push({
        severity: 'error',
        code: 'INDICATORS.ACTUAL_NOT_A_NUMBER',
        message: `指标“${code}”的实际完成值“${actualRead.text}”不是有效数值：请填写不小于0、最多${ACTUAL_DECIMALS}位小数的数字，不带单位。`,
        path: `indicators.${code}.actual`,
        figures: { entered: actualRead.text },
      });
    }

    const read = readDecimal(entry.score, POINT_DECIMALS);
    let score: string | null = null;
    switch (read.kind) {
      case 'blank':
        break;
      case 'number':
        score = show(read.value);
        break;
      case 'not_a_number':
        problems.push({
          severity: 'error',
          code: 'INDICATORS.NOT_A_NUMBER',
          message: `指标“${code}”的得分填写为“${read.text}”，这里需要填写数字分值（如 8 或 7.5），不能填写文字。`,
          path: scorePath(code),
          figures: { entered: read.text },
        });
        break;
      case 'too_many_decimals':
        problems.push({
          severity: 'error',
          code: 'INDICATORS.TOO_MANY_DECIMALS',
          message: `指标“${code}”的得分${read.text}有${read.decimals}位小数，得分最多保留两位小数。`,
          path: scorePath(code),
          figures: { entered: read.text },
        });
        break;
      case 'negative':
        problems.push({
          severity: 'error',
          code: 'INDICATORS.SCORE_NEGATIVE',
          message: `指标“${code}”的得分为${read.text}，得分不能为负数，最低为0分。`,
          path: scorePath(code),
          figures: { score: read.text },
        });
        break;
    }
    scores.push({ code, score, ...(justification !== undefined ? { justification } : {}), ...(actual !== undefined ? { actual } : {}) });
  });
  return { scores, problems };
}

/** Blank leaves: the scoring table is complete when there are none. */
function blankLeaves(leaves: readonly IndicatorLeaf[], byCode: Map<string, IndicatorScore>): IndicatorLeaf[] {
  return leaves.filter((leaf) => readDecimal(byCode.get(leaf.code)?.score, POINT_DECIMALS).kind === 'blank');
}

function indexByCode(scores: IndicatorScoreSheet): Map<string, IndicatorScore> {
  const byCode = new Map<string, IndicatorScore>();
  for (const entry of scores) if (!byCode.has(entry.code)) byCode.set(entry.code, entry);
  return byCode;
}

/** The guard input for REQUEST_REVIEW: no leaf left blank. */
export function isScoreSheetComplete(config: IndicatorConfig, scores: IndicatorScoreSheet): boolean {
  return blankLeaves(indicatorLeaves(config), indexByCode(scores)).length === 0;
}

/**
 * Checks the compiler's scores against the campaign's indicator tree and, where a leaf is scored by
 * rule, against the facts it follows (the execution rate of the basic data table). Every error blocks review.
 */
export function checkScores(config: IndicatorConfig, scores: IndicatorScoreSheet, facts: ScoreFacts = {}): Problem[] {
  const problems: Problem[] = [];
  const leaves = indicatorLeaves(config);
  const leafCodes = new Set(leaves.map((leaf) => leaf.code));
  const parentCodes = new Set([...indicatorMaxima(config).keys()].filter((code) => !leafCodes.has(code)));
  const byCode = indexByCode(scores);

  for (const entry of scores) {
    if (leafCodes.has(entry.code)) continue;
    problems.push(
      parentCodes.has(entry.code)
        ? {
            severity: 'error',
            code: 'INDICATORS.NOT_A_LEAF',
            message: `指标“${entry.code}”是上级指标，其得分由下级指标相加得出，不能直接填写，请在末级指标上评分。`,
            path: scorePath(entry.code),
          }
        : {
            severity: 'error',
            code: 'INDICATORS.UNKNOWN_CODE',
            message: `指标编码“${entry.code}”不在本次评价的指标评分表中，请核对编码或删除该条评分。`,
            path: scorePath(entry.code),
          },
    );
  }

  for (const leaf of leaves) {
    const entry = byCode.get(leaf.code);
    const label = `${leaf.code} ${leaf.name}`;
    const path = scorePath(leaf.code);
    const maximum = show(leaf.maximum);
    const read = readDecimal(entry?.score, POINT_DECIMALS);
    switch (read.kind) {
      case 'blank':
        problems.push({
          severity: 'error',
          code: 'INDICATORS.SCORE_BLANK',
          message: `指标“${label}”尚未评分（满分${maximum}分），请填写0至${maximum}之间的得分。`,
          path,
          figures: { maximum },
        });
        continue;
      case 'not_a_number':
        problems.push({
          severity: 'error',
          code: 'INDICATORS.NOT_A_NUMBER',
          message: `指标“${label}”的得分填写为“${read.text}”，这里需要填写数字分值（0至${maximum}），不能填写文字。`,
          path,
          figures: { entered: read.text, maximum },
        });
        continue;
      case 'negative':
        problems.push({
          severity: 'error',
          code: 'INDICATORS.SCORE_NEGATIVE',
          message: `指标“${label}”的得分为${read.text}，得分不能为负数，最低为0分。`,
          path,
          figures: { score: read.text, maximum },
        });
        continue;
      case 'too_many_decimals':
        problems.push({
          severity: 'error',
          code: 'INDICATORS.TOO_MANY_DECIMALS',
          message: `指标“${label}”的得分${read.text}有${read.decimals}位小数，得分最多保留两位小数。`,
          path,
          figures: { entered: read.text },
        });
        continue;
      case 'number':
        break;
    }
    const score = read.value;
    if (!score.greaterThan(leaf.maximum)) problems.push(...checkMeasuredScore(leaf, score, entry?.actual, facts));
    if (score.greaterThan(leaf.maximum)) {
      problems.push({
        severity: 'error',
        code: 'INDICATORS.SCORE_ABOVE_MAXIMUM',
        message: `指标“${label}”的得分${show(score)}分超过该指标满分${maximum}分（多${show(score.minus(leaf.maximum))}分），请改为不超过${maximum}分的得分。`,
        path,
        figures: { score: show(score), maximum, excess: show(score.minus(leaf.maximum)) },
      });
    } else if (score.lessThan(leaf.maximum) && (entry?.justification ?? '').trim() === '') {
      problems.push({
        severity: 'error',
        code: 'INDICATORS.JUSTIFICATION_REQUIRED',
        message: `指标“${label}”得${show(score)}分，比满分${maximum}分扣了${show(leaf.maximum.minus(score))}分，请填写扣分理由。`,
        path: `indicators.${leaf.code}.justification`,
        figures: { score: show(score), maximum, deduction: show(leaf.maximum.minus(score)) },
      });
    }
  }
  return problems;
}

/** The self-score and grade, computed exactly; the grade only once every leaf is scored. */
export function totalAndGrade(config: IndicatorConfig, scores: IndicatorScoreSheet): IndicatorResult {
  const leaves = indicatorLeaves(config);
  const byCode = indexByCode(scores);
  const subtotals = new Map<string, Decimal>();
  let total = new Decimal(0);
  for (const leaf of leaves) {
    const read = readDecimal(byCode.get(leaf.code)?.score, POINT_DECIMALS);
    // Only readable, non-negative scores count; anything else is an error from checkScores.
    const score = read.kind === 'number' || read.kind === 'too_many_decimals' ? read.value : new Decimal(0);
    total = total.plus(score);
    for (const code of leaf.lineage) subtotals.set(code, (subtotals.get(code) ?? new Decimal(0)).plus(score));
  }
  const complete = blankLeaves(leaves, byCode).length === 0;
  const maxima = indicatorMaxima(config);
  return {
    total: show(total),
    grade: complete ? gradeFor(config.bands, total) : null,
    complete,
    subtotals: Object.fromEntries([...subtotals].map(([code, value]) => [code, show(value)])),
    maxima: Object.fromEntries([...maxima].map(([code, value]) => [code, show(value)])),
  };
}

/** Compares a hand-typed total and grade (as published reports carry them) with the computed ones. */
export function checkStatedResult(config: IndicatorConfig, scores: IndicatorScoreSheet, stated: StatedResult): Problem[] {
  const problems: Problem[] = [];
  const result = totalAndGrade(config, scores);
  if (!result.complete) {
    return [
      {
        severity: 'note',
        code: 'INDICATORS.RESULT_NOT_YET_COMPUTABLE',
        message: '指标评分表尚有指标未评分，自评得分和等级在全部评分后才能核对。',
        path: 'result',
      },
    ];
  }
  const computed = new Decimal(result.total);
  if (stated.total !== undefined && stated.total !== null && stated.total !== '') {
    const read = readDecimal(stated.total, POINT_DECIMALS);
    if (read.kind === 'not_a_number' || read.kind === 'negative') {
      problems.push({
        severity: 'error',
        code: 'INDICATORS.NOT_A_NUMBER',
        message: `填写的自评得分“${String(stated.total)}”不是有效分数；自评得分由指标得分相加得出，应为${result.total}分。`,
        path: 'result.total',
        figures: { computed: result.total },
      });
    } else if (read.kind !== 'blank' && !read.value.equals(computed)) {
      problems.push({
        severity: 'error',
        code: 'INDICATORS.TOTAL_MISMATCH',
        message: `填写的自评得分${show(read.value)}分与各指标得分之和${result.total}分不符（相差${show(read.value.minus(computed))}分），请以计算结果为准。`,
        path: 'result.total',
        figures: { stated: show(read.value), computed: result.total, difference: show(read.value.minus(computed)) },
      });
    }
  }
  const statedGrade = stated.grade?.trim();
  if (statedGrade && statedGrade !== result.grade) {
    const band = config.bands.find((b) => b.grade === result.grade);
    problems.push({
      severity: 'error',
      code: 'INDICATORS.GRADE_MISMATCH',
      message: `填写的评价等级“${statedGrade}”与自评得分${result.total}分不符：按本次评价的等级标准应为“${result.grade ?? '无对应等级'}”${band ? `（${band.from}分至${band.to}分，含下限）` : ''}。等级由得分自动得出，请勿手工填写。`,
      path: 'result.grade',
      figures: { total: result.total, ...(band ? { bandFrom: band.from, bandTo: band.to } : {}) },
    });
  }
  return problems;
}

/** The indicator scoring table as one more `TableCheck`, beside the basic data table. */
export const indicatorScoreTableCheck: TableCheck<IndicatorScoreSheet, IndicatorConfig> = {
  check: (scores, config) => checkScores(config, scores),
};
