import type { Decimal } from 'decimal.js';
import type { Problem, TableCheck } from '../problem';
import type { Amount, DataTable } from './data-table';
import { INCOME_COMPONENT_LABELS, INCOME_COMPONENTS, STAFFING_COUNTS, STAFFING_LABELS } from './data-table';
import { Exact, formatExact, formatWanYuan } from './exact';
import { checkSum } from './sum-rule';

/** The campaign's settings for this table; configuration, never constants. */
export interface DataTableCheckConfig {
  /** 万元; a total off by no more than this is a warning to acknowledge, beyond it an error. */
  roundingTolerance: Decimal.Value;
}

export const DEFAULT_DATA_TABLE_CHECK_CONFIG: Readonly<DataTableCheckConfig> = { roundingTolerance: '0.01' };

const NS = 'DATA_TABLE';

/**
 * 预算执行率 in PERCENT (spent / adjusted budget × 100), as the basic data table prints it; the
 * indicators lib's `executionRate` gives the same quotient as a fraction. Exact whenever the quotient
 * terminates; otherwise correct to 50 significant digits. Never rounded to a printed precision.
 */
export function executionRatePercent(spent: Decimal.Value, adjustedBudget: Decimal.Value): Decimal {
  const budget = new Exact(adjustedBudget);
  if (budget.isZero()) throw new RangeError('执行率无法计算：调整预算数为 0');
  return new Exact(spent).times(100).dividedBy(budget);
}

function wan(amount: Amount | undefined): Decimal | undefined {
  return amount?.wanYuan;
}

function requiredMissing(path: string, message: string): Problem {
  return { severity: 'error', code: `${NS}.REQUIRED_MISSING`, message, path };
}

function checkIncome(table: DataTable, tolerance: Decimal.Value): Problem[] {
  const { total, components } = table.income;
  const parts = INCOME_COMPONENTS.map((key) => ({ path: `income.components.${key}`, label: INCOME_COMPONENT_LABELS[key], value: wan(components[key]) }));
  if (total === undefined && parts.every((part) => part.value === undefined)) {
    return [requiredMissing('income.total', '请填写收入决算合计数及其组成')];
  }
  return checkSum({ namespace: NS, kind: 'amount', total: { path: 'income.total', label: '收入决算', value: wan(total) }, parts }, tolerance);
}

function checkExpenditure(table: DataTable, tolerance: Decimal.Value): Problem[] {
  const { total, basicAndProject: a, staffRunningProject: b } = table.expenditure;
  if (total === undefined && !a && !b) return [requiredMissing('expenditure.total', '请填写支出决算合计数及其构成（基本支出/项目支出，或人员经费/公用经费/项目支出）')];
  const totalTerm = { path: 'expenditure.total', label: '支出决算', value: wan(total) };
  const problems: Problem[] = [];
  if (a) {
    problems.push(
      ...checkSum(
        {
          namespace: NS,
          kind: 'amount',
          total: totalTerm,
          parts: [
            { path: 'expenditure.basicAndProject.basic', label: '基本支出', value: wan(a.basic) },
            { path: 'expenditure.basicAndProject.project', label: '项目支出', value: wan(a.project) },
          ],
        },
        tolerance,
      ),
    );
  }
  if (b) {
    const fromB = checkSum(
      {
        namespace: NS,
        kind: 'amount',
        total: totalTerm,
        parts: [
          { path: 'expenditure.staffRunningProject.staff', label: '人员经费', value: wan(b.staff) },
          { path: 'expenditure.staffRunningProject.running', label: '公用经费', value: wan(b.running) },
          { path: 'expenditure.staffRunningProject.project', label: '项目支出', value: wan(b.project) },
        ],
      },
      tolerance,
    );
    // A blank total is reported once, even when both splits are given.
    problems.push(...fromB.filter((problem) => !(problem.code === `${NS}.TOTAL_MISSING` && problems.some((p) => p.code === problem.code && p.path === problem.path))));
  }
  if (a && b) {
    problems.push(
      ...checkSum(
        {
          namespace: NS,
          kind: 'amount',
          total: { path: 'expenditure.basicAndProject.basic', label: '基本支出', value: wan(a.basic) },
          parts: [
            { path: 'expenditure.staffRunningProject.staff', label: '人员经费', value: wan(b.staff) },
            { path: 'expenditure.staffRunningProject.running', label: '公用经费', value: wan(b.running) },
          ],
        },
        tolerance,
      ),
    );
    if (a.project && b.project && !a.project.wanYuan.equals(b.project.wanYuan)) {
      const difference = a.project.wanYuan.minus(b.project.wanYuan);
      problems.push({
        severity: 'error',
        code: `${NS}.SPLITS_DISAGREE`,
        message: `两种支出构成中的项目支出不一致：基本支出/项目支出口径为 ${formatWanYuan(a.project.wanYuan)} 万元，人员经费/公用经费/项目支出口径为 ${formatWanYuan(b.project.wanYuan)} 万元，相差 ${formatWanYuan(difference)} 万元：同一项目支出应填相同数额`,
        path: 'expenditure.staffRunningProject.project',
        figures: { basicAndProject: formatWanYuan(a.project.wanYuan), staffRunningProject: formatWanYuan(b.project.wanYuan), difference: formatWanYuan(difference) },
      });
    }
  }
  return problems;
}

