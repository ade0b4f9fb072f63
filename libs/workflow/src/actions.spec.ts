import { actionsFor, CASE_ACTION_TYPES, type CaseRuleFacts } from './actions';
import { approvalFacts } from './approval';
import { decide } from './lifecycle';
import { lifecycleMachine, type LifecycleEvent, type LifecycleEventType } from './lifecycle.machine';
import { ROLES, type Actor, type Role } from './roles';
import { LIFECYCLE_STATES, type LifecycleState } from './states';
import { DUE_TASK_KINDS, TASK_KINDS, tasksFrom, tasksOfKinds } from './tasks';

const UNIT = 'unit-1';
const BUREAU = 'bureau-1';
const DIGEST = 'd'.repeat(64);

/** One person per role; the unit's people share the unit, the finance officer the bureau. */
const people: Record<Role, Actor> = Object.fromEntries(
  ROLES.map((role) => [role, { userId: role, organisationId: role === 'finance_officer' ? BUREAU : role === 'system_admin' ? 'system' : UNIT, roles: [role] }]),
) as unknown as Record<Role, Actor>;

const GROUP = [
  { userId: 'group_leader', role: 'group_leader' as const },
  { userId: 'deputy_leader', role: 'deputy_leader' as const },
  { userId: 'member', role: 'member' as const },
  { userId: 'compiler', role: 'compiler' as const },
];

interface Scenario {
  label: string;
  state: LifecycleState;
  approvals?: string[];
  sections?: CaseRuleFacts['sections'];
  dataErrors?: number;
}

const assigned = (state: 'assigned' | 'drafting' | 'submitted' | 'approved') => [
  { code: '1.1', state, assigneeId: 'member', dueDate: '2027-03-01' },
  { code: '1.2', state, assigneeId: 'compiler', dueDate: '2027-03-01' },
];

const SCENARIOS: Scenario[] = [
  { label: 'notice issued', state: 'notice_issued', sections: [{ code: '1.1', state: 'assigned', assigneeId: null, dueDate: null }] },
  { label: 'group formed, sections unassigned', state: 'group_formed', sections: [{ code: '1.1', state: 'assigned', assigneeId: null, dueDate: null }] },
  { label: 'group formed, sections assigned', state: 'group_formed', sections: assigned('assigned') },
  { label: 'self-assessment, drafting, table with errors', state: 'self_assessment', sections: assigned('drafting'), dataErrors: 2 },
  { label: 'self-assessment, sections submitted', state: 'self_assessment', sections: assigned('submitted') },
  { label: 'self-assessment, all approved and tables clean', state: 'self_assessment', sections: assigned('approved') },
  { label: 'internal review, no approval yet', state: 'internal_review', sections: assigned('approved') },
  { label: 'internal review, approved by all', state: 'internal_review', sections: assigned('approved'), approvals: ['group_leader', 'deputy_leader'] },
  { label: 'sealed', state: 'sealed', sections: assigned('approved') },
  { label: 'awaiting acceptance', state: 'submitted.awaiting_acceptance', sections: assigned('approved') },
  { label: 'accepted', state: 'submitted.accepted', sections: assigned('approved') },
  { label: 'published', state: 'published', sections: assigned('approved') },
];

function factsOf(scenario: Scenario): CaseRuleFacts {
  const [top, child] = scenario.state.split('.') as [string, string | undefined];
  const snapshot = lifecycleMachine.resolveState({
    value: child ? { [top]: child } : top,
    context: {
      unitId: UNIT,
      bureauId: BUREAU,
      contentVersion: 1,
      approvals: scenario.approvals ?? [],
      sealedVersion: ['sealed', 'submitted.awaiting_acceptance', 'submitted.accepted', 'published'].includes(scenario.state) ? 1 : null,
      sealedDigest: ['sealed', 'submitted.awaiting_acceptance', 'submitted.accepted', 'published'].includes(scenario.state) ? DIGEST : null,
      submittedLate: null,
      returns: 0,
      reviewRequestedBy: scenario.state === 'internal_review' ? 'compiler' : null,
      submittedBy: scenario.state.startsWith('submitted') || scenario.state === 'published' ? 'compiler' : null,
    },
  });
  return {
    snapshot,
    approval: approvalFacts({ approvalMode: 'countersign', leaderIds: ['group_leader'], deputyLeaderIds: ['deputy_leader'], extraApproverIds: [] }),
    group: GROUP,
    sections: scenario.sections ?? [],
    tables: { dataErrors: scenario.dataErrors ?? 0, unacknowledgedWarnings: 0, indicatorsComplete: true, indicatorErrors: 0, sectionsWithTemplateText: 0 },
  };
}

