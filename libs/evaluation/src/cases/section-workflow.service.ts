import { Injectable } from '@nestjs/common';
import { CaseStore, Transactor } from '@jixiao/persistence';
import { contextOf, decideSection, type SectionEventType } from '@jixiao/workflow';
import { AccessPolicy } from '../access-policy';
import { unprocessable } from '../errors';
import type { Principal } from '../principal';
import { sectionConflict } from './case.conflicts';
import { CaseLoader } from './case.loader';
import { CaseRecorder } from './case.recorder';
import { sectionView, type SectionView } from './case.view';

/** A section's own workflow during self-assessment: drafted and submitted by its assignee, approved or returned by the leaders. */
@Injectable()
export class SectionWorkflowService {
  constructor(
    private readonly transactor: Transactor,
    private readonly loader: CaseLoader,
    private readonly cases: CaseStore,
    private readonly policy: AccessPolicy,
    private readonly recorder: CaseRecorder,
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
      const event =
        input.type === 'RETURN' ? { type: input.type, actor, reason: input.reason ?? '' } : { type: input.type, actor };
      const decision = decideSection({ state: section.state, assigneeId: section.assigneeId, approverIds }, event);
      if (decision.outcome === 'refused') {
        // What is left after the rulebook is the event's own input: a return without a reason.
        const [first] = decision.refusals;
        throw unprocessable(first!.code, 'The section event is incomplete.', { ...first!.params, fields: ['reason'] });
      }
      if (!(await this.cases.updateSection(tx, { caseId, code, expectedVersion: section.version }, { state: decision.to }))) {
        throw sectionConflict(section.version + 1);
      }
      await this.recorder.record(tx, { caseId, expectedVersion: null }, {
        event: `SECTION_${input.type}`,
        fromState: record.state,
        toState: record.state,
        actorId: principal.userId,
        onBehalfOfId: loaded.onBehalfOfId,
        comment: input.reason ?? null,
        details: { section: code, from: decision.from, to: decision.to },
        contentVersion: contextOf(loaded.snapshot).contentVersion,
      });
      return sectionView({ ...section, state: decision.to, version: section.version + 1 });
    });
  }
}
