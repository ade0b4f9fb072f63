import type { CaseDueFacts, GroupMember } from '@jixiao/persistence';
import { deriveDueItems } from './due-items';

/** AccessPolicy's rule for section approvers, without the database: leaders, and deputies whose remit covers the section. */
function sectionApprovers(group: GroupMember[], section: { code: string; assigneeId: string | null }): string[] {
  return group
    .filter((m) => m.role === 'group_leader' || (m.role === 'deputy_leader' && ((m.remit.sectionCodes ?? []).length === 0 || (m.remit.sectionCodes ?? []).includes(section.code))))
    .map((m) => m.userId);
}

function facts(change: Partial<CaseDueFacts>): CaseDueFacts {
  return {
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

const summary = (f: CaseDueFacts) => deriveDueItems(f, sectionApprovers).map((i) => `${i.kind}${i.sectionCode ? ` ${i.sectionCode}` : ''} ${i.recipientId} ${i.dueDate} ↑${i.escalateTo.join(',')}`);

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
      'draft_section 1.1 member 2024-02-19 ↑leader',
      'draft_section 2.1 member 2024-02-29 ↑deputy,leader',
      'approve_section 3.1 leader 2024-02-20 ↑',
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
    expect(summary(facts({ state: 'submitted.awaiting_acceptance' }))).toEqual([]);
  });
});
