import { Injectable } from '@nestjs/common';
import { ReportTableStore, TrackingStore, Transactor, type ReportTableKind, type Tx } from '@jixiao/persistence';
import { checkScores, parseDataTable, parseScores, type Problem } from '@jixiao/report';
import { CaseLoader } from './cases/case.loader';
import { conflict, unprocessable } from './errors';
import type { Principal } from './principal';
import type { DataTableActionType, ScoresActionType } from '@jixiao/workflow';
import { actionViews, CaseRulebook, requireAvailable, type ActionView } from './rulebook';
import { ReportFacts, type DataTableView, type IndicatorScoresView, type ReportProblem } from './report-facts';

export interface SaveTableCommand {
  input: unknown;
  /** The revision the client saw (0: none yet); omitted, the save overwrites whatever is there. */
  expectedRevision?: number;
}

export interface SavedDataTable {
  revision: number;
  problems: ReportProblem[];
}

export interface SavedIndicatorScores extends SavedDataTable {
  total: string;
  grade: string | null;
  complete: boolean;
}

export interface AcknowledgementView {
  problemKey: string;
  comment: string;
  userId: string;
  at: string;
}

/** Problems in a score sheet that are bad input rather than work in progress: refused, nothing written. */
const REFUSED_SCORE_CODES: ReadonlySet<string> = new Set([
  'INDICATORS.SCORE_ABOVE_MAXIMUM',
  'INDICATORS.SCORE_NEGATIVE',
  'INDICATORS.NOT_A_NUMBER',
  'INDICATORS.TOO_MANY_DECIMALS',
  'INDICATORS.UNKNOWN_CODE',
  'INDICATORS.NOT_A_LEAF',
]);

/**
 * The basic data table and the indicator scores of a case: the compiler saves them during the
 * self-assessment, each save checked at once; anyone who sees the case reads them with their
 * problems. Warnings of the data table are acknowledged with a comment.
 */
@Injectable()
export class ReportTablesService {
  constructor(
    private readonly transactor: Transactor,
    private readonly cases: CaseLoader,
    private readonly tableStore: ReportTableStore,
    private readonly facts: ReportFacts,
    private readonly tracking: TrackingStore,
    private readonly rulebook: CaseRulebook,
  ) {}

  async getDataTable(principal: Principal, caseId: string): Promise<DataTableView & { actions: ActionView<DataTableActionType>[] }> {
    const tx = this.transactor.manager;
    const { dataTable } = await this.tableActions(tx, principal, caseId);
    return { ...(await this.facts.dataTable(tx, caseId, await this.facts.context(tx, caseId))), actions: dataTable };
  }

  async getIndicatorScores(principal: Principal, caseId: string): Promise<IndicatorScoresView & { actions: ActionView<ScoresActionType>[] }> {
    const tx = this.transactor.manager;
    const { scores } = await this.tableActions(tx, principal, caseId);
    return { ...(await this.facts.indicatorScores(tx, caseId, await this.facts.context(tx, caseId))), actions: scores };
  }

  async saveDataTable(principal: Principal, caseId: string, command: SaveTableCommand): Promise<SavedDataTable> {
    return this.transactor.run(async (tx) => {
      const contentVersion = await this.openForCompiler(tx, principal, caseId, 'dataTable');
      const parsed = parseDataTable(command.input);
      if (!parsed.ok) {
        throw unprocessable('DATA_TABLE.INVALID_INPUT', `基础数据表有 ${parsed.errors.length} 处填写错误，未保存：${parsed.errors.map((e) => `${e.path}：${e.message}`).join('；')}`, {
          fields: parsed.errors.map((e) => e.path),
          errors: parsed.errors,
        });
      }
      const revision = await this.save(tx, principal, caseId, 'data', contentVersion, command);
      const view = await this.facts.dataTable(tx, caseId, await this.facts.context(tx, caseId));
      return { revision, problems: view.problems };
    });
  }

