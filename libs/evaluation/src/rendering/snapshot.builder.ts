import { Decimal } from 'decimal.js';
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
  type ProjectFormInput,
  type ProjectFormResult,
  type RulePack,
  type SectionBlock,
} from '@jixiao/report';
import type { SealedSnapshot, SnapshotDataTable, SnapshotFigure, SnapshotIndicators, SnapshotProjectForm } from './snapshot';

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
  /** The case's project forms as printed, in the campaign's order (each from `projectFormSnapshot`). */
  projectForms?: readonly SnapshotProjectForm[];
  /** False when the unit files project forms only; absent or true: it files the department-wide report. */
  departmentReport?: boolean;
}

/** The project as the campaign configures it: what the form's header falls back to when left blank. */
export interface ConfiguredProject {
  code: string;
  name: string;
  competentDepartment: string;
  implementingUnit: string;
}

const FUNDING_ROWS = [
  ['total', '年度资金总额'],
  ['currentYearAppropriation', '其中：当年财政拨款'],
  ['carriedOver', '上年结转资金'],
  ['other', '其他资金'],
] as const;

/** 执行率 as the form prints it: a percentage at two decimals, rounded half up. */
function printedRate(percent: string | null): string {
  if (percent === null) return '';
  return `${new Decimal(percent).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)}%`;
}

/**
 * One project form as the sealed document prints it: figures as typed, the execution rate, its
 * score, the total and the grade as the checks derived them (never as typed), the column labels of
 * the campaign's rule pack.
 */
export function projectFormSnapshot(project: ConfiguredProject, input: ProjectFormInput, pack: RulePack, result: ProjectFormResult): SnapshotProjectForm {
  const text = (value: string | undefined, fallback = '') => (value !== undefined && value.trim() !== '' ? value : fallback);
  const header = input.header ?? {};
  return {
    code: project.code,
    projectName: text(header.projectName, project.name),
    competentDepartment: text(header.competentDepartment, project.competentDepartment),
    implementingUnit: text(header.implementingUnit, project.implementingUnit),
    projectLeader: text(header.projectLeader),
    phone: text(header.phone),
    rulePackName: pack.name,
    columns: { budget: pack.columns.budget, spent: pack.columns.spent },
    indicatorColumns: { nature: pack.indicatorColumns.nature, unit: pack.indicatorColumns.unit },
    fundingReasonColumn: pack.fundingReasonColumn,
    funding: FUNDING_ROWS.map(([key, label]) => {
      const row = input.funding?.[key] ?? {};
      const total = key === 'total';
      return {
        label,
        initialBudget: text(row.initialBudget),
        budget: text(row.budget),
        spent: text(row.spent),
        points: total ? pack.weights.execution : '',
        rate: total ? printedRate(result.executionRatePercent) : '',
        score: total ? (result.executionScore ?? '') : '',
      };
    }),
    fundingReason: text(input.funding?.reason),
    goals: { expected: text(input.goals?.expected), actual: text(input.goals?.actual) },
    indicators: (input.indicators ?? []).map((row) => ({
      level1: text(row.level1),
      level2: text(row.level2),
      level3: text(row.level3),
      nature: text(row.nature),
      unit: text(row.unit),
      target: text(row.target),
      actual: text(row.actual),
      points: text(row.points),
      score: text(row.score),
      deviationReason: text(row.deviationReason),
    })),
    total: result.total,
    cap: result.cap,
    grade: result.grade,
  };
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
    // Set only when there is something to say, so that a snapshot of a case without forms keeps its old text and hash.
    ...(sources.projectForms && sources.projectForms.length > 0 ? { projectForms: sources.projectForms.map(copyForm) } : {}),
    ...(sources.departmentReport === false ? { departmentReport: false as const } : {}),
  };
}

function copyForm(form: SnapshotProjectForm): SnapshotProjectForm {
  return {
    ...form,
    columns: { ...form.columns },
    indicatorColumns: { ...form.indicatorColumns },
    funding: form.funding.map((row) => ({ ...row })),
    goals: { ...form.goals },
    indicators: form.indicators.map((row) => ({ ...row })),
  };
}
