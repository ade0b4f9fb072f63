import type { Decimal } from 'decimal.js';
import { checkDataTable } from './data-table/data-table.check';
import { parseDataTable, type DataTable } from './data-table/data-table';
import { checkNarrative, type NarrativeSection } from './data-table/narrative';
import type { IndicatorConfig } from './indicators/indicator-config';
import { checkScores, parseScores, totalAndGrade, type IndicatorResult } from './indicators/indicator-scores';
import { checkStatedResultInText } from './indicators/stated-result';
import type { Problem } from './problem';

/** What the department-wide report (部门整体支出绩效自评报告) holds, as stored: input not yet parsed. */
export interface DepartmentReportInput {
  /** The basic data table as saved; null or undefined while nothing is saved. */
  dataTableInput: unknown;
  /** The score sheet as saved; null or undefined while nothing is saved. */
  scoresInput: unknown;
  indicatorConfig: IndicatorConfig;
  sections: NarrativeSection[];
  /** 万元, the campaign's setting. */
  roundingTolerance: string;
}

export interface DepartmentReportCheck {
  /** Parse errors, the table's own checks and the figures the text quotes. */
  dataTable: Problem[];
  /** Parse errors, the scores' checks (the execution score against the table) and the result the text states. */
  scores: Problem[];
  result: IndicatorResult;
}

export const DATA_TABLE_MISSING: Problem = { severity: 'error', code: 'DATA_TABLE.MISSING', message: '尚未填写基础数据表', path: '(table)' };

/** 预算执行率 as a fraction, once the table has both figures and a budget above zero. */
function executionRateOf(table: DataTable | undefined): Decimal | undefined {
  const budget = table?.execution.adjustedBudget?.wanYuan;
  const spent = table?.execution.spent?.wanYuan;
  if (!budget || !spent || budget.isZero()) return undefined;
  return spent.dividedBy(budget);
}

/**
 * Every check of the department-wide report, pure: the API's views and the review guard read it,
 * and the conformance run calls the same function with the figures of published reports.
 * Section paths are `sections.<code>.paragraphs.<n>`.
 */
export function checkDepartmentReport(input: DepartmentReportInput): DepartmentReportCheck {
  let table: DataTable | undefined;
  let dataTable: Problem[];
  if (input.dataTableInput === null || input.dataTableInput === undefined) {
    dataTable = [DATA_TABLE_MISSING];
  } else {
    const parsed = parseDataTable(input.dataTableInput);
    if (parsed.ok) {
      table = parsed.table;
      dataTable = [...checkDataTable(parsed.table, { roundingTolerance: input.roundingTolerance }), ...checkNarrative(input.sections, parsed.table)];
    } else {
      dataTable = parsed.errors.map((e) => ({ severity: 'error' as const, code: e.code, message: e.message, path: e.path }));
    }
  }

  const parsedScores = parseScores(input.scoresInput ?? []);
  const scores =
    parsedScores.problems.length > 0
      ? parsedScores.problems
      : [
          ...checkScores(input.indicatorConfig, parsedScores.scores, { executionRate: executionRateOf(table) }),
          ...checkStatedResultInText(input.indicatorConfig, parsedScores.scores, input.sections),
        ];
  return { dataTable, scores, result: totalAndGrade(input.indicatorConfig, parsedScores.scores) };
}