/** A complete, valid payload for a lifecycle event, built from the same facts the rulebook read. */
function eventOf(type: LifecycleEventType, facts: CaseRuleFacts, actor: Actor): LifecycleEvent {
  const sections = { total: facts.sections.length, assignedWithDueDate: facts.sections.filter((s) => s.assigneeId && s.dueDate).length, approved: facts.sections.filter((s) => s.state === 'approved').length };
  switch (type) {
    case 'FORM_GROUP':
      return { type, actor, group: { leaders: 1, members: 1, compilers: 1 } };
    case 'START_SELF_ASSESSMENT':
      return { type, actor, sections };
    case 'REQUEST_REVIEW':
      return { type, actor, sections, tables: facts.tables! };
    case 'APPROVE':
      return { type, actor, approval: facts.approval };
    case 'RETURN':
      return { type, actor, reason: '数据有误', sectionCodes: ['1.1'] };
    case 'SEAL':
      return { type, actor, approval: facts.approval, contentDigest: DIGEST };
    case 'SUBMIT':
      return { type, actor, late: false };
    case 'ACCEPT':
      return { type, actor };
    case 'PUBLISH':
      return { type, actor, publishedDigest: DIGEST };
    case 'WITHDRAW_REVIEW':
    case 'WITHDRAW_SUBMISSION':
      return { type, actor };
  }
}

const LIFECYCLE_EVENTS = new Set<string>(['FORM_GROUP', 'START_SELF_ASSESSMENT', 'REQUEST_REVIEW', 'APPROVE', 'RETURN', 'SEAL', 'SUBMIT', 'ACCEPT', 'PUBLISH', 'WITHDRAW_REVIEW', 'WITHDRAW_SUBMISSION']);

const GRID = SCENARIOS.flatMap((scenario) => ROLES.map((role) => ({ scenario, role })));

