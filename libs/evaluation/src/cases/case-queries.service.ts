import { Injectable } from '@nestjs/common';
import { CaseStore, Transactor, UserStore } from '@jixiao/persistence';
import { AccessPolicy } from '../access-policy';
import type { Principal } from '../principal';
import { CaseLoader } from './case.loader';
import type { CaseDetail, HistoryView } from './case.view';
import { buildHistoryWorkbook } from './history-export';

/** The detail keys that hold a person's id. */
const PERSON_KEYS = ['assigneeId', 'userId', 'recipientId'] as const;

function peopleIn(details: Record<string, unknown>): string[] {
  // 传阅 names its recipients in a list.
  const listed = Array.isArray(details.recipientIds) ? (details.recipientIds as unknown[]) : [];
  return [...PERSON_KEYS.map((key) => details[key]), ...listed].filter((id): id is string => typeof id === 'string');
}

/** What a principal reads of cases: the list in their scope, one case, its history. */
@Injectable()
export class CaseQueries {
  constructor(
    private readonly transactor: Transactor,
    private readonly cases: CaseStore,
    private readonly users: UserStore,
    private readonly policy: AccessPolicy,
    private readonly loader: CaseLoader,
  ) {}

  async list(principal: Principal, filter: { campaignId?: string; state?: string }, page: { limit: number; offset: number }) {
    const scope = this.policy.listScope(principal);
    if (!scope) return { items: [], total: 0, ...page };
    const result = await this.cases.list(this.transactor.manager, scope, filter, page);
    return { items: result.items, total: result.total, ...page };
  }

  get(principal: Principal, caseId: string): Promise<CaseDetail> {
    return this.loader.detail(this.transactor.manager, principal, caseId);
  }

  /** Every record, with the names of everyone who acted: finance officers and unit admins act outside the working group. */
  async history(principal: Principal, caseId: string): Promise<HistoryView[]> {
    const tx = this.transactor.manager;
    await this.loader.load(tx, principal, caseId);
    const rows = await this.cases.history(tx, caseId);
    const ids = new Set(rows.flatMap((row) => [row.actorId, row.onBehalfOfId, ...peopleIn(row.details)]).filter((id): id is string => id !== null));
    const names = new Map((await this.users.findByIds(tx, [...ids])).map((user) => [user.id, user.displayName]));
    const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? null));
    return rows.map((row) => ({
      seq: row.seq,
      event: row.event,
      fromState: row.fromState,
      toState: row.toState,
      actorId: row.actorId,
      actorName: nameOf(row.actorId),
      onBehalfOfId: row.onBehalfOfId,
      onBehalfOfName: nameOf(row.onBehalfOfId),
      comment: row.comment,
      details: row.details,
      detailNames: Object.fromEntries(peopleIn(row.details).flatMap((id) => (names.has(id) ? [[id, names.get(id)!]] : []))),
      contentVersion: row.contentVersion,
      at: row.createdAt.toISOString(),
    }));
  }

  /** The history as an .xlsx workbook, for whoever may read the history. */
  async historyWorkbook(principal: Principal, caseId: string): Promise<{ bytes: Buffer; fileName: string }> {
    const { record } = await this.loader.load(this.transactor.manager, principal, caseId);
    const title = `${record.unitName}${record.fiscalYear}年度整体绩效自评办理记录`;
    return { bytes: await buildHistoryWorkbook(await this.history(principal, caseId), title), fileName: `${title}.xlsx` };
  }
}
