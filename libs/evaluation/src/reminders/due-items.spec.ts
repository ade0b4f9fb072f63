import type { CaseDueFacts } from '@jixiao/persistence';
import { persistLifecycle, startLifecycle, lifecycleMachine, type LifecycleSnapshot } from '@jixiao/workflow';
import { deriveDueItems } from './due-items';

/** A stored snapshot in this state, as the database holds it. */
function stored(state: string, approvals: string[]): { snapshot: unknown; machineVersion: number } {
  const [top, child] = state.split('.') as [string, string | undefined];
  const start = startLifecycle({ unitId: 'unit', bureauId: 'bureau' });
  const snapshot: LifecycleSnapshot = lifecycleMachine.resolveState({ value: child ? { [top]: child } : top, context: { ...start.context, approvals, sealedDigest: 'x', sealedVersion: 1 } });
  return persistLifecycle(snapshot);
}

function facts(change: Partial<CaseDueFacts>): CaseDueFacts {
  const state = change.state ?? 'self_assessment';
  return {
    bureauId: 'bureau',
    documentNumber: '区财绩〔2026〕1号',
    unitName: '区机关事务管理局',
    ...stored(state, change.approvals ?? []),
    caseId: 'case',
    campaignId: 'campaign',
    unitId: 'unit',
    state: 'self_assessment',
    contentVersion: 1,
    approvals: [],
    approvalMode: 'countersign',
    submissionDeadline: '2024-02-29',
    publicationDeadline: '2024-03-15',
    leaderIds: ['leader'],
    deputyLeaderIds: ['deputy'],
    extraApproverIds: [],
    extraApprovers: [],
    group: [
      { userId: 'leader', role: 'group_leader', remit: {}, subOfficeId: null },
      { userId: 'deputy', role: 'deputy_leader', remit: { sectionCodes: ['2.1'] }, subOfficeId: null },
      { userId: 'member', role: 'member', remit: {}, subOfficeId: null },
      { userId: 'compiler', role: 'compiler', remit: {}, subOfficeId: null },
      { userId: 'seal', role: 'seal_keeper', remit: {}, subOfficeId: null },
    ],
    sections: [],
    unitRoles: [],
    officerIds: ['officer'],
    openItems: [],
    ...change,
  };
}

const summary = (f: CaseDueFacts) => deriveDueItems(f).sort((a, b) => a.kind.localeCompare(b.kind) || (a.sectionCode ?? '').localeCompare(b.sectionCode ?? '') || a.recipientId.localeCompare(b.recipientId)).map((i) => `${i.kind}${i.sectionCode ? ` ${i.sectionCode}` : ''} ${i.recipientId} ${i.dueDate} ↑${i.escalateTo.join(',')}`);

describe('deriving due items', () => {
  it('gives drafts to assignees and approvals to the approvers of submitted sections, escalating to whoever covers the section', () => {
    expect(
      summary(
        facts({
          sections: [
            { code: '1.1', title: '', state: 'drafting', assigneeId: 'member', dueDate: '2024-02-19' },
            { code: '2.1', title: '', state: 'assigned', assigneeId: 'member', dueDate: null },
            { code: '3.1', title: '', state: 'submitted', assigneeId: 'member', dueDate: '2024-02-20' },
            { code: '2.1x', title: '', state: 'approved', assigneeId: 'member', dueDate: '2024-02-20' },
          ],
        }),
      ),
    ).toEqual([
      'approve_section 3.1 leader 2024-02-20 ↑',
      // 2.1 has no due date yet: the leader still owes it one.
      'assign_sections leader 2024-02-29 ↑officer',
      'draft_section 1.1 member 2024-02-19 ↑leader',
      'draft_section 2.1 member 2024-02-29 ↑deputy,leader',
    ]);
  });

  it('asks every approver still missing in countersign, then the seal keeper, escalating to the leaders and the finance officers', () => {
    expect(summary(facts({ state: 'internal_review', approvals: ['deputy'], extraApproverIds: ['extra'] }))).toEqual([
      'approve_report extra 2024-02-29 ↑leader,officer',
      'approve_report leader 2024-02-29 ↑officer',
    ]);
    expect(summary(facts({ state: 'internal_review', approvals: ['deputy', 'leader'] }))).toEqual(['seal seal 2024-02-29 ↑leader,officer']);
  });

  it('lets unit-wide roles submit and publish, and has nothing due once published', () => {
    const unitRoles = [{ userId: 'publisher', roles: ['publisher' as const] }];
    expect(summary(facts({ state: 'sealed', unitRoles }))).toEqual(['submit compiler 2024-02-29 ↑leader,officer', 'submit leader 2024-02-29 ↑officer']);
    expect(summary(facts({ state: 'submitted.accepted', unitRoles }))).toEqual(['publish publisher 2024-03-15 ↑leader,officer']);
    expect(summary(facts({ state: 'published', unitRoles }))).toEqual([]);
    expect(summary(facts({ state: 'submitted.awaiting_acceptance' }))).toEqual(['review_submission officer 2024-03-15 ↑']);
  });

  it('gives the unit admin the group to form and the group leader the sections to assign and the self-assessment to start', () => {
    const unitRoles = [{ userId: 'admin', roles: ['unit_admin' as const] }];
    expect(summary(facts({ state: 'notice_issued', unitRoles, group: [], leaderIds: [], deputyLeaderIds: [] }))).toEqual(['form_group admin 2024-02-29 ↑officer']);
    const unassigned = [{ code: '1.1', title: '', state: 'assigned' as const, assigneeId: null, dueDate: null }];
    expect(summary(facts({ state: 'group_formed', sections: unassigned }))).toEqual(['assign_sections leader 2024-02-29 ↑officer']);
    const assigned = [{ code: '1.1', title: '', state: 'assigned' as const, assigneeId: 'member', dueDate: '2024-02-20' }];
    expect(summary(facts({ state: 'group_formed', sections: assigned }))).toEqual(['start_self_assessment leader 2024-02-29 ↑officer']);
  });
});
