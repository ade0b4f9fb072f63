import { Injectable } from '@nestjs/common';
import { ReportTableStore, TrackingStore, Transactor, type ReportTableKind, type Tx } from '@jixiao/persistence';
import { checkScores, parseDataTable, parseScores, type Problem } from '@jixiao/report';
import { CaseLoader } from './cases/case.loader';
import { conflict, forbidden, unprocessable } from './errors';
import type { Principal } from './principal';
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
  ) {}

  async getDataTable(principal: Principal, caseId: string): Promise<DataTableView> {
    const tx = this.transactor.manager;
    await this.cases.loadVisible(tx, principal, caseId);
    return this.facts.dataTable(tx, caseId, await this.facts.context(tx, caseId));
  }

  async getIndicatorScores(principal: Principal, caseId: string): Promise<IndicatorScoresView> {
    const tx = this.transactor.manager;
    await this.cases.loadVisible(tx, principal, caseId);
    return this.facts.indicatorScores(tx, caseId, await this.facts.context(tx, caseId));
  }

  async saveDataTable(principal: Principal, caseId: string, command: SaveTableCommand): Promise<SavedDataTable> {
    return this.transactor.run(async (tx) => {
      const contentVersion = await this.openForCompiler(tx, principal, caseId);
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
      const contentVersion = await this.openForCompiler(tx, principal, caseId);
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
      const contentVersion = await this.openForCompiler(tx, principal, caseId);
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

  /** The compiler of the case's own unit, while the case is in self-assessment; answers the content version. */
  private async openForCompiler(tx: Tx, principal: Principal, caseId: string): Promise<number> {
    const { record, actor, contentVersion } = await this.cases.loadVisible(tx, principal, caseId);
    if (!actor.roles.includes('compiler') || actor.organisationId !== record.unitId) {
      throw forbidden('REPORT_TABLE.ROLE_NOT_ALLOWED', 'Only the compiler of the case fills in its tables.');
    }
    if (record.state !== 'self_assessment') {
      throw conflict('REPORT_TABLE.NOT_IN_SELF_ASSESSMENT', `The tables are filled in during self-assessment; the case is ${record.state}.`, { state: record.state });
    }
    return contentVersion;
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
