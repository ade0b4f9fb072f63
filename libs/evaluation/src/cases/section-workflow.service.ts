import { Injectable } from '@nestjs/common';
import { CaseStore, Transactor } from '@jixiao/persistence';
import { contextOf, decideSection, SECTION_EVENTS_WITH_REASON, type SectionEvent, type SectionEventType } from '@jixiao/workflow';
import { AccessPolicy } from '../access-policy';
import { Clock } from '../clock';
import { unprocessable } from '../errors';
import type { Principal } from '../principal';
import { sectionConflict } from './case.conflicts';
import { CaseLoader } from './case.loader';
import { CaseRecorder } from './case.recorder';
import { sectionView, type SectionView } from './case.view';

/**
 * A section's own workflow during self-assessment: drafted, submitted and withdrawn by its
 * assignee, approved, returned and reopened by the leaders, a reopen asked for by the compiler.
 */
@Injectable()
export class SectionWorkflowService {
  constructor(
    private readonly transactor: Transactor,
    private readonly loader: CaseLoader,
    private readonly cases: CaseStore,
    private readonly policy: AccessPolicy,
    private readonly recorder: CaseRecorder,
    private readonly clock: Clock,
  ) {}

  async sendSectionEvent(
    principal: Principal,
    caseId: string,
    code: string,
    input: { type: SectionEventType; reason?: string; expectedVersion?: number; actingFor?: string },
  ): Promise<SectionView> {
    return this.transactor.run(async (tx) => {
      const loaded = await this.loader.load(tx, principal, caseId, input.actingFor);
      const { record, actor } = loaded;
      const section = await this.loader.section(tx, caseId, code, input.expectedVersion);
      // Drafting starts with the first save (the EDIT action); the other events are the rulebook's section actions.
      const asked = input.type === 'START_DRAFTING' ? 'EDIT' : input.type;
      await this.loader.requireSectionAction(tx, caseId, actor, code, asked, { state: section.state });
      const approverIds = this.policy.sectionApprovers(await this.cases.group(tx, caseId), section);
      const event = (SECTION_EVENTS_WITH_REASON as readonly string[]).includes(input.type)
        ? ({ type: input.type, actor, reason: input.reason ?? '' } as SectionEvent)
        : ({ type: input.type, actor } as SectionEvent);
      const facts = { state: section.state, assigneeId: section.assigneeId, approverIds, reopenRequestedBy: section.reopenRequestedBy };
      const decision = decideSection(facts, event);
      if (decision.outcome === 'refused') {
        // What is left after the rulebook is the event's own input: a return or a reopen without a reason.
        const [first] = decision.refusals;
        throw unprocessable(first!.code, 'The section event is incomplete.', { ...first!.params, fields: ['reason'] });
      }
      // Asking for a reopen leaves the request waiting on the section; reopening or declining answers it.
      const reopenRequest =
        input.type === 'REQUEST_REOPEN'
          ? { by: actor.userId, reason: input.reason!.trim(), at: this.clock.now() }
          : input.type === 'REOPEN' || input.type === 'DECLINE_REOPEN'
            ? null
            : undefined;
      if (!(await this.cases.updateSection(tx, { caseId, code, expectedVersion: section.version }, { state: decision.to, reopenRequest }))) {
        throw sectionConflict(section.version + 1);
      }
      const answered = input.type === 'REOPEN' || input.type === 'DECLINE_REOPEN' ? { reopenRequestedBy: section.reopenRequestedBy } : {};
      await this.recorder.record(tx, { caseId, expectedVersion: null }, {
        event: `SECTION_${input.type}`,
        fromState: record.state,
        toState: record.state,
        actorId: principal.userId,
        onBehalfOfId: loaded.onBehalfOfId,
        comment: input.reason ?? null,
        details: { section: code, from: decision.from, to: decision.to, ...answered },
        contentVersion: contextOf(loaded.snapshot).contentVersion,
      });
      const after = reopenRequest === undefined ? {} : { reopenRequestedBy: reopenRequest?.by ?? null, reopenRequestReason: reopenRequest?.reason ?? null, reopenRequestedAt: reopenRequest?.at ?? null };
      return sectionView({ ...section, ...after, state: decision.to, version: section.version + 1 });
    });
  }
}