function checkExecution(table: DataTable): Problem[] {
  const { adjustedBudget, spent, printedRate } = table.execution;
  if (!adjustedBudget && !spent && !printedRate) return [];
  const problems: Problem[] = [];
  if (!adjustedBudget) problems.push(requiredMissing('execution.adjustedBudget', '计算预算执行率需要调整预算数，请填写'));
  if (!spent) problems.push(requiredMissing('execution.spent', '计算预算执行率需要实际支出数，请填写'));
  if (!adjustedBudget || !spent) return problems;
  if (adjustedBudget.wanYuan.isZero()) {
    return [
      {
        severity: 'error',
        code: `${NS}.ADJUSTED_BUDGET_ZERO`,
        message: '调整预算数为 0，无法计算预算执行率：请核对调整预算数',
        path: 'execution.adjustedBudget',
        figures: { adjustedBudget: formatWanYuan(adjustedBudget.wanYuan), spent: formatWanYuan(spent.wanYuan) },
      },
    ];
  }
  if (!printedRate) return [];
  const computed = executionRatePercent(spent.wanYuan, adjustedBudget.wanYuan);
  const difference = printedRate.percent.minus(computed);
  const halfUnit = new Exact(10).pow(-printedRate.decimals).dividedBy(2);
  if (difference.abs().lessThanOrEqualTo(halfUnit)) return [];
  const shown = printedRate.decimals + 4;
  const expected = computed.toFixed(printedRate.decimals);
  return [
    {
      severity: 'error',
      code: `${NS}.RATE_MISMATCH`,
      message: `预算执行率填为 ${printedRate.text}%，但实际支出 ${formatWanYuan(spent.wanYuan)} 万元 ÷ 调整预算数 ${formatWanYuan(adjustedBudget.wanYuan)} 万元 × 100 = ${formatExact(computed.toDecimalPlaces(shown))}%，按所填精度应为 ${expected}%：请按计算结果四舍五入填写，评分以未经舍入的计算值为准`,
      path: 'execution.printedRate',
      figures: {
        printed: printedRate.text,
        computed: formatExact(computed.toDecimalPlaces(shown)),
        expected,
        difference: formatExact(difference.toDecimalPlaces(shown)),
      },
    },
  ];
}

