import { clauseBefore, normalised, priorYearBefore, type NarrativeSection } from '../data-table/narrative-text';
import type { Problem } from '../problem';
import type { IndicatorConfig } from './indicator-config';
import { checkStatedResult, totalAndGrade, type IndicatorScoreSheet } from './indicator-scores';

/** A self-score or grade the text states for this year. */
export interface StatedInText {
  kind: 'total' | 'grade';
  /** The score as printed ("92.5"), or the grade word as printed ("优秀"). */
  value: string;
  text: string;
  section: string;
  paragraph: number;
}

const TOTAL = new RegExp(
  String.raw`(?:(?:自评|综合|评价|绩效)(?:最终|总)?(?:得分|评分|分数|总分)|总得分|自评分)` +
    String.raw`(?:\s|[:：]|为|是|达到|达|共|合计|最终)*` +
    String.raw`(\d+(?:\.\d+)?)\s*分(?!之)`,
  'g',
);

/** "预算执行率指标自评得分9.52分": one indicator's score, not the report's. */
const ONE_INDICATOR = /指标(?!评分表|体系)|该项|此项|单项|项目/;

/** Longer words first, so that 不合格 is never read as 合格 and 优秀 never as 优. */
const GRADE = new RegExp(
  String.raw`(?:等级|等次|评价结果|评价结论|自评结论|评定)(?:\s|[:：]|为|是|评定为|认定为|确定为|属于)*[‘’'“”"「」『]?\s*` +
    String.raw`(不合格|优秀|良好|合格|中等|一般|较差|优|良|中|差)(?=$|[\s”’"'」』，。；,;.、）)]|等|级)`,
  'g',
);

/** Finds "自评得分为92.5分", "综合评分 95 分", "自评等级为‘优’", "评定为优秀"; last year's figures are left out. */
export function findStatedResult(sections: readonly NarrativeSection[]): StatedInText[] {
  const found: StatedInText[] = [];
  for (const section of sections) {
    section.paragraphs.forEach((raw, paragraph) => {
      const text = normalised(raw);
      const hits: Array<StatedInText & { at: number }> = [];
      for (const match of text.matchAll(TOTAL)) {
        if (priorYearBefore(text, match.index) || ONE_INDICATOR.test(clauseBefore(text, match.index))) continue;
        hits.push({ kind: 'total', value: match[1], text: match[0], section: section.code, paragraph, at: match.index });
      }
      for (const match of text.matchAll(GRADE)) {
        if (priorYearBefore(text, match.index)) continue;
        hits.push({ kind: 'grade', value: match[1], text: match[0], section: section.code, paragraph, at: match.index });
      }
      hits.sort((a, b) => a.at - b.at);
      found.push(...hits.map(({ at: _at, ...hit }) => hit));
    });
  }
  return found;
}

/** How reports word the four usual grades. */
const GRADE_WORDS: Readonly<Record<string, string>> = {
  优秀: '优',
  良好: '良',
  合格: '中',
  中等: '中',
  一般: '中',
  较差: '差',
  不合格: '差',
};

/** The campaign's grade the printed word stands for: the word itself when a band bears it, else its usual name. */
export function gradeOfWord(word: string, config: IndicatorConfig): string {
  if (config.bands.some((band) => band.grade === word)) return word;
  const usual = GRADE_WORDS[word];
  return usual !== undefined && config.bands.some((band) => band.grade === usual) ? usual : word;
}

/**
 * Compares every self-score and grade the text states with the ones computed from the scores
 * (through `checkStatedResult`); each problem points at the paragraph that states it. Nothing is
 * said while a leaf is blank: there is no result yet to compare with.
 */
export function checkStatedResultInText(config: IndicatorConfig, scores: IndicatorScoreSheet, sections: readonly NarrativeSection[]): Problem[] {
  const result = totalAndGrade(config, scores);
  if (!result.complete) return [];
  const problems: Problem[] = [];
  for (const stated of findStatedResult(sections)) {
    const grade = stated.kind === 'grade' ? gradeOfWord(stated.value, config) : undefined;
    const found = checkStatedResult(config, scores, stated.kind === 'total' ? { total: stated.value } : { grade });
    const path = `sections.${stated.section}.paragraphs.${stated.paragraph}`;
    for (const problem of found.filter((p) => p.severity === 'error')) {
      const message =
        problem.code === 'INDICATORS.GRADE_MISMATCH'
          ? `第 ${stated.section} 节写“${stated.text}”，但自评得分${result.total}分按本次评价的等级标准应为“${result.grade ?? '无对应等级'}”：请按指标评分表的结果修改正文`
          : problem.code === 'INDICATORS.TOTAL_MISMATCH'
            ? `第 ${stated.section} 节写“${stated.text}”，但指标评分表各指标得分之和为${result.total}分（相差${problem.figures?.difference ?? ''}分）：请按指标评分表的结果修改正文`
            : `第 ${stated.section} 节写“${stated.text}”：${problem.message}`;
      problems.push({
        ...problem,
        message,
        path,
        figures: { ...problem.figures, stated: stated.value, computedTotal: result.total, computedGrade: result.grade ?? '' },
      });
    }
  }
  return problems;
}
