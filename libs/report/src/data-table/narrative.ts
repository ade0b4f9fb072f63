import type { Decimal } from 'decimal.js';
import type { Problem } from '../problem';
import type { DataTable } from './data-table';
import { Exact, formatExact, formatWanYuan } from './exact';

/** A section's text as drafted: plain paragraphs. `code` is the outline's, e.g. `1.4`. */
export interface NarrativeSection {
  code: string;
  paragraphs: readonly string[];
}

interface NarrativeLabel {
  label: string;
  kind: 'amount' | 'rate';
  /** The table's figure for this label (万元, or percent for a rate), absent when not filled. */
  figure(table: DataTable): { value: Decimal; path: string } | undefined;
}

function amountAt(path: string, pick: (table: DataTable) => { wanYuan: Decimal } | undefined) {
  return (table: DataTable) => {
    const amount = pick(table);
    return amount && { value: amount.wanYuan, path };
  };
}

/** The labels whose figures a section may quote. Longer labels win where two overlap. */
export const NARRATIVE_LABELS: readonly NarrativeLabel[] = [
  { label: '收入决算', kind: 'amount', figure: amountAt('income.total', (t) => t.income.total) },
  { label: '支出决算', kind: 'amount', figure: amountAt('expenditure.total', (t) => t.expenditure.total) },
  { label: '一般公共预算财政拨款收入', kind: 'amount', figure: amountAt('income.components.generalPublicBudgetAppropriation', (t) => t.income.components.generalPublicBudgetAppropriation) },
  { label: '政府性基金预算财政拨款收入', kind: 'amount', figure: amountAt('income.components.governmentFundAppropriation', (t) => t.income.components.governmentFundAppropriation) },
  { label: '国有资本经营预算财政拨款收入', kind: 'amount', figure: amountAt('income.components.stateCapitalAppropriation', (t) => t.income.components.stateCapitalAppropriation) },
  { label: '上级补助收入', kind: 'amount', figure: amountAt('income.components.subsidyFromSuperior', (t) => t.income.components.subsidyFromSuperior) },
  { label: '事业收入', kind: 'amount', figure: amountAt('income.components.institutionalActivities', (t) => t.income.components.institutionalActivities) },
  { label: '经营收入', kind: 'amount', figure: amountAt('income.components.businessActivities', (t) => t.income.components.businessActivities) },
  { label: '其他收入', kind: 'amount', figure: amountAt('income.components.other', (t) => t.income.components.other) },
  { label: '基本支出', kind: 'amount', figure: amountAt('expenditure.basicAndProject.basic', (t) => t.expenditure.basicAndProject?.basic) },
  {
    label: '项目支出',
    kind: 'amount',
    figure: (t) => {
      const a = t.expenditure.basicAndProject?.project;
      if (a) return { value: a.wanYuan, path: 'expenditure.basicAndProject.project' };
      const b = t.expenditure.staffRunningProject?.project;
      return b && { value: b.wanYuan, path: 'expenditure.staffRunningProject.project' };
    },
  },
  { label: '人员经费', kind: 'amount', figure: amountAt('expenditure.staffRunningProject.staff', (t) => t.expenditure.staffRunningProject?.staff) },
  { label: '公用经费', kind: 'amount', figure: amountAt('expenditure.staffRunningProject.running', (t) => t.expenditure.staffRunningProject?.running) },
  { label: '年初结转结余', kind: 'amount', figure: amountAt('balance.carriedIn', (t) => t.balance.carriedIn) },
  { label: '年末结转结余', kind: 'amount', figure: amountAt('balance.carriedOut', (t) => t.balance.carriedOut) },
  {
    label: '预算执行率',
    kind: 'rate',
    figure: (t) => {
      const rate = t.execution.printedRate;
      return rate && { value: rate.percent, path: 'execution.printedRate' };
    },
  },
];

/** Words that may stand between a label and its figure: "收入决算总额为 2686.28 万元". */
const CONNECTOR = String.raw`(?:\s|[:：]|决算|合计|共计|总计|总额|金额|数|为|是|达到|达|共|计|约)*`;
const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;
const UNIT = String.raw`\s*(亿元|万元|元|%|％)`;

const byLength = [...NARRATIVE_LABELS].sort((a, b) => b.label.length - a.label.length);
const QUOTE = new RegExp(`(${byLength.map((l) => l.label).join('|')})${CONNECTOR}${NUMBER}${UNIT}`, 'g');
const LABELS = new Map(NARRATIVE_LABELS.map((l) => [l.label, l]));

/** A figure a section quotes next to a known label. */
export interface QuotedFigure {
  label: string;
  /** In 万元 for amounts, in percent for rates. */
  value: Decimal;
  /** Decimals of the quoted figure in 万元/percent: the precision it is compared at. */
  decimals: number;
  text: string;
  paragraph: number;
}

/** Finds "label … number unit" quotes; amounts converted to 万元 exactly. */
export function findQuotedFigures(section: NarrativeSection): QuotedFigure[] {
  const found: QuotedFigure[] = [];
  section.paragraphs.forEach((paragraph, index) => {
    for (const match of paragraph.normalize('NFKC').matchAll(QUOTE)) {
      const [text, label, digits, unit] = match;
      const definition = LABELS.get(label);
      const isRate = unit === '%' || unit === '％';
      if (!definition || isRate !== (definition.kind === 'rate')) continue;
      const number = new Exact(digits.replace(/,/g, ''));
      const shift = unit === '元' ? -4 : unit === '亿元' ? 4 : 0;
      const value = shift === 0 ? number : number.times(new Exact(10).pow(shift));
      const point = digits.indexOf('.');
      const decimals = Math.max(0, (point < 0 ? 0 : digits.length - point - 1) - shift);
      found.push({ label, value, decimals, text, paragraph: index });
    }
  });
  return found;
}

/**
 * DATA_TABLE.NARRATIVE_MISMATCH (error): a section quotes a figure that contradicts the table,
 * compared at the quoted precision ("约2686万元" agrees with 2686.28).
 * DATA_TABLE.NARRATIVE_FIGURE_NOT_IN_TABLE (note): the table has no figure to compare with.
 */
export function checkNarrative(sections: readonly NarrativeSection[], table: DataTable): Problem[] {
  const problems: Problem[] = [];
  for (const section of sections) {
    for (const quote of findQuotedFigures(section)) {
      const definition = LABELS.get(quote.label)!;
      const unit = definition.kind === 'rate' ? '%' : ' 万元';
      const format = definition.kind === 'rate' ? formatExact : formatWanYuan;
      const path = `sections.${section.code}.paragraphs.${quote.paragraph}`;
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
      const halfUnit = new Exact(10).pow(-quote.decimals).dividedBy(2);
      if (difference.abs().lessThanOrEqualTo(halfUnit)) continue;
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