describe('the rulebook', () => {
  it('covers every lifecycle state', () => {
    expect(new Set(SCENARIOS.map((s) => s.state))).toEqual(new Set(LIFECYCLE_STATES));
  });

  it.each(GRID)('$scenario.label, $role: tasks are exactly the available actions that move the case forward', ({ scenario, role }) => {
    const actions = actionsFor(factsOf(scenario), people[role]);
    const expected = [
      ...actions.case.filter((a) => a.available && a.progress).map((a) => a.type),
      ...actions.sections.flatMap((s) => s.actions.filter((a) => a.available && a.progress).map((a) => `${s.code}:${a.type}`)),
      ...actions.dataTable.filter((a) => a.available && a.progress).map((a) => `data:${a.type}`),
      ...actions.scores.filter((a) => a.available && a.progress).map((a) => `scores:${a.type}`),
    ];
    expect(tasksFrom(actions)).toHaveLength(expected.length);
    for (const action of [...actions.case, ...actions.dataTable, ...actions.scores, ...actions.sections.flatMap((s) => s.actions)]) {
      expect(action.available).toBe(action.reasons.length === 0);
      if (!action.available) expect(action.progress).toBe(false);
    }
  });

  it.each(GRID)('$scenario.label, $role: the machine accepts every available lifecycle action and refuses the rest with the same reasons', ({ scenario, role }) => {
    const facts = factsOf(scenario);
    const actor = people[role];
    for (const action of actionsFor(facts, actor).case.filter((a) => LIFECYCLE_EVENTS.has(a.type))) {
      const decision = decide(facts.snapshot, eventOf(action.type as LifecycleEventType, facts, actor));
      if (action.available) {
        expect({ type: action.type, outcome: decision.outcome }).toEqual({ type: action.type, outcome: 'accepted' });
      } else if (decision.outcome === 'refused') {
        expect(decision.refusals.map((r) => r.code)).toEqual(expect.arrayContaining(action.reasons.map((r) => r.code)));
      } else {
        expect({ type: action.type, outcome: decision.outcome }).toEqual({ type: action.type, outcome: 'not_accepted_in_state' });
        expect(action.reasons.map((r) => r.kind)).toEqual([expect.stringMatching(/^(state|scope|role)$/)]);
      }
    }
  });

  it.each(SCENARIOS)('$label: everyone\'s tasks of some kinds, worked out at once, are their tasks of those kinds one by one', (scenario) => {
    const facts = factsOf(scenario);
    const actors = ROLES.map((role) => people[role]);
    for (const kinds of [TASK_KINDS, DUE_TASK_KINDS, ['draft_section', 'approve_section'] as const]) {
      const one = (actor: Actor) => tasksFrom(actionsFor(facts, actor)).filter((task) => (kinds as readonly string[]).includes(task.kind));
      expect(tasksOfKinds(facts, actors, kinds)).toEqual(actors.map(one));
    }
  });

  it('gives every role of the unit its next step somewhere in the lifecycle', () => {
    const withTasks = new Set<Role>();
    for (const { scenario, role } of GRID) if (tasksFrom(actionsFor(factsOf(scenario), people[role])).length > 0) withTasks.add(role);
    expect([...withTasks].sort()).toEqual(['compiler', 'deputy_leader', 'finance_officer', 'group_leader', 'member', 'publisher', 'seal_keeper', 'unit_admin']);
  });

  it('drops the approve task once the leader approved, and tells a second click why', () => {
    const facts = factsOf({ label: '', state: 'internal_review', sections: assigned('approved'), approvals: ['group_leader'] });
    const approve = actionsFor(facts, people.group_leader).case.find((a) => a.type === 'APPROVE')!;
    expect(approve).toEqual({ type: 'APPROVE', available: false, progress: false, reasons: [{ kind: 'condition', code: 'REVIEW.ALREADY_APPROVED', params: {} }] });
  });

  it('lets a deputy approve only the sections of their remit', () => {
    const facts = { ...factsOf({ label: '', state: 'self_assessment', sections: assigned('submitted') }), group: [...GROUP.filter((m) => m.role !== 'deputy_leader'), { userId: 'deputy_leader', role: 'deputy_leader' as const, remit: { sectionCodes: ['1.2'] } }] };
    const actions = actionsFor(facts, people.deputy_leader);
    const approveOf = (code: string) => actions.sections.find((s) => s.code === code)!.actions.find((a) => a.type === 'APPROVE')!;
    expect(approveOf('1.2').available).toBe(true);
    expect(approveOf('1.1').reasons.map((r) => r.code)).toEqual(['SECTION.NOT_APPROVER']);
  });

  it('tells the compiler every reason review cannot be requested yet', () => {
    const facts = factsOf({ label: '', state: 'self_assessment', sections: assigned('drafting'), dataErrors: 1 });
    const request = actionsFor(facts, people.compiler).case.find((a) => a.type === 'REQUEST_REVIEW')!;
    expect(request.reasons.map((r) => [r.code, r.params])).toEqual([
      ['SECTION.NOT_APPROVED', { pending: 2, total: 2 }],
      ['DATA_TABLE.HAS_ERRORS', { count: 1 }],
    ]);
  });

  it('names every case action in its type list', () => {
    const facts = factsOf(SCENARIOS[0]!);
    expect(actionsFor(facts, people.unit_admin).case.map((a) => a.type)).toEqual([...CASE_ACTION_TYPES]);
  });

  describe('taking a step back', () => {
    const sectionAction = (facts: CaseRuleFacts, actor: Actor, code: string, type: string) =>
      actionsFor(facts, actor).sections.find((s) => s.code === code)!.actions.find((a) => a.type === type)!;

    it('lets the writer withdraw a submitted section, and nobody else', () => {
      const facts = factsOf({ label: '', state: 'self_assessment', sections: assigned('submitted') });
      expect(sectionAction(facts, people.member, '1.1', 'WITHDRAW')).toMatchObject({ available: true, progress: false });
      expect(sectionAction(facts, people.group_leader, '1.1', 'WITHDRAW').reasons.map((r) => r.code)).toEqual(['SECTION.NOT_ASSIGNEE']);
    });

    it('tells the writer an approved section is past withdrawing, without offering the button', () => {
      const facts = factsOf({ label: '', state: 'self_assessment', sections: assigned('approved') });
      expect(sectionAction(facts, people.member, '1.1', 'WITHDRAW').reasons).toEqual([{ kind: 'state', code: 'SECTION.WITHDRAW_TOO_LATE', params: {} }]);
    });

    it('lets the leaders reopen an approved section, the compiler ask for it, and makes a pending request the leaders\' task', () => {
      const facts = factsOf({ label: '', state: 'self_assessment', sections: assigned('approved') });
      expect(sectionAction(facts, people.group_leader, '1.1', 'REOPEN')).toMatchObject({ available: true, progress: false });
      expect(sectionAction(facts, people.member, '1.1', 'REOPEN').reasons.map((r) => r.code)).toEqual(['SECTION.NOT_APPROVER']);
      expect(sectionAction(facts, people.compiler, '1.1', 'REQUEST_REOPEN').available).toBe(true);
      expect(sectionAction(facts, people.member, '1.1', 'REQUEST_REOPEN').reasons.map((r) => r.code)).toEqual(['SECTION.NOT_COMPILER']);
      expect(sectionAction(facts, people.group_leader, '1.1', 'DECLINE_REOPEN').reasons.map((r) => r.kind)).toEqual(['state']);

      const requested = { ...facts, sections: facts.sections.map((s) => (s.code === '1.1' ? { ...s, reopenRequestedBy: 'compiler' } : s)) };
      expect(sectionAction(requested, people.group_leader, '1.1', 'REOPEN')).toMatchObject({ available: true, progress: true });
      expect(sectionAction(requested, people.group_leader, '1.1', 'DECLINE_REOPEN').available).toBe(true);
      expect(sectionAction(requested, people.compiler, '1.1', 'REQUEST_REOPEN').reasons).toEqual([{ kind: 'condition', code: 'SECTION.REOPEN_ALREADY_REQUESTED', params: {} }]);
      expect(tasksFrom(actionsFor(requested, people.group_leader))).toContainEqual({ kind: 'approve_section', sectionCode: '1.1' });
    });

    it('reopens nothing outside self-assessment', () => {
      const facts = factsOf({ label: '', state: 'internal_review', sections: assigned('approved') });
      expect(sectionAction(facts, people.group_leader, '1.1', 'REOPEN').reasons.map((r) => r.code)).toEqual(['SECTION.NOT_IN_SELF_ASSESSMENT']);
    });

    it('lets the requester withdraw the review request until someone approved', () => {
      const open = factsOf({ label: '', state: 'internal_review', sections: assigned('approved') });
      const withdraw = (facts: CaseRuleFacts, actor: Actor) => actionsFor(facts, actor).case.find((a) => a.type === 'WITHDRAW_REVIEW')!;
      expect(withdraw(open, people.compiler)).toMatchObject({ available: true, progress: false });
      const otherCompiler = { ...people.compiler, userId: 'compiler-2' };
      expect(withdraw(open, otherCompiler).reasons.map((r) => r.code)).toEqual(['REVIEW.NOT_REQUESTER']);
      const approved = factsOf({ label: '', state: 'internal_review', sections: assigned('approved'), approvals: ['deputy_leader'] });
      expect(withdraw(approved, people.compiler).reasons).toEqual([{ kind: 'condition', code: 'REVIEW.ALREADY_ACTED_ON', params: {} }]);
    });

    it('lets the submitter withdraw the submission until the bureau acted', () => {
      const withdraw = (state: LifecycleState, actor: Actor) => actionsFor(factsOf({ label: '', state, sections: assigned('approved') }), actor).case.find((a) => a.type === 'WITHDRAW_SUBMISSION')!;
      expect(withdraw('submitted.awaiting_acceptance', people.compiler).available).toBe(true);
      expect(withdraw('submitted.awaiting_acceptance', people.group_leader).reasons.map((r) => r.code)).toEqual(['SUBMISSION.NOT_SUBMITTER']);
      expect(withdraw('submitted.accepted', people.compiler).reasons.map((r) => r.code)).toEqual(['CASE.TRANSITION_NOT_ALLOWED']);
    });
  });
});
