import { Injectable } from '@nestjs/common';
import { ReportTableStore, SectionStore, type ProblemAcknowledgement, type StoredReportTable, type Tx } from '@jixiao/persistence';
import {
  checkDataTable,
  checkNarrative,
  checkScores,
  checkSectionText,
  DEFAULT_INDICATOR_CONFIG,
  isScoreSheetComplete,
  parseDataTable,
  parseScores,
  problemKey,
  totalAndGrade,
  type IndicatorConfig,
  type NarrativeSection,
  type Problem,
  type SectionBlock,
} from '@jixiao/report';
import { contextOf, restoreLifecycle, type TableFacts } from '@jixiao/workflow';
import { notFound } from './errors';
import { ProjectFormChecks } from './project-forms/project-form.checks';

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

const MISSING: Problem = { severity: 'error', code: 'DATA_TABLE.MISSING', message: '尚未填写基础数据表', path: '(table)' };

/**
 * What the report's tables say about themselves: checked from their stored input on every read, so
 * a rule change applies without migrating data. The REQUEST_REVIEW guard and the API read the same.
 */
@Injectable()
export class ReportFacts {
  constructor(
    private readonly tableStore: ReportTableStore,
    private readonly sectionStore: SectionStore,
    private readonly projectForms: ProjectFormChecks,
  ) {}

  async tables(tx: Tx, caseId: string): Promise<TableFacts> {
    const context = await this.context(tx, caseId);
    const data = await this.dataTable(tx, caseId, context);
    const scores = await this.tableStore.current(tx, caseId, 'indicators', context.contentVersion);
    const parsed = parseScores(scores?.input ?? []);
    const scoreProblems = parsed.problems.length > 0 ? parsed.problems : checkScores(context.indicatorConfig, parsed.scores);
    // A section never saved has no blocks: it is empty, not template text, and its approval is checked on its own.
    const sections = await this.sectionStore.latestOfCase(tx, caseId);
    return {
      dataErrors: data.problems.filter((p) => p.severity === 'error').length,
      unacknowledgedWarnings: data.problems.filter((p) => p.severity === 'warning' && p.acknowledgement === null).length,
      indicatorsComplete: scores !== null && isScoreSheetComplete(context.indicatorConfig, parsed.scores),
      indicatorErrors: scoreProblems.filter((p) => p.severity === 'error' && p.code !== 'INDICATORS.SCORE_BLANK').length,
      sectionsWithTemplateText: sections.filter((s) => checkSectionText(s.code, s.blocks).some((p) => p.code === 'SECTION.TEMPLATE_TEXT')).length,
      ...(await this.projectForms.tableFacts(tx, caseId, context.contentVersion)),
    };
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
    const stored = await this.tableStore.current(tx, caseId, 'data', context.contentVersion);
    const acknowledgements = await this.tableStore.acknowledgements(tx, caseId, context.contentVersion);
    let problems: Problem[];
    if (!stored) {
      problems = [MISSING];
    } else {
      const parsed = parseDataTable(stored.input);
      problems = parsed.ok
        ? [
            ...checkDataTable(parsed.table, { roundingTolerance: context.roundingTolerance }),
            // Figures the sections quote (收入决算 in 1.4, say) must agree with the table: a contradiction is an error.
            ...checkNarrative((await this.sectionStore.latestOfCase(tx, caseId)).map((s) => narrativeOf(s.code, s.blocks)), parsed.table).map((p) => ({
              ...p,
              path: p.path.replace(/\.paragraphs\.(\d+)$/, '.blocks.$1'),
            })),
          ]
        : parsed.errors.map((e) => ({ severity: 'error' as const, code: e.code, message: e.message, path: e.path }));
    }
    return { ...base(stored, context), problems: withAcknowledgements(problems, acknowledgements) };
  }

  async indicatorScores(tx: Tx, caseId: string, context: TableContext): Promise<IndicatorScoresView> {
    const stored = await this.tableStore.current(tx, caseId, 'indicators', context.contentVersion);
    const parsed = parseScores(stored?.input ?? []);
    const problems = parsed.problems.length > 0 ? parsed.problems : checkScores(context.indicatorConfig, parsed.scores);
    const result = totalAndGrade(context.indicatorConfig, parsed.scores);
    return { ...base(stored, context), ...result, problems: withAcknowledgements(problems, []) };
  }
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
