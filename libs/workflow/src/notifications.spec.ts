import type { GroupMemberFacts } from './approval';
import { commentTargets, notificationTargets, notifies, type NotificationFacts, type RecordedChange } from './notifications';

const group: GroupMemberFacts[] = [
  { userId: 'leader', role: 'group_leader' },
  { userId: 'deputy-finance', role: 'deputy_leader', remit: { sectionCodes: ['2.1'] } },
  { userId: 'deputy-all', role: 'deputy_leader', remit: null },
  { userId: 'writer', role: 'member' },
  { userId: 'other-writer', role: 'member' },
  { userId: 'compiler', role: 'compiler' },
  { userId: 'keeper', role: 'seal_keeper' },
  { userId: 'publisher', role: 'publisher' },
];

function facts(overrides: Partial<NotificationFacts> = {}): NotificationFacts {
  return {
    group,
    sections: [
      { code: '1.1', assigneeId: 'writer' },
      { code: '2.1', assigneeId: 'other-writer' },
      { code: '3.1', assigneeId: null },
    ],
    approvalMode: 'single',
    extraApproverIds: [],
    financeOfficerIds: ['officer'],
    ...overrides,
  };
}

function change(event: string, details: Record<string, unknown> = {}, overrides: Partial<RecordedChange> = {}): RecordedChange {
  return { event, actorId: 'leader', fromState: 'self_assessment', toState: 'self_assessment', details, ...overrides };
}

const targets = (c: RecordedChange, f: NotificationFacts = facts()) =>
  notificationTargets(c, f).map((t) => `${t.recipientId}:${t.kind}:${t.sectionCode ?? '-'}`).sort();