function checkBalance(table: DataTable, tolerance: Decimal.Value): Problem[] {
  const income = table.income.total?.wanYuan;
  const expenditure = table.expenditure.total?.wanYuan;
  if (!income || !expenditure) return [];
  const { carriedIn, carriedOut } = table.balance;
  const problems: Problem[] = [];
  if (expenditure.greaterThan(income)) {
    const excess = expenditure.minus(income);
    problems.push({
      severity: 'note',
      code: `${NS}.SPENT_ABOVE_INCOME`,
      message: carriedIn
        ? `支出决算 ${formatWanYuan(expenditure)} 万元高于收入决算 ${formatWanYuan(income)} 万元 ${formatWanYuan(excess)} 万元，由年初结转结余 ${formatWanYuan(carriedIn.wanYuan)} 万元安排`
        : `支出决算 ${formatWanYuan(expenditure)} 万元高于收入决算 ${formatWanYuan(income)} 万元 ${formatWanYuan(excess)} 万元：这通常由年初结转结余安排，请填写年初结转结余以便核对`,
      path: 'expenditure.total',
      figures: { income: formatWanYuan(income), expenditure: formatWanYuan(expenditure), excess: formatWanYuan(excess) },
    });
  }
  if (!carriedIn || !carriedOut) {
    if (carriedIn || carriedOut) {
      const missing = carriedIn ? 'balance.carriedOut' : 'balance.carriedIn';
      problems.push({
        severity: 'note',
        code: `${NS}.BALANCE_INCOMPLETE`,
        message: `请同时填写年初结转结余和年末结转结余，以核对 收入 + 年初结转结余 − 支出 = 年末结转结余`,
        path: missing,
      });
    }
    return problems;
  }
  const computed = income.plus(carriedIn.wanYuan).minus(expenditure);
  const printed = carriedOut.wanYuan;
  if (printed.equals(computed)) return problems;
  const difference = printed.minus(computed);
  const limit = new Exact(tolerance);
  const within = difference.abs().lessThanOrEqualTo(limit);
  const relation = `收入决算 ${formatWanYuan(income)} + 年初结转结余 ${formatWanYuan(carriedIn.wanYuan)} − 支出决算 ${formatWanYuan(expenditure)} = ${formatWanYuan(computed)} 万元，而年末结转结余填为 ${formatWanYuan(printed)} 万元，相差 ${formatWanYuan(difference)} 万元`;
  problems.push({
    severity: within ? 'warning' : 'error',
    code: `${NS}.${within ? 'BALANCE_WITHIN_TOLERANCE' : 'BALANCE_MISMATCH'}`,
    message: within ? `${relation}，在尾差容许范围内：如属四舍五入尾差，请确认并说明` : `${relation}：请核对结转结余、收入或支出`,
    path: 'balance.carriedOut',
    figures: { printed: formatWanYuan(printed), computed: formatWanYuan(computed), difference: formatWanYuan(difference), tolerance: formatWanYuan(limit) },
  });
  return problems;
}

function checkStaffing(table: DataTable): Problem[] {
  if (table.staffing.length === 0) return [requiredMissing('staffing', '请按机构填写人员编制情况（编制数、实有在职、退休、离休）')];
  const problems: Problem[] = [];
  table.staffing.forEach((row, index) => {
    for (const key of STAFFING_COUNTS) {
      if (row[key] === undefined) problems.push(requiredMissing(`staffing.${index}.${key}`, `请填写${row.organ}的${STAFFING_LABELS[key]}（没有请填 0）`));
    }
    if (row.authorizedPosts !== undefined && row.staffInPost !== undefined && row.staffInPost > row.authorizedPosts) {
      problems.push({
        severity: 'warning',
        code: `${NS}.STAFF_ABOVE_POSTS`,
        message: `${row.organ}实有在职 ${row.staffInPost} 人，多于编制 ${row.authorizedPosts} 名（超出 ${row.staffInPost - row.authorizedPosts} 人）：请核对，或说明超编原因`,
        path: `staffing.${index}.staffInPost`,
        figures: { authorizedPosts: String(row.authorizedPosts), staffInPost: String(row.staffInPost), excess: String(row.staffInPost - row.authorizedPosts) },
      });
    }
  });
  return problems;
}

/** Every problem of the table, in the table's order; an empty list means clean. */
export function checkDataTable(table: DataTable, config: DataTableCheckConfig = DEFAULT_DATA_TABLE_CHECK_CONFIG): Problem[] {
  const tolerance = new Exact(config.roundingTolerance);
  if (tolerance.isNegative() || !tolerance.isFinite()) throw new RangeError(`尾差容许范围应为非负数，收到 ${String(config.roundingTolerance)}`);
  const totals = [...checkIncome(table, tolerance), ...checkExpenditure(table, tolerance)];
  // A total left blank or at 0 says nothing about the balance; compare once it is filled.
  const totalsFilled = !totals.some((problem) => problem.code === `${NS}.TOTAL_MISSING`);
  return [...totals, ...checkExecution(table), ...(totalsFilled ? checkBalance(table, tolerance) : []), ...checkStaffing(table)];
}

export const dataTableCheck: TableCheck<DataTable, DataTableCheckConfig> = { check: checkDataTable };
