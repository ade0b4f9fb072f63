import { Injectable } from '@nestjs/common';
import { ReportContentStore, ReportTableStore, SectionStore, type ProblemAcknowledgement, type ReportContent, type StoredReportTable, type Tx } from '@jixiao/persistence';
import {
  checkDepartmentReport,
  checkSectionText,
  DEFAULT_INDICATOR_CONFIG,
  NATIONAL_RULE_PACK,
  isScoreSheetComplete,
  parseScores,
  problemKey,
  type DepartmentReportCheck,
  type IndicatorConfig,
  type NarrativeSection,
  type Problem,
  type RulePack,
  type SectionBlock,
} from '@jixiao/report';
import { contextOf, restoreLifecycle, type TableFacts } from '@jixiao/workflow';
import { notFound } from './errors';
import { checkStored } from './project-forms/project-form.checks';

/** A problem as the API shows it: with its key, and the acknowledgement a warning has received. */
export interface ReportProblem extends Problem {
  key: string;
  acknowledgement: { comment: string; userId: string; at: string } | null;
}

interface TableBase {
  contentVersion: number;
  /** 0 while nothing is saved: the revision a first save expects. */
  revision: number;
  input: unknown;
  updatedBy: string | null;
  updatedAt: string | null;
  problems: ReportProblem[];
}

export type DataTableView = TableBase;

export interface IndicatorScoresView extends TableBase {
  total: string;
  grade: string | null;
  complete: boolean;
  subtotals: Record<string, string>;
  maxima: Record<string, string>;
}

/** The campaign's settings for a case's tables, and the content version in force. */
export interface TableContext {
  contentVersion: number;
  roundingTolerance: string;
  indicatorConfig: IndicatorConfig;
}

/** The stored tables of a case and what `checkDepartmentReport` says of them. */
interface CheckedReport {
  data: StoredReportTable | null;
  scores: StoredReportTable | null;
  check: DepartmentReportCheck;
}

/**
 * What the report's tables say about themselves: checked from their stored input on every read, so
 * a rule change applies without migrating data. The REQUEST_REVIEW guard and the API read the same.
 */
@Injectable()
export class ReportFacts {
  constructor(
    private readonly tableStore: ReportTableStore,
    private readonly sectionStore: SectionStore,
    private readonly contentStore: ReportContentStore,
  ) {}

  /** What the REQUEST_REVIEW gate reads of the report in force, in one statement. */
  async tables(tx: Tx, caseId: string): Promise<TableFacts> {
    const found = await this.contentStore.inForce(tx, caseId);
    if (!found) throw notFound('case', caseId);
    return reviewGateFacts(found.content);
  }

  async context(tx: Tx, caseId: string): Promise<TableContext> {
    const settings = await this.tableStore.settings(tx, caseId);
    if (!settings) throw notFound('case', caseId);
    const snapshot = restoreLifecycle({ machineVersion: settings.machineVersion, snapshot: settings.snapshot });
    return {
      contentVersion: contextOf(snapshot).contentVersion,
      roundingTolerance: settings.roundingTolerance,
      indicatorConfig: (settings.indicatorConfig as IndicatorConfig | null) ?? DEFAULT_INDICATOR_CONFIG,
    };
  }

  async dataTable(tx: Tx, caseId: string, context: TableContext): Promise<DataTableView> {
    const { data, check } = await this.checked(tx, caseId, context);
    const acknowledgements = await this.tableStore.acknowledgements(tx, caseId, context.contentVersion);
    return { ...base(data, context), problems: withAcknowledgements(check.dataTable, acknowledgements) };
  }

  async indicatorScores(tx: Tx, caseId: string, context: TableContext): Promise<IndicatorScoresView> {
    const { scores, check } = await this.checked(tx, caseId, context);
    return { ...base(scores, context), ...check.result, problems: withAcknowledgements(check.scores, []) };
  }

  /** Both tables and the sections' text, through the one pure check the conformance run also uses. */
  private async checked(tx: Tx, caseId: string, context: TableContext): Promise<CheckedReport> {
    const data = await this.tableStore.current(tx, caseId, 'data', context.contentVersion);
    const scores = await this.tableStore.current(tx, caseId, 'indicators', context.contentVersion);
    const sections = (await this.sectionStore.latestOfCase(tx, caseId)).map((s) => narrativeOf(s.code, s.blocks));
    const check = checkDepartmentReport({
      dataTableInput: data?.input ?? null,
      scoresInput: scores?.input ?? null,
      indicatorConfig: context.indicatorConfig,
      sections,
      roundingTolerance: context.roundingTolerance,
    });
    return { data, scores, check: { ...check, dataTable: check.dataTable.map(toBlocks), scores: check.scores.map(toBlocks) } };
  }
}