describe('notificationTargets', () => {
  it('tells the writer of a returned section, with the section to open', () => {
    expect(targets(change('SECTION_RETURN', { section: '1.1', from: 'submitted', to: 'returned' }))).toEqual(['writer:SECTION_RETURN:1.1']);
  });

  it('tells the writer of an approved section', () => {
    expect(targets(change('SECTION_APPROVE', { section: '2.1' }, { actorId: 'deputy-finance' }))).toEqual(['other-writer:SECTION_APPROVE:2.1']);
  });

  it('asks the leaders whose remit covers a submitted section, and only them', () => {
    expect(targets(change('SECTION_SUBMIT', { section: '1.1' }, { actorId: 'writer' }))).toEqual(['deputy-all:SECTION_SUBMIT:1.1', 'leader:SECTION_SUBMIT:1.1']);
    expect(targets(change('SECTION_SUBMIT', { section: '2.1' }, { actorId: 'other-writer' }))).toEqual([
      'deputy-all:SECTION_SUBMIT:2.1',
      'deputy-finance:SECTION_SUBMIT:2.1',
      'leader:SECTION_SUBMIT:2.1',
    ]);
  });

  it('tells the new assignee of an assigned section and the new holder of a task handed over', () => {
    expect(targets(change('ASSIGN_SECTION', { section: '3.1', assigneeId: 'other-writer', dueDate: '2026-12-20' }))).toEqual(['other-writer:ASSIGN_SECTION:3.1']);
    expect(targets(change('REASSIGN', { task: { type: 'section', code: '1.1' }, from: 'writer', to: 'other-writer' }, { actorId: 'writer' }))).toEqual([
      'other-writer:REASSIGN:1.1',
    ]);
    expect(targets(change('REASSIGN', { task: { type: 'role', role: 'compiler' }, from: 'compiler', to: 'writer' }, { actorId: 'compiler' }))).toEqual(['writer:REASSIGN:-']);
  });

  it('asks the report’s approvers for review, as the approval mode names them, added approvers too', () => {
    const request = change('REQUEST_REVIEW', {}, { actorId: 'compiler', toState: 'internal_review' });
    expect(targets(request)).toEqual(['leader:REQUEST_REVIEW:-']);
    expect(targets(request, facts({ approvalMode: 'countersign', extraApproverIds: ['writer'] }))).toEqual([
      'deputy-all:REQUEST_REVIEW:-',
      'deputy-finance:REQUEST_REVIEW:-',
      'leader:REQUEST_REVIEW:-',
      'writer:REQUEST_REVIEW:-',
    ]);
  });

  it('in 依次 asks only the first approver, and each approval tells the next one it is their turn', () => {
    const sequential = (approvals: string[]) => facts({ approvalMode: 'sequential', approvals });
    const request = change('REQUEST_REVIEW', {}, { actorId: 'compiler', toState: 'internal_review' });
    // Deputies in the group's order, then the leader.
    expect(targets(request, sequential([]))).toEqual(['deputy-finance:REQUEST_REVIEW:-']);
    const first = change('APPROVE', {}, { actorId: 'deputy-finance', fromState: 'internal_review', toState: 'internal_review' });
    expect(targets(first, sequential(['deputy-finance']))).toEqual(['compiler:APPROVE:-', 'deputy-all:APPROVAL_TURN:-']);
    const last = change('APPROVE', {}, { actorId: 'leader', fromState: 'internal_review', toState: 'internal_review' });
    expect(targets(last, sequential(['deputy-finance', 'deputy-all', 'leader']))).toEqual(['compiler:APPROVE:-', 'keeper:APPROVE:-']);
  });

  it('after 前加签 asks the person added, not the one who added them; in 会签 an approval opens nobody new', () => {
    const placed = facts({ approvalMode: 'countersign', extraApproverIds: ['writer'], extraApprovers: [{ userId: 'writer', placement: 'before', anchorId: 'leader' }], approvals: [] });
    const added = change('ADD_APPROVER_BEFORE', { userId: 'writer', placement: 'before' }, { fromState: 'internal_review', toState: 'internal_review' });
    expect(targets(added, placed)).toEqual(['writer:ADD_APPROVER:-']);
    const approved = change('APPROVE', {}, { actorId: 'writer', fromState: 'internal_review', toState: 'internal_review' });
    expect(targets(approved, { ...placed, approvals: ['writer'] })).toEqual(['compiler:APPROVE:-', 'leader:APPROVAL_TURN:-']);
    const deputy = change('APPROVE', {}, { actorId: 'deputy-all', fromState: 'internal_review', toState: 'internal_review' });
    expect(targets(deputy, { ...placed, approvals: ['writer', 'deputy-all'] })).toEqual(['compiler:APPROVE:-']);
  });

  it('tells the compiler, the leader and the writers of the sections sent back of a return in review', () => {
    const returned = change('RETURN', { sectionCodes: ['2.1'], reopened: 1 }, { actorId: 'deputy-all', fromState: 'internal_review' });
    expect(targets(returned)).toEqual(['compiler:RETURN:-', 'leader:RETURN:-', 'other-writer:RETURN:2.1']);
  });

  it('tells the compiler and the leader of a return by the finance bureau', () => {
    const returned = change('RETURN', {}, { actorId: 'officer', fromState: 'submitted.awaiting_acceptance' });
    expect(targets(returned)).toEqual(['compiler:BUREAU_RETURN:-', 'leader:BUREAU_RETURN:-']);
  });

  it('tells the finance officers of a submission and the unit of an acceptance', () => {
    expect(targets(change('SUBMIT', { late: false }, { actorId: 'compiler' }))).toEqual(['officer:SUBMIT:-']);
    expect(targets(change('ACCEPT', {}, { actorId: 'officer' }))).toEqual(['compiler:ACCEPT:-', 'leader:ACCEPT:-', 'publisher:ACCEPT:-']);
    expect(targets(change('SEAL', {}, { actorId: 'keeper' }))).toEqual(['compiler:SEAL:-', 'leader:SEAL:-']);
  });

  it('tells each person urged, with the section of their task', () => {
    expect(targets(change('URGE', { recipientId: 'writer', task: { kind: 'draft_section', sectionCode: '1.1' } }))).toEqual(['writer:URGE:1.1']);
    const bulk = change('URGE', {
      late: [
        { recipientId: 'writer', task: { kind: 'draft_section', sectionCode: '1.1' } },
        { recipientId: 'writer', task: { kind: 'draft_section', sectionCode: '3.1' } },
        { recipientId: 'compiler', task: { kind: 'submit', sectionCode: null } },
      ],
    }, { actorId: 'officer' });
    expect(targets(bulk)).toEqual(['compiler:URGE:-', 'writer:URGE:1.1']);
  });

  it('tells of the steps back: a reopen its writer and whoever asked, a request the approvers, a decline the asker', () => {
    expect(targets(change('SECTION_REOPEN', { section: '1.1', reopenRequestedBy: 'compiler' }))).toEqual(['compiler:SECTION_REOPEN:1.1', 'writer:SECTION_REOPEN:1.1']);
    expect(targets(change('SECTION_REQUEST_REOPEN', { section: '2.1' }, { actorId: 'compiler' }))).toEqual([
      'deputy-all:SECTION_REQUEST_REOPEN:2.1',
      'deputy-finance:SECTION_REQUEST_REOPEN:2.1',
      'leader:SECTION_REQUEST_REOPEN:2.1',
    ]);
    expect(targets(change('SECTION_DECLINE_REOPEN', { section: '2.1', reopenRequestedBy: 'compiler' }))).toEqual(['compiler:SECTION_DECLINE_REOPEN:2.1']);
  });

  it('tells whoever was asked to act that a withdrawn (撤回) request no longer needs them', () => {
    expect(targets(change('SECTION_WITHDRAW', { section: '1.1' }, { actorId: 'writer' }))).toEqual(['deputy-all:SECTION_WITHDRAW:1.1', 'leader:SECTION_WITHDRAW:1.1']);
    expect(targets(change('WITHDRAW_REVIEW', {}, { actorId: 'compiler', fromState: 'internal_review' }))).toEqual(['leader:WITHDRAW_REVIEW:-']);
    expect(targets(change('WITHDRAW_SUBMISSION', {}, { actorId: 'compiler' }))).toEqual(['officer:WITHDRAW_SUBMISSION:-']);
  });

  it('tells an approver added before or after oneself, and each reader of a report circulated (传阅)', () => {
    expect(targets(change('ADD_APPROVER_BEFORE', { userId: 'writer', placement: 'before' }))).toEqual(['writer:ADD_APPROVER:-']);
    expect(targets(change('ADD_APPROVER_AFTER', { userId: 'other-writer', placement: 'after' }))).toEqual(['other-writer:ADD_APPROVER:-']);
    expect(targets(change('CIRCULATE', { recipientIds: ['publisher', 'keeper', 'leader'] }))).toEqual(['keeper:CIRCULATE:-', 'publisher:CIRCULATE:-']);
  });

  it('never tells the actor of their own step', () => {
    expect(targets(change('SECTION_SUBMIT', { section: '1.1' }, { actorId: 'leader' }))).toEqual(['deputy-all:SECTION_SUBMIT:1.1']);
    expect(targets(change('ASSIGN_SECTION', { section: '1.1', assigneeId: 'leader' }))).toEqual([]);
    expect(targets(change('SECTION_RETURN', { section: '1.1' }, { actorId: 'writer' }))).toEqual([]);
  });

  it('tells nobody of an event it does not know, and of a section with nobody assigned', () => {
    expect(notifies('SOMETHING_NEW')).toBe(false);
    expect(targets(change('SOMETHING_NEW', { section: '1.1' }))).toEqual([]);
    expect(targets(change('SECTION_RETURN', { section: '3.1' }))).toEqual([]);
    expect(targets(change('URGE', { late: 'not a list' }))).toEqual([]);
  });
});

describe('commentTargets', () => {
  it('tells the writer of a comment on their section; a comment by the writer goes to the approvers', () => {
    expect(commentTargets({ kind: 'COMMENT', actorId: 'leader', writerId: 'writer', approverIds: ['leader', 'deputy-all'] })).toEqual(['writer']);
    expect(commentTargets({ kind: 'COMMENT', actorId: 'writer', writerId: 'writer', approverIds: ['leader', 'deputy-all'] })).toEqual(['leader', 'deputy-all']);
  });

  it('tells everyone in the thread and the writer of a reply, each once, never the one replying', () => {
    expect(commentTargets({ kind: 'COMMENT_REPLY', actorId: 'writer', writerId: 'writer', threadAuthorId: 'leader', replierIds: ['writer', 'deputy-all', 'leader'] })).toEqual(['leader', 'deputy-all']);
  });

  it('tells whoever opened a thread that it was resolved, unless they resolved it', () => {
    expect(commentTargets({ kind: 'COMMENT_RESOLVED', actorId: 'writer', threadAuthorId: 'leader' })).toEqual(['leader']);
    expect(commentTargets({ kind: 'COMMENT_RESOLVED', actorId: 'writer', threadAuthorId: 'writer' })).toEqual([]);
  });
});
