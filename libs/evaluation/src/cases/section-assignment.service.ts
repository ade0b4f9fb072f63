import { Injectable } from '@nestjs/common';
import { CaseStore, Transactor, UserStore } from '@jixiao/persistence';
import { contextOf } from '@jixiao/workflow';
import { Clock, shanghaiDate } from '../clock';
import { unprocessable } from '../errors';
import type { Principal } from '../principal';
import { sectionConflict } from './case.conflicts';
import { CaseLoader } from './case.loader';
import { CaseRecorder } from './case.recorder';
import { sectionView, type SectionView } from './case.view';

/** The group leader's plan of the report: who writes each section, and by when. */
@Injectable()
export class SectionAssignmentService {
  constructor(
    private readonly transactor: Transactor,
    private readonly loader: CaseLoader,
    private readonly cases: CaseStore,
    private readonly users: UserStore,
    private readonly clock: Clock,
    private readonly recorder: CaseRecorder,
  ) {}

  async assignSection(
    principal: Principal,
    caseId: string,
    code: string,
    input: { assigneeId: string; dueDate: string; expectedVersion?: number },
  ): Promise<SectionView> {
    return this.transactor.run(async (tx) => {
      const loaded = await this.loader.load(tx, principal, caseId);
      const { record, actor } = loaded;
      const section = await this.loader.section(tx, caseId, code, input.expectedVersion);
      await this.loader.requireSectionAction(tx, caseId, actor, code, 'ASSIGN', { state: record.state });
      const [assignee] = await this.users.findByIds(tx, [input.assigneeId]);
      if (!assignee || assignee.organisationId !== record.unitId) {
        throw unprocessable('SECTION.ASSIGNEE_NOT_IN_UNIT', 'The assignee must be a person of this unit.', { fields: ['assigneeId'] });
      }
      const today = shanghaiDate(this.clock.now());
      if (input.dueDate < today || input.dueDate > record.submissionDeadline) {
        throw unprocessable(
          'SECTION.DUE_DATE_OUT_OF_RANGE',
          `The due date must fall between today (${today}) and the submission deadline (${record.submissionDeadline}).`,
          { fields: ['dueDate'] },
        );
      }
      if (!(await this.cases.updateSection(tx, { caseId, code, expectedVersion: section.version }, { assigneeId: input.assigneeId, dueDate: input.dueDate }))) {
        throw sectionConflict(section.version + 1);
      }
      await this.recorder.record(tx, { caseId, expectedVersion: null }, {
        event: 'ASSIGN_SECTION',
        fromState: record.state,
        toState: record.state,
        actorId: principal.userId,
        onBehalfOfId: null,
        comment: null,
        details: { section: code, assigneeId: input.assigneeId, dueDate: input.dueDate },
        contentVersion: contextOf(loaded.snapshot).contentVersion,
      });
      return sectionView({ ...section, assigneeId: input.assigneeId, dueDate: input.dueDate, version: section.version + 1 });
    });
  }
}
