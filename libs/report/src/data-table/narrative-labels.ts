import type { Decimal } from 'decimal.js';
import type { Amount, DataTable } from './data-table';
import { sumOf } from './exact';

/** A label whose figure a section may quote, and where the table keeps that figure. */
export interface NarrativeLabel {
  label: string;
  kind: 'amount' | 'rate';
  /** The total a share of this figure is taken of when the text does not name it ("占64.12%"). */
  partOf?: 'income' | 'expenditure';
  /** The table's figure for this label (万元, or percent for a rate), absent when not filled. */
  figure(table: DataTable): { value: Decimal; path: string } | undefined;
}

type Pick = (table: DataTable) => Amount | undefined;

function amount(label: string, path: string, pick: Pick, partOf?: 'income' | 'expenditure'): NarrativeLabel {
  return {
    label,
    kind: 'amount',
    ...(partOf ? { partOf } : {}),
    figure: (table) => {
      const found = pick(table);
      return found && { value: found.wanYuan, path };
    },
  };
}

/** The same figure under every name reports give it. */
function aliases(labels: readonly string[], path: string, pick: Pick, partOf?: 'income' | 'expenditure'): NarrativeLabel[] {
  return labels.map((label) => amount(label, path, pick, partOf));
}

const incomeTotal: Pick = (t) => t.income.total;
const expenditureTotal: Pick = (t) => t.expenditure.total;
const staff: Pick = (t) => t.expenditure.staffRunningProject?.staff;
const running: Pick = (t) => t.expenditure.staffRunningProject?.running;
const carriedIn: Pick = (t) => t.balance.carriedIn;
const carriedOut: Pick = (t) => t.balance.carriedOut;
const component = (key: keyof DataTable['income']['components']): Pick => (t) => t.income.components[key];

/** 财政拨款收入: the three appropriations together, once any of them is filled. */
const appropriations: NarrativeLabel = {
  label: '财政拨款收入',
  kind: 'amount',
  partOf: 'income',
  figure: (t) => {
    const { generalPublicBudgetAppropriation: a, governmentFundAppropriation: b, stateCapitalAppropriation: c } = t.income.components;
    const filled = [a, b, c].filter((x): x is Amount => x !== undefined);
    if (filled.length === 0) return undefined;
    return { value: sumOf(filled.map((x) => x.wanYuan)), path: 'income.components' };
  },
};

/**
 * The labels whose figures a section may quote. Where two overlap the longer wins
 * (一般公共预算财政拨款收入 before 财政拨款收入, 本年收入合计 before 收入合计). Totals that include the
 * balances (收入总计, 支出总计) are left out: the table has no figure for them.
 */
export const NARRATIVE_LABELS: readonly NarrativeLabel[] = [
  ...aliases(['收入决算', '收入合计', '本年收入', '本年收入合计', '收入决算总额'], 'income.total', incomeTotal),
  ...aliases(['支出决算', '支出合计', '本年支出', '本年支出合计', '支出决算总额'], 'expenditure.total', expenditureTotal),
  ...aliases(['一般公共预算财政拨款收入'], 'income.components.generalPublicBudgetAppropriation', component('generalPublicBudgetAppropriation'), 'income'),
  ...aliases(['政府性基金预算财政拨款收入'], 'income.components.governmentFundAppropriation', component('governmentFundAppropriation'), 'income'),
  ...aliases(['国有资本经营预算财政拨款收入'], 'income.components.stateCapitalAppropriation', component('stateCapitalAppropriation'), 'income'),
  appropriations,
  amount('上级补助收入', 'income.components.subsidyFromSuperior', component('subsidyFromSuperior'), 'income'),
  amount('事业收入', 'income.components.institutionalActivities', component('institutionalActivities'), 'income'),
  amount('经营收入', 'income.components.businessActivities', component('businessActivities'), 'income'),
  amount('其他收入', 'income.components.other', component('other'), 'income'),
  amount('基本支出', 'expenditure.basicAndProject.basic', (t) => t.expenditure.basicAndProject?.basic, 'expenditure'),
  {
    label: '项目支出',
    kind: 'amount',
    partOf: 'expenditure',
    figure: (t) => {
      const a = t.expenditure.basicAndProject?.project;
      if (a) return { value: a.wanYuan, path: 'expenditure.basicAndProject.project' };
      const b = t.expenditure.staffRunningProject?.project;
      return b && { value: b.wanYuan, path: 'expenditure.staffRunningProject.project' };
    },
  },
  ...aliases(['人员经费', '人员经费支出'], 'expenditure.staffRunningProject.staff', staff, 'expenditure'),
  ...aliases(['公用经费', '公用经费支出'], 'expenditure.staffRunningProject.running', running, 'expenditure'),
  ...aliases(['年初结转结余', '年初结转和结余'], 'balance.carriedIn', carriedIn),
  ...aliases(['年末结转结余', '年末结转和结余'], 'balance.carriedOut', carriedOut),
  {
    label: '预算执行率',
    kind: 'rate',
    figure: (t) => {
      const rate = t.execution.printedRate;
      return rate && { value: rate.percent, path: 'execution.printedRate' };
    },
  },
];

export const LABELS_BY_NAME: ReadonlyMap<string, NarrativeLabel> = new Map(NARRATIVE_LABELS.map((l) => [l.label, l]));

/** For a regular expression: the labels longest first, so that the longer of two overlapping labels wins. */
export const LABEL_ALTERNATIVES = [...NARRATIVE_LABELS]
  .map((l) => l.label)
  .sort((a, b) => b.length - a.length)
  .join('|');