  async saveScores(principal: Principal, caseId: string, command: SaveTableCommand): Promise<SavedIndicatorScores> {
    return this.transactor.run(async (tx) => {
      const contentVersion = await this.openForCompiler(tx, principal, caseId, 'scores');
      const context = await this.facts.context(tx, caseId);
      const parsed = parseScores(command.input);
      const refused: Problem[] = parsed.problems.length > 0 ? parsed.problems : checkScores(context.indicatorConfig, parsed.scores).filter((p) => REFUSED_SCORE_CODES.has(p.code));
      if (refused.length > 0) {
        throw unprocessable('INDICATORS.INVALID_INPUT', `指标评分有 ${refused.length} 处填写错误，未保存：${refused.map((p) => p.message).join('')}`, {
          fields: refused.map((p) => p.path),
          problems: refused,
        });
      }
      const revision = await this.save(tx, principal, caseId, 'indicators', contentVersion, command);
      const view = await this.facts.indicatorScores(tx, caseId, context);
      // The tracking view filters and sorts on the self-score: kept on the case with the sheet it
      // comes from, once the sheet is complete (a running total of a half-filled sheet is no score).
      await this.tracking.recordSelfScore(tx, caseId, view.complete ? view.total : null, view.grade);
      return { revision, problems: view.problems, total: view.total, grade: view.grade, complete: view.complete };
    });
  }

  /** Accepts a warning of the basic data table with a comment; an error must be corrected instead. */
  async acknowledge(principal: Principal, caseId: string, input: { problemKey: string; comment: string }): Promise<AcknowledgementView> {
    return this.transactor.run(async (tx) => {
      // Who and when as for editing the table; which problem is then checked on the key sent, which
      // says more than the rulebook's "no warning waits" (an error is named as such).
      const contentVersion = await this.openForCompiler(tx, principal, caseId, 'dataTable');
      const comment = input.comment.trim();
      if (comment === '') throw unprocessable('ACKNOWLEDGEMENT.COMMENT_REQUIRED', '确认警告时请填写说明。', { fields: ['comment'] });
      const view = await this.facts.dataTable(tx, caseId, await this.facts.context(tx, caseId));
      const problem = view.problems.find((p) => p.key === input.problemKey);
      if (!problem) {
        throw unprocessable('ACKNOWLEDGEMENT.UNKNOWN_PROBLEM', '基础数据表当前没有这个问题：可能数据已修改，请刷新后重试。', { fields: ['problemKey'] });
      }
      if (problem.severity !== 'warning') {
        throw unprocessable('ACKNOWLEDGEMENT.NOT_A_WARNING', `“${problem.code}”不是警告，不能确认了事，请改正数据表。`, { fields: ['problemKey'], severity: problem.severity });
      }
      const saved = await this.tableStore.acknowledge(tx, { caseId, contentVersion, problemKey: input.problemKey, comment, userId: principal.userId });
      return { problemKey: saved.problemKey, comment: saved.comment, userId: saved.userId, at: saved.createdAt.toISOString() };
    });
  }

  /** Whatever the rulebook says of the table action (the compiler of the unit, in self-assessment); answers the content version. */
  private async openForCompiler(tx: Tx, principal: Principal, caseId: string, target: 'dataTable' | 'scores'): Promise<number> {
    const { actor, contentVersion } = await this.cases.loadVisible(tx, principal, caseId);
    const actions = await this.rulebook.actions(tx, caseId, actor);
    requireAvailable(actions[target].find((a) => a.type === 'EDIT'));
    return contentVersion;
  }

  /** The actions of the caller on a table, as its view carries them. */
  private async tableActions(tx: Tx, principal: Principal, caseId: string) {
    const { actor } = await this.cases.loadVisible(tx, principal, caseId);
    const actions = await this.rulebook.actions(tx, caseId, actor);
    return { dataTable: actionViews(actions.dataTable), scores: actionViews(actions.scores) };
  }

  private async save(tx: Tx, principal: Principal, caseId: string, kind: ReportTableKind, contentVersion: number, command: SaveTableCommand): Promise<number> {
    const revision = await this.tableStore.save(tx, {
      caseId,
      kind,
      contentVersion,
      expectedRevision: command.expectedRevision ?? null,
      input: command.input,
      userId: principal.userId,
    });
    if (revision === null) {
      const current = await this.tableStore.current(tx, caseId, kind, contentVersion);
      throw conflict('REPORT_TABLE.REVISION_CONFLICT', 'Someone else saved this table first. Reload it and try again.', { currentRevision: current?.revision ?? 0 });
    }
    return revision;
  }
}
