import { Decimal } from 'decimal.js';
import { REPORT_TITLE } from './outline-numbering';
import type { SealedSnapshot, SnapshotProjectForm } from './snapshot';

export const PROJECT_FORM_TITLE = '项目支出绩效自评表';

/** A cell of a printed form table. A cell spanning rows hides the cells below it: rows list only the cells that start there. */
export interface FormCell {
  text: string;
  header?: boolean;
  rowSpan?: number;
  colSpan?: number;
}

export interface FormTable {
  /** What the table holds, for people who read it cell by cell. */
  name: string;
  /** Too many columns for a phone's width: the HTML lets it scroll sideways rather than squeeze it. */
  wide: boolean;
  rows: FormCell[][];
}

/** A project form laid out as the national template prints it; both renderers draw the same tables. */
export interface ProjectFormLayout {
  title: string;
  /** （2023年度） */
  year: string;
  tables: FormTable[];
}

const head = (text: string, extra: Omit<FormCell, 'text' | 'header'> = {}): FormCell => ({ text, header: true, ...extra });
const cell = (text: string, extra: Omit<FormCell, 'text'> = {}): FormCell => ({ text, ...extra });

function headerTable(form: SnapshotProjectForm): FormTable {
  return {
    name: '项目基本情况',
    wide: false,
    rows: [
      [head('项目名称'), cell(form.projectName, { colSpan: 3 })],
      [head('主管部门'), cell(form.competentDepartment), head('实施单位'), cell(form.implementingUnit)],
      [head('项目负责人'), cell(form.projectLeader), head('联系电话'), cell(form.phone)],
    ],
  };
}

function fundingTable(form: SnapshotProjectForm): FormTable {
  const columns = ['项目资金（万元）', '年初预算数', `${form.columns.budget}（A）`, `${form.columns.spent}（B）`, '分值', '执行率（B/A）', '得分'];
  const rows: FormCell[][] = [[...columns.map((c) => head(c)), ...(form.fundingReasonColumn ? [head('原因说明')] : [])]];
  form.funding.forEach((row, index) => {
    const cells = [head(row.label), cell(row.initialBudget), cell(row.budget), cell(row.spent), cell(row.points), cell(row.rate), cell(row.score)];
    if (form.fundingReasonColumn && index === 0) cells.push(cell(form.fundingReason, { rowSpan: form.funding.length }));
    rows.push(cells);
  });
  // The national template has no reason column; a reason given all the same is printed, never dropped.
  if (!form.fundingReasonColumn && form.fundingReason !== '') rows.push([head('原因说明'), cell(form.fundingReason, { colSpan: columns.length - 1 })]);
  return { name: '项目资金', wide: true, rows };
}

function goalsTable(form: SnapshotProjectForm): FormTable {
  return {
    name: '年度总体目标',
    wide: false,
    rows: [
      [head('年度总体目标', { rowSpan: 2 }), head('预期目标'), head('实际完成情况')],
      [cell(form.goals.expected), cell(form.goals.actual)],
    ],
  };
}

/** How many rows from `start` repeat the same non-blank value (1 when blank or not repeated). */
function runLength(values: readonly string[], start: number, within: number): number {
  const value = values[start]!;
  if (value === '') return 1;
  let end = start + 1;
  while (end < within && values[end] === value) end++;
  return end - start;
}

/** Sum of the printed points, or blank when one of them is not a number. */
function pointsSum(form: SnapshotProjectForm): string {
  const all = [form.funding[0]?.points ?? '', ...form.indicators.map((row) => row.points)].filter((p) => p !== '');
  try {
    return all.reduce((sum, p) => sum.plus(new Decimal(p)), new Decimal(0)).toFixed();
  } catch {
    return '';
  }
}

function indicatorTable(form: SnapshotProjectForm): FormTable {
  const columns = [
    '一级指标',
    '二级指标',
    '三级指标',
    ...(form.indicatorColumns.nature ? ['指标性质'] : []),
    ...(form.indicatorColumns.unit ? ['度量单位'] : []),
    '年度指标值',
    '实际完成值',
    '分值',
    '得分',
    '偏差原因分析及改进措施',
  ];
  const rows: FormCell[][] = [columns.map((c) => head(c))];
  const level1 = form.indicators.map((r) => r.level1);
  const level2 = form.indicators.map((r) => r.level2);
  // Repeated 一级 and 二级 values are merged down, as the template prints them; a 二级 run never crosses its 一级.
  let level1End = 0;
  let level2End = 0;
  form.indicators.forEach((row, index) => {
    const cells: FormCell[] = [];
    if (index >= level1End) {
      const span = runLength(level1, index, form.indicators.length);
      level1End = index + span;
      cells.push(cell(row.level1, span > 1 ? { rowSpan: span } : {}));
    }
    if (index >= level2End) {
      const span = runLength(level2, index, level1End);
      level2End = index + span;
      cells.push(cell(row.level2, span > 1 ? { rowSpan: span } : {}));
    }
    cells.push(cell(row.level3));
    if (form.indicatorColumns.nature) cells.push(cell(row.nature));
    if (form.indicatorColumns.unit) cells.push(cell(row.unit));
    cells.push(cell(row.target), cell(row.actual), cell(row.points), cell(row.score), cell(row.deviationReason));
    rows.push(cells);
  });
  const before = columns.length - 3;
  rows.push([head('总分', { colSpan: before }), cell(pointsSum(form)), cell(form.total), cell(capNote(form))]);
  rows.push([head('评价等级', { colSpan: before }), cell(form.grade ?? '未评定', { colSpan: 3 })]);
  return { name: '绩效指标', wide: true, rows };
}

function capNote(form: SnapshotProjectForm): string {
  return form.cap === null ? '' : `（按执行率封顶${form.cap}分）`;
}

export function projectFormLayout(snapshot: SealedSnapshot, form: SnapshotProjectForm): ProjectFormLayout {
  return {
    title: PROJECT_FORM_TITLE,
    year: `（${snapshot.fiscalYear}年度）`,
    tables: [headerTable(form), fundingTable(form), goalsTable(form), indicatorTable(form)],
  };
}

/** The document's title: the department-wide report's, or the forms' when the unit files forms only. */
export function documentTitle(snapshot: { departmentReport?: boolean }): string {
  return snapshot.departmentReport === false ? PROJECT_FORM_TITLE : REPORT_TITLE;
}
