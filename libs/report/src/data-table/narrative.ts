import type { Decimal } from 'decimal.js';
import type { Problem } from '../problem';
import type { DataTable } from './data-table';
import { Exact, formatExact, formatWanYuan } from './exact';
import { checkItemCounts, checkListTotals } from './narrative-lists';
import { LABEL_ALTERNATIVES, LABELS_BY_NAME } from './narrative-labels';
import { checkShares } from './narrative-shares';
import { amountInWanYuan, AMOUNT_UNIT, clauseBefore, QUALIFIED, decimalsOf, halfUnit, normalised, NUMBER, paragraphPath, priorYearBefore, type NarrativeSection } from './narrative-text';

export type { NarrativeSection } from './narrative-text';
export { NARRATIVE_LABELS, type NarrativeLabel } from './narrative-labels';

/** Words that may stand between a label and its figure: "收入决算总额为 2686.28 万元". */
const CONNECTOR = String.raw`(?:\s|[:：]|决算|合计|共计|总计|总额|金额|数|为|是|达到|达|共|计|约)*`;

const QUOTE = new RegExp(`(${LABEL_ALTERNATIVES})${CONNECTOR}${NUMBER}(?:${AMOUNT_UNIT}|\\s*([%％]))`, 'g');

/** A figure a section quotes next to a known label. */
export interface QuotedFigure {
  label: string;
  /** In 万元 for amounts, in percent for rates. */
  value: Decimal;
  /** Decimals of the quoted figure in 万元/percent: the precision it is compared at. */
  decimals: number;
  text: string;
  paragraph: number;
  /** Where the quote starts in the (normalised) paragraph. */
  index: number;
}

/** Finds "label … number unit" quotes of this year; amounts converted to 万元 exactly. */
export function findQuotedFigures(section: NarrativeSection): QuotedFigure[] {
  const found: QuotedFigure[] = [];
  section.paragraphs.forEach((raw, paragraph) => {
    const text = normalised(raw);
    for (const match of text.matchAll(QUOTE)) {
      const [quoted, label, digits, unit, percentSign] = match;
      const definition = LABELS_BY_NAME.get(label);
      const isRate = percentSign !== undefined;
      if (!definition || isRate !== (definition.kind === 'rate')) continue;
      // "上年收入决算2500万元", "较上年支出决算…": last year's figure, not this table's.
      if (priorYearBefore(text, match.index)) continue;
      // "该项目本年支出50万元", "重点项目支出…": a part's figure under the department's label.
      if (QUALIFIED.test(clauseBefore(text, match.index))) continue;
      const { value, decimals } = isRate ? { value: new Exact(digits.replace(/,/g, '')), decimals: decimalsOf(digits.replace(/,/g, '')) } : amountInWanYuan(digits, unit);
      found.push({ label, value, decimals, text: quoted, paragraph, index: match.index });
    }
  });
  return found;
}

/**
 * DATA_TABLE.NARRATIVE_MISMATCH (error): a section quotes a figure that contradicts the table,
 * compared at the quoted precision ("约2686万元" agrees with 2686.28).
 * DATA_TABLE.NARRATIVE_FIGURE_NOT_IN_TABLE (note): the table has no figure to compare with.
 */
function checkQuotedFigures(sections: readonly NarrativeSection[], table: DataTable): Problem[] {
  const problems: Problem[] = [];
  for (const section of sections) {
    for (const quote of findQuotedFigures(section)) {
      const definition = LABELS_BY_NAME.get(quote.label)!;
      const unit = definition.kind === 'rate' ? '%' : ' 万元';
      const format = definition.kind === 'rate' ? formatExact : formatWanYuan;
      const path = paragraphPath(section.code, quote.paragraph);
      const figure = definition.figure(table);
      if (!figure) {
        problems.push({
          severity: 'note',
          code: 'DATA_TABLE.NARRATIVE_FIGURE_NOT_IN_TABLE',
          message: `第 ${section.code} 节写有“${quote.text}”，但基础数据表没有${quote.label}可供核对：请在表中填写`,
          path,
          figures: { quoted: formatExact(quote.value) },
        });
        continue;
      }
      const difference = quote.value.minus(figure.value);
      if (difference.abs().lessThanOrEqualTo(halfUnit(quote.decimals))) continue;
      problems.push({
        severity: 'error',
        code: 'DATA_TABLE.NARRATIVE_MISMATCH',
        message: `第 ${section.code} 节写“${quote.text}”，与基础数据表的${quote.label} ${format(figure.value)}${unit}不符（相差 ${format(difference)}${unit}）：请修改正文或数据表，使两者一致`,
        path,
        figures: { quoted: formatExact(quote.value), table: format(figure.value), difference: format(difference) },
      });
    }
  }
  return problems;
}

/**
 * Everything the sections say that the table or the text itself can refute: quoted figures, shares
 * ("占支出决算的36.12%"), lists with a stated total ("…共计60.5万元") and counts ("共实施项目5个，分别是…").
 * Last year's figures are left alone.
 */
export function checkNarrative(sections: readonly NarrativeSection[], table: DataTable): Problem[] {
  return [...checkQuotedFigures(sections, table), ...checkShares(sections, table), ...checkListTotals(sections), ...checkItemCounts(sections)];
}
