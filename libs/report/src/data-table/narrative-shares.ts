import type { Decimal } from 'decimal.js';
import type { Problem } from '../problem';
import type { DataTable } from './data-table';
import { formatExact, formatWanYuan } from './exact';
import { LABEL_ALTERNATIVES, LABELS_BY_NAME } from './narrative-labels';
import { amountInWanYuan, AMOUNT_UNIT, clauseBefore, decimalsOf, QUALIFIED, halfUnit, normalised, NUMBER, paragraphPath, priorYearBefore, type NarrativeSection } from './narrative-text';

/** What a share may be "of" without naming a label of the table. */
const GENERIC_WHOLES: Readonly<Record<string, 'income' | 'expenditure'>> = {
  总支出: 'expenditure',
  支出总额: 'expenditure',
  全部支出: 'expenditure',
  支出: 'expenditure',
  总收入: 'income',
  收入总额: 'income',
  全部收入: 'income',
  收入: 'income',
};

const WHOLE = `${LABEL_ALTERNATIVES}|${Object.keys(GENERIC_WHOLES)
  .sort((a, b) => b.length - a.length)
  .join('|')}`;

/**
 * "基本支出975.88万元，占支出决算的36.12%", "项目支出占比63.88%", "人员经费支出…，占本年支出的…":
 * a label, optionally its amount, then 占 (the whole, named or not) and a percentage.
 */
const SHARE = new RegExp(
  `(${LABEL_ALTERNATIVES})(?:(?:\\s|[:：]|为|是|达到|达|共|计|约)*${NUMBER}${AMOUNT_UNIT})?\\s*[，,(]?\\s*(?:约)?占(?:本年|全年|当年|本部门|部门)?(${WHOLE})?(?:的)?(?:比例|比重|比)?(?:为|是|达|约)?\\s*${NUMBER}\\s*%`,
  'g',
);

function totalOf(side: 'income' | 'expenditure', table: DataTable): Decimal | undefined {
  return side === 'income' ? table.income.total?.wanYuan : table.expenditure.total?.wanYuan;
}

/**
 * DATA_TABLE.NARRATIVE_SHARE_MISMATCH (error): a printed share that is not part ÷ whole at its
 * printed precision. The part is the table's figure (the quoted amount when the table has none);
 * the whole is the one named after 占, or the total the part belongs to.
 */
export function checkShares(sections: readonly NarrativeSection[], table: DataTable): Problem[] {
  const problems: Problem[] = [];
  for (const section of sections) {
    section.paragraphs.forEach((raw, paragraph) => {
      const text = normalised(raw);
      for (const match of text.matchAll(SHARE)) {
        const [quoted, label, partDigits, partUnit, wholeName, shareDigits] = match;
        if (priorYearBefore(text, match.index) || QUALIFIED.test(clauseBefore(text, match.index))) continue;
        const definition = LABELS_BY_NAME.get(label);
        if (!definition || definition.kind !== 'amount') continue;
        const part = definition.figure(table)?.value ?? (partDigits !== undefined ? amountInWanYuan(partDigits, partUnit).value : undefined);
        let whole: Decimal | undefined;
        if (wholeName === undefined) {
          whole = definition.partOf ? totalOf(definition.partOf, table) : undefined;
        } else if (GENERIC_WHOLES[wholeName]) {
          whole = totalOf(GENERIC_WHOLES[wholeName], table);
        } else {
          const named = LABELS_BY_NAME.get(wholeName);
          whole = named?.kind === 'amount' ? named.figure(table)?.value : undefined;
        }
        if (part === undefined || whole === undefined || whole.isZero()) continue;
        const printed = shareDigits.replace(/,/g, '');
        const decimals = decimalsOf(printed);
        const computed = part.dividedBy(whole).times(100);
        const difference = computed.minus(printed).negated();
        if (difference.abs().lessThanOrEqualTo(halfUnit(decimals))) continue;
        const expected = computed.toFixed(decimals);
        const ofWhat = wholeName ?? (definition.partOf === 'income' ? '收入决算' : '支出决算');
        problems.push({
          severity: 'error',
          code: 'DATA_TABLE.NARRATIVE_SHARE_MISMATCH',
          message: `第 ${section.code} 节写“${quoted}”，但${label} ${formatWanYuan(part)} 万元 ÷ ${ofWhat} ${formatWanYuan(whole)} 万元 = ${formatExact(computed.toDecimalPlaces(decimals + 2))}%，按所写精度应为 ${expected}%：请改正占比`,
          path: paragraphPath(section.code, paragraph),
          figures: { printed, computed: formatExact(computed.toDecimalPlaces(decimals + 4)), expected, part: formatWanYuan(part), whole: formatWanYuan(whole) },
        });
      }
    });
  }
  return problems;
}
