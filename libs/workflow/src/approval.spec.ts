import { approvalChain, approvalFacts, awaitedApprover, reportApproved, type AddedApprover } from './approval';
import type { ApprovalMode } from './facts';
import { actionsFor, type CaseRuleFacts } from './actions';
import { transition } from 'xstate';
import { lifecycleMachine } from './lifecycle.machine';
import { startLifecycle } from './lifecycle';
import { approveRefusals, sealRefusals } from './rules/case.rules';

const facts = (approvalMode: ApprovalMode, extraApprovers: AddedApprover[] = [], deputyLeaderIds = ['d1', 'd2']) =>
  approvalFacts({ approvalMode, leaderIds: ['leader'], deputyLeaderIds, extraApproverIds: extraApprovers.map((a) => a.userId), extraApprovers });
const plain = (userId: string): AddedApprover => ({ userId, placement: null, anchorId: null });
const before = (userId: string, anchorId: string): AddedApprover => ({ userId, placement: 'before', anchorId });
const after = (userId: string, anchorId: string): AddedApprover => ({ userId, placement: 'after', anchorId });
const codes = (refusals: Array<{ code: string }>) => refusals.map((r) => r.code);

describe('依次 (sequential approval)', () => {
  it('orders the deputies by the group’s order and the group leader last, in one chain', () => {
    expect(facts('sequential')).toEqual({ mode: 'sequential', approverIds: ['d1', 'd2', 'leader'], tracks: [['d1', 'd2', 'leader']] });
  });

  it('lets each approve only after the one before has', () => {
    const approval = facts('sequential');
    expect(codes(approveRefusals(approval, [], 'd1'))).toEqual([]);
    expect(codes(approveRefusals(approval, [], 'd2'))).toEqual(['REVIEW.NOT_YOUR_TURN']);
    expect(codes(approveRefusals(approval, [], 'leader'))).toEqual(['REVIEW.NOT_YOUR_TURN']);
    expect(awaitedApprover(approval, [], 'leader')).toBe('d1');
    expect(codes(approveRefusals(approval, ['d1'], 'd2'))).toEqual([]);
    expect(awaitedApprover(approval, ['d1'], 'leader')).toBe('d2');
    expect(codes(approveRefusals(approval, ['d1', 'd2'], 'leader'))).toEqual([]);
  });

  it('is approved, and may be sealed, only when the last in the chain has approved', () => {
    const approval = facts('sequential');
    expect(reportApproved(approval, ['d1', 'd2'])).toBe(false);
    expect(codes(sealRefusals(approval, ['d1', 'd2']))).toEqual(['REVIEW.APPROVALS_MISSING']);
    expect(reportApproved(approval, ['d1', 'd2', 'leader'])).toBe(true);
  });

  it('marks whose turn it is in the chain', () => {
    expect(approvalChain(facts('sequential'), ['d1'])).toEqual([
      { userId: 'd1', track: 0, approved: true, turn: false },
      { userId: 'd2', track: 0, approved: false, turn: true },
      { userId: 'leader', track: 0, approved: false, turn: false },
    ]);
  });

  it('puts a plain 加签 at the end of the order', () => {
    expect(facts('sequential', [plain('x')]).approverIds).toEqual(['d1', 'd2', 'leader', 'x']);
  });
});

describe('前加签 and 后加签', () => {
  it('puts a 前加签 right before the adder, who then waits for them', () => {
    const approval = facts('sequential', [before('x', 'd2')]);
    expect(approval.approverIds).toEqual(['d1', 'x', 'd2', 'leader']);
    expect(codes(approveRefusals(approval, ['d1'], 'd2'))).toEqual(['REVIEW.NOT_YOUR_TURN']);
    expect(codes(approveRefusals(approval, ['d1'], 'x'))).toEqual([]);
    expect(codes(approveRefusals(approval, ['d1', 'x'], 'd2'))).toEqual([]);
  });

  it('puts a 后加签 right after the adder, and a second one after the first', () => {
    const approval = facts('sequential', [after('x', 'd1'), after('y', 'd1')]);
    expect(approval.approverIds).toEqual(['d1', 'x', 'y', 'd2', 'leader']);
    expect(codes(approveRefusals(approval, ['d1'], 'x'))).toEqual([]);
    expect(codes(approveRefusals(approval, ['d1'], 'd2'))).toEqual(['REVIEW.NOT_YOUR_TURN']);
  });

  it('lets a person added in front add in front of themselves in turn', () => {
    expect(facts('sequential', [before('x', 'd1'), before('y', 'x')]).approverIds).toEqual(['y', 'x', 'd1', 'd2', 'leader']);
  });

  it('in 会签 makes a chain of the adder’s own, the others approving side by side', () => {
    const approval = facts('countersign', [before('x', 'd1'), after('y', 'leader')]);
    expect(approval.tracks).toEqual([['leader', 'y'], ['x', 'd1'], ['d2']]);
    expect(codes(approveRefusals(approval, [], 'd2'))).toEqual([]);
    expect(codes(approveRefusals(approval, [], 'd1'))).toEqual(['REVIEW.NOT_YOUR_TURN']);
    expect(codes(approveRefusals(approval, [], 'y'))).toEqual(['REVIEW.NOT_YOUR_TURN']);
    expect(reportApproved(approval, ['leader', 'x', 'd1', 'd2'])).toBe(false);
    expect(reportApproved(approval, ['leader', 'y', 'x', 'd1', 'd2'])).toBe(true);
  });

  it('in 或签 needs one chain approved to its end: a 后加签 makes the adder’s approval wait for the one added', () => {
    const approval = facts('any', [after('y', 'leader')]);
    expect(reportApproved(approval, ['leader'])).toBe(false);
    expect(codes(sealRefusals(approval, ['leader']))).toEqual(['REVIEW.CHAIN_UNFINISHED']);
    expect(codes(sealRefusals(approval, []))).toEqual(['REVIEW.APPROVAL_MISSING']);
    expect(reportApproved(approval, ['leader', 'y'])).toBe(true);
    expect(reportApproved(approval, ['d2'])).toBe(true);
  });

  it('keeps today’s plain 加签: another approver in 单人 and 会签, one more in the pool in 或签', () => {
    expect(facts('single', [plain('x')]).tracks).toEqual([['leader'], ['x']]);
    expect(reportApproved(facts('single', [plain('x')]), ['leader'])).toBe(false);
    expect(reportApproved(facts('any', [plain('x')]), ['x'])).toBe(true);
  });

  it('ignores an added person who already approves', () => {
    expect(facts('sequential', [after('d2', 'd1')]).approverIds).toEqual(['d1', 'd2', 'leader']);
  });
});

