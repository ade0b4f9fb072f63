import {
  INCOME_COMPONENT_LABELS,
  INCOME_COMPONENTS,
  indicatorLeaves,
  parseDataTable,
  parseScores,
  totalAndGrade,
  type Amount,
  type DataTable,
  type IndicatorConfig,
  type IndicatorNode,
  type SectionBlock,
} from '@jixiao/report';
import type { SealedSnapshot, SnapshotDataTable, SnapshotFigure, SnapshotIndicators } from './snapshot';

export interface SnapshotSources {
  caseId: string;
  contentVersion: number;
  unitName: string;
  fiscalYear: number;
  documentNumber: string;
  date: string;
  sections: ReadonlyArray<{ code: string; title: string; revision: number; blocks: readonly SectionBlock[] }>;
  /** The stored input of the basic data table, or null when none was saved. */
  dataTableInput: unknown;
  indicatorConfig: IndicatorConfig;
  scoresInput: unknown;
}

/** An amount in 万元 as printed: at least two decimals, every significant digit kept. */
const wanYuan = (amount: Amount) => (amount.wanYuan.decimalPlaces() < 2 ? amount.wanYuan.toFixed(2) : amount.wanYuan.toFixed());

function figures(table: DataTable): SnapshotFigure[] {
  const out: SnapshotFigure[] = [];
  const add = (key: string, label: string, amount: Amount | undefined) => {
    if (amount) out.push({ key, label, value: wanYuan(amount) });
  };
  add('income.total', '收入合计', table.income.total);
  for (const component of INCOME_COMPONENTS) add(`income.${component}`, INCOME_COMPONENT_LABELS[component], table.income.components[component]);
  add('expenditure.total', '支出合计', table.expenditure.total);
  add('expenditure.basic', '基本支出', table.expenditure.basicAndProject?.basic);
  add('expenditure.project', '项目支出', table.expenditure.basicAndProject?.project ?? table.expenditure.staffRunningProject?.project);
  add('expenditure.staff', '人员经费', table.expenditure.staffRunningProject?.staff);
  add('expenditure.running', '公用经费', table.expenditure.staffRunningProject?.running);
  add('balance.carriedIn', '年初结转结余', table.balance.carriedIn);
  add('balance.carriedOut', '年末结转结余', table.balance.carriedOut);
  add('execution.adjustedBudget', '调整后预算数', table.execution.adjustedBudget);
  add('execution.spent', '实际支出数', table.execution.spent);
  return out;
}

function dataTable(input: unknown): SnapshotDataTable | null {
  if (input === null || input === undefined) return null;
  const parsed = parseDataTable(input);
  if (!parsed.ok) return null;
  const count = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    unit: '万元',
    figures: figures(parsed.table),
    staffing: parsed.table.staffing.map((s) => ({
      organ: s.organ,
      authorizedPosts: count(s.authorizedPosts),
      staffInPost: count(s.staffInPost),
      retired: count(s.retired),
      retiredBefore1949: count(s.retiredBefore1949),
    })),
  };
}

function indicators(config: IndicatorConfig, scoresInput: unknown): SnapshotIndicators {
  const scores = parseScores(scoresInput ?? []).scores;
  const result = totalAndGrade(config, scores);
  const leaves = new Set(indicatorLeaves(config).map((leaf) => leaf.code));
  const rows: SnapshotIndicators['rows'] = [];
  const walk = (nodes: readonly IndicatorNode[], level: number) => {
    for (const node of nodes) {
      const score = leaves.has(node.code) ? (scores.find((s) => s.code === node.code)?.score ?? '') : (result.subtotals[node.code] ?? '');
      rows.push({ code: node.code, name: node.name, level, maximum: result.maxima[node.code] ?? node.maximum ?? '', score: score ?? '' });
      walk(node.children ?? [], level + 1);
    }
  };
  walk(config.indicators, 1);
  return { title: config.title, rows, total: result.total, grade: result.grade };
}

/** The canonical snapshot of a case version from its stored content. */
export function buildSnapshot(sources: SnapshotSources): SealedSnapshot {
  return {
    caseId: sources.caseId,
    contentVersion: sources.contentVersion,
    unitName: sources.unitName,
    fiscalYear: sources.fiscalYear,
    documentNumber: sources.documentNumber,
    date: sources.date,
    sections: sources.sections.map((s) => ({ code: s.code, title: s.title, revision: s.revision, blocks: [...s.blocks] })),
    dataTable: dataTable(sources.dataTableInput),
    indicators: indicators(sources.indicatorConfig, sources.scoresInput),
  };
}