/**
 * What the REQUEST_REVIEW gate reads of a report: the data table's errors and unacknowledged
 * warnings, whether the score sheet is complete and without errors, the sections still holding
 * template text, and the project forms with errors or not yet approved. From the stored content,
 * checked on every read, through the same checks the tables' and forms' views use.
 */
export function reviewGateFacts(content: ReportContent): TableFacts {
  const indicatorConfig = (content.indicatorConfig as IndicatorConfig | null) ?? DEFAULT_INDICATOR_CONFIG;
  // A section never saved has no blocks: it is empty, not template text, and its approval is checked on its own.
  const sections = content.sections.map((s) => ({ code: s.code, blocks: (s.blocks ?? []) as SectionBlock[] }));
  const check = checkDepartmentReport({
    dataTableInput: content.dataInput,
    scoresInput: content.scoresInput,
    indicatorConfig,
    sections: sections.map((s) => narrativeOf(s.code, s.blocks)),
    roundingTolerance: content.roundingTolerance,
  });
  const acknowledged = new Set(content.acknowledgedKeys);
  const pack = (content.rulePack as RulePack | null) ?? NATIONAL_RULE_PACK;
  const forms = content.projects.map((p) => ({ name: p.name, approved: p.approved, errors: checkStored(p.input, pack).problems.filter((x) => x.severity === 'error').length }));
  return {
    dataErrors: check.dataTable.filter((p) => p.severity === 'error').length,
    unacknowledgedWarnings: check.dataTable.filter((p) => p.severity === 'warning' && !acknowledged.has(problemKey(toBlocks(p)))).length,
    indicatorsComplete: content.scoresInput !== null && isScoreSheetComplete(indicatorConfig, parseScores(content.scoresInput).scores),
    indicatorErrors: check.scores.filter((p) => p.severity === 'error' && p.code !== 'INDICATORS.SCORE_BLANK').length,
    sectionsWithTemplateText: sections.filter((s) => checkSectionText(s.code, s.blocks).some((p) => p.code === 'SECTION.TEMPLATE_TEXT')).length,
    departmentReport: content.filesDepartmentReport,
    projectFormErrors: forms.filter((f) => f.errors > 0).map((f) => ({ name: f.name, count: f.errors })),
    projectFormsUnapproved: forms.filter((f) => !f.approved).map((f) => f.name),
  };
}

/** A quote's paragraph is its section's block (see narrativeOf): problems name the block, and their keys do. */
function toBlocks(problem: Problem): Problem {
  return { ...problem, path: problem.path.replace(/\.paragraphs\.(\d+)$/, '.blocks.$1') };
}

/**
 * A section's blocks as the narrative check reads them: one paragraph per block, so that a problem's
 * index is the block's. A table's cells are joined by spaces within a row and rows by '；', so a
 * label and its figure are found in one row ("收入决算 | 2686.28万元") but never across two.
 */
function narrativeOf(code: string, blocks: readonly SectionBlock[]): NarrativeSection {
  return {
    code,
    paragraphs: blocks.map((block) => {
      if (block.type !== 'table') return block.text ?? '';
      const rows = [...(block.header ? [block.header] : []), ...(block.rows ?? [])];
      return [block.caption ?? '', ...rows.map((row) => row.join(' '))].filter((t) => t !== '').join('；');
    }),
  };
}

function base(stored: StoredReportTable | null, context: TableContext): Omit<TableBase, 'problems'> {
  return {
    contentVersion: context.contentVersion,
    revision: stored?.revision ?? 0,
    input: stored?.input ?? null,
    updatedBy: stored?.updatedBy ?? null,
    updatedAt: stored?.updatedAt.toISOString() ?? null,
  };
}

function withAcknowledgements(problems: readonly Problem[], acknowledgements: readonly ProblemAcknowledgement[]): ReportProblem[] {
  const byKey = new Map(acknowledgements.map((a) => [a.problemKey, a]));
  return problems.map((problem) => {
    const key = problemKey(problem);
    const found = problem.severity === 'warning' ? byKey.get(key) : undefined;
    return { ...problem, key, acknowledgement: found ? { comment: found.comment, userId: found.userId, at: found.createdAt.toISOString() } : null };
  });
}