describe('the rulebook on the approval order', () => {
  const unit = 'unit';
  const inReview = () => {
    let snapshot = startLifecycle({ unitId: unit, bureauId: 'bureau' });
    const actor = (userId: string, roles: string[]) => ({ userId, organisationId: unit, roles }) as never;
    [snapshot] = transition(lifecycleMachine, snapshot, { type: 'FORM_GROUP', actor: actor('admin', ['unit_admin']), group: { leaders: 1, members: 1, compilers: 1 } });
    [snapshot] = transition(lifecycleMachine, snapshot, { type: 'START_SELF_ASSESSMENT', actor: actor('leader', ['group_leader']), sections: { total: 1, assignedWithDueDate: 1, approved: 0 } });
    [snapshot] = transition(lifecycleMachine, snapshot, {
      type: 'REQUEST_REVIEW',
      actor: actor('c', ['compiler']),
      sections: { total: 1, assignedWithDueDate: 1, approved: 1 },
      tables: { dataErrors: 0, unacknowledgedWarnings: 0, indicatorsComplete: true, indicatorErrors: 0, sectionsWithTemplateText: 0 },
    });
    return snapshot;
  };
  const ruleFacts = (snapshot: ReturnType<typeof inReview>): CaseRuleFacts => ({ snapshot, approval: facts('sequential'), group: [], sections: [], tables: null });
  const caseAction = (snapshot: ReturnType<typeof inReview>, userId: string, roles: string[], type: string) =>
    actionsFor(ruleFacts(snapshot), { userId, organisationId: unit, roles: roles as never }).case.find((a) => a.type === type)!;

  it('gives the approval task and 前加签 / 后加签 only to the approver whose turn it is', () => {
    const snapshot = inReview();
    expect(caseAction(snapshot, 'd1', ['deputy_leader'], 'APPROVE')).toMatchObject({ available: true, progress: true });
    expect(caseAction(snapshot, 'd1', ['deputy_leader'], 'ADD_APPROVER_BEFORE').available).toBe(true);
    expect(caseAction(snapshot, 'd2', ['deputy_leader'], 'APPROVE')).toMatchObject({ available: false, progress: false });
    expect(codes(caseAction(snapshot, 'd2', ['deputy_leader'], 'ADD_APPROVER_AFTER').reasons)).toEqual(['REVIEW.NOT_YOUR_TURN']);
    expect(codes(caseAction(snapshot, 'leader', ['group_leader'], 'APPROVE').reasons)).toEqual(['REVIEW.NOT_YOUR_TURN']);
  });

  it('refuses the machine’s APPROVE out of turn, as the rulebook does', () => {
    const snapshot = inReview();
    const event = { type: 'APPROVE' as const, actor: { userId: 'leader', organisationId: unit, roles: ['group_leader' as const] }, approval: facts('sequential') };
    expect(snapshot.can(event)).toBe(false);
    const [afterD1] = transition(lifecycleMachine, snapshot, { ...event, actor: { userId: 'd1', organisationId: unit, roles: ['deputy_leader'] } });
    expect(afterD1.context.approvals).toEqual(['d1']);
  });

  it('lets a leader circulate the report from internal review on, and nobody before', () => {
    const snapshot = inReview();
    expect(caseAction(snapshot, 'leader', ['group_leader'], 'CIRCULATE').available).toBe(true);
    expect(caseAction(snapshot, 'd1', ['deputy_leader'], 'CIRCULATE').available).toBe(true);
    expect(codes(caseAction(snapshot, 'c', ['compiler'], 'CIRCULATE').reasons)).toEqual(['CASE.ROLE_NOT_ALLOWED']);
    const early = startLifecycle({ unitId: unit, bureauId: 'bureau' });
    expect(codes(caseAction(early, 'leader', ['group_leader'], 'CIRCULATE').reasons)).toEqual(['CIRCULATION.NOT_ALLOWED']);
  });
});
