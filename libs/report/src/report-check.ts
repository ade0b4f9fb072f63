import type { NarrativeSection } from './data-table/narrative';
import { checkDepartmentReport } from './department-report';
import { DEFAULT_INDICATOR_CONFIG, type IndicatorConfig } from './indicators/indicator-config';
import type { Problem } from './problem';
import { checkProjectForm } from './project-form/check-project-form';
import { parseProjectForm } from './project-form/parse-project-form';
import { rulePackById } from './project-form/rule-packs';

/**
 * One report as it reaches the checks: the department-wide report (its basic data table, score sheet
 * and sections) or one project form with the id of the campaign's rule pack. The API checks each
 * piece through the same functions; this entry point runs them together for the conformance corpus.
 */
export type ReportCheckInput = DepartmentReportCheckInput | ProjectFormCheckInput;

export interface DepartmentReportCheckInput {
  kind: 'department';
  dataTable: unknown;
  /** The campaign's indicator tree; the default overall-spending tree when absent. */
  indicatorConfig?: IndicatorConfig;
  /** The score sheet as sent: `[{ code, score, justification? }]`; an empty sheet when absent. */
  scores?: unknown;
  sections?: readonly NarrativeSection[];
  /** 万元; 0.01 when absent, as the campaign default. */
  roundingTolerance?: string;
}

export interface ProjectFormCheckInput {
  kind: 'project';
  /** A shipped rule pack's id, e.g. `national-2020`. */
  rulePack: string;
  projectForm: unknown;
}

export interface ReportCheckOutcome {
  kind: ReportCheckInput['kind'];
  /** Every problem found, bad input included (as errors); paths are the API's. */
  problems: Problem[];
  /** True when the input itself was refused (the API would answer 4xx and store nothing). */
  refused: boolean;
}

/** Thrown for a rule pack id that no shipped pack has: a configuration mistake, not a report's defect. */
export class UnknownRulePackError extends Error {
  constructor(readonly id: string) {
    super(`没有编号为“${id}”的评分规则`);
    this.name = 'UnknownRulePackError';
  }
}

export function checkReport(input: ReportCheckInput): ReportCheckOutcome {
  return input.kind === 'department' ? checkDepartment(input) : checkProject(input);
}

function checkDepartment(input: DepartmentReportCheckInput): ReportCheckOutcome {
  const outcome = checkDepartmentReport({
    dataTableInput: input.dataTable,
    scoresInput: input.scores ?? [],
    indicatorConfig: input.indicatorConfig ?? DEFAULT_INDICATOR_CONFIG,
    sections: [...(input.sections ?? [])],
    roundingTolerance: input.roundingTolerance ?? '0.01',
  });
  const problems = [...outcome.dataTable, ...outcome.scores];
  return { kind: 'department', problems, refused: false };
}

function checkProject(input: ProjectFormCheckInput): ReportCheckOutcome {
  const pack = rulePackById(input.rulePack);
  if (!pack) throw new UnknownRulePackError(input.rulePack);
  const parsed = parseProjectForm(input.projectForm);
  if (!parsed.ok) {
    const problems: Problem[] = parsed.errors.map((error) => ({
      severity: 'error',
      code: error.code,
      message: error.message,
      path: error.path,
      ...(error.received !== undefined ? { figures: { received: error.received } } : {}),
    }));
    return { kind: 'project', problems, refused: true };
  }
  return { kind: 'project', problems: checkProjectForm(parsed.form, pack).problems, refused: false };
}
