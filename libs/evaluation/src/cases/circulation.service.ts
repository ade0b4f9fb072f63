import { Injectable } from '@nestjs/common';
import { CaseStore, Transactor, UserStore, type CirculationRow } from '@jixiao/persistence';
import { contextOf } from '@jixiao/workflow';
import { Clock } from '../clock';
import { conflict, unprocessable } from '../errors';
import type { Principal } from '../principal';
import { CaseLoader } from './case.loader';
import { CaseRecorder } from './case.recorder';
import type { CirculationView } from './case.view';

/** A report circulated to the caller (待阅 until they mark it read, then 已阅). */
export interface CirculatedReportView extends CirculationView {
  caseId: string;
  unitName: string;
  documentNumber: string;
  state: string;
}

function view(row: CirculationRow): CirculationView {
  return { ...row, sentAt: row.sentAt.toISOString(), readAt: row.readAt === null ? null : row.readAt.toISOString() };
}

/**
 * 传阅: a leader sends the report to people of the unit for information. It blocks nothing and is
 * nobody's task: the people it reaches find it under 待阅 and mark it 已阅; the case page lists
 * who has read it. Sending is recorded in the history; reading is kept on the list with its time
 * and moves no version, so a reader never makes someone else's step meet a version conflict.
 */
@Injectable()
export class CirculationService {
  constructor(
    private readonly transactor: Transactor,
    private readonly loader: CaseLoader,
    private readonly cases: CaseStore,
    private readonly users: UserStore,
    private readonly recorder: CaseRecorder,
    private readonly clock: Clock,
  ) {}

  async circulate(principal: Principal, caseId: string, input: { userIds: string[]; note?: string }): Promise<CirculationView[]> {
    return this.transactor.run(async (tx) => {
      const { record, actor, snapshot } = await this.loader.load(tx, principal, caseId);
      await this.loader.requireCaseAction(tx, caseId, actor, 'CIRCULATE', { state: record.state });
      const ids = [...new Set(input.userIds)];
      const found = await this.users.findByIds(tx, ids);
      const outside = ids.filter((id) => !found.some((u) => u.id === id && u.organisationId === record.unitId));
      if (outside.length > 0) {
        throw unprocessable('CIRCULATION.RECIPIENT_NOT_IN_UNIT', 'A report is circulated to people of its unit.', { fields: ['userIds'], userIds: outside });
      }
      const contentVersion = contextOf(snapshot).contentVersion;
      const note = input.note?.trim() ? input.note.trim() : null;
      const sent = await this.cases.circulate(tx, { caseId, contentVersion, userIds: ids, note, sentBy: actor.userId, at: this.clock.now() });
      const already = ids.filter((id) => !sent.includes(id));
      if (already.length > 0) {
        throw unprocessable('CIRCULATION.ALREADY_SENT', 'The report was circulated to these people already.', { fields: ['userIds'], userIds: already });
      }
      await this.recorder.record(tx, { caseId, expectedVersion: null }, {
        event: 'CIRCULATE',
        fromState: record.state,
        toState: record.state,
        actorId: principal.userId,
        onBehalfOfId: null,
        comment: note,
        details: { recipientIds: ids },
        contentVersion,
      });
      return (await this.cases.circulations(tx, caseId)).map(view);
    });
  }

  /** Who the report was circulated to and who has read it; for anyone who sees the case. */
  async list(principal: Principal, caseId: string): Promise<CirculationView[]> {
    return this.transactor.run(async (tx) => {
      await this.loader.load(tx, principal, caseId);
      return (await this.cases.circulations(tx, caseId)).map(view);
    });
  }

  /** 已阅: the caller has read the report circulated to them; reading again keeps the first time. */
  async markRead(principal: Principal, caseId: string): Promise<CirculationView[]> {
    return this.transactor.run(async (tx) => {
      await this.loader.load(tx, principal, caseId);
      const read = await this.cases.markCirculationRead(tx, caseId, principal.userId, this.clock.now());
      if (read === null) throw conflict('CIRCULATION.NOT_A_RECIPIENT', 'This report was not circulated to you.');
      return (await this.cases.circulations(tx, caseId)).map(view);
    });
  }

  /** The caller's 待阅 (unread first) and 已阅. */
  async mine(principal: Principal): Promise<CirculatedReportView[]> {
    return this.transactor.run(async (tx) =>
      (await this.cases.circulatedTo(tx, principal.userId)).map((row) => ({ ...view(row), caseId: row.caseId, unitName: row.unitName, documentNumber: row.documentNumber, state: row.state })),
    );
  }
}
