import type { CaseDueFacts } from '@jixiao/persistence';
import {
  actionsFor,
  APPROVAL_MODES,
  DUE_TASK_KINDS,
  persistLifecycle,
  restoreLifecycle,
  sectionApprovers,
  startLifecycle,
  lifecycleMachine,
  taskDueDate,
  tasksFrom,
  type LifecycleSnapshot,
  type Role,
  type SectionState,
} from '@jixiao/workflow';
import { actorOn, peopleOf, ruleFactsOf } from '../rulebook';
import { deriveDueItems, dueItemKey } from './due-items';

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

/** The derivation asked the straightforward way: the whole rulebook for each person, then the due kinds. */
function referenceDueItems(facts: CaseDueFacts) {
  const above = [...facts.leaderIds, ...facts.officerIds];
  const rules = ruleFactsOf(facts, null);
  return peopleOf(facts).flatMap((person) =>
    tasksFrom(actionsFor(rules, actorOn(facts, person)))
      .filter((task) => (DUE_TASK_KINDS as readonly string[]).includes(task.kind))
      .map((task) => {
        const kind = task.kind as (typeof DUE_TASK_KINDS)[number];
        const section = task.sectionCode === null ? null : facts.sections.find((s) => s.code === task.sectionCode)!;
        const escalateTo = section ? sectionApprovers(facts.group, section) : kind === 'review_submission' ? [] : above;
        return {
          itemKey: dueItemKey(facts.caseId, kind, task.sectionCode),
          caseId: facts.caseId,
          campaignId: facts.campaignId,
          kind,
          sectionCode: task.sectionCode,
          recipientId: person.userId,
          dueDate: taskDueDate(kind, facts, section?.dueDate ?? null),
          escalateTo: [...new Set(escalateTo)].filter((id) => id !== person.userId).sort(),
        };
      }),
  );
}

/** Deterministic draws, so a failing case can be found again by its number. */
function draws(seed: number) {
  let state = seed * 2654435761 + 1;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(options: readonly T[]): T => options[Math.floor(next() * options.length)]!;
  const some = <T>(options: readonly T[], chance = 0.5): T[] => options.filter(() => next() < chance);
  return { next, pick, some };
}

const LIFECYCLE_STATES = ['notice_issued', 'group_formed', 'self_assessment', 'internal_review', 'sealed', 'submitted.awaiting_acceptance', 'submitted.accepted', 'published'];
const SECTION_STATES: SectionState[] = ['assigned', 'drafting', 'submitted', 'approved'];
const PEOPLE = ['leader', 'leader2', 'deputy', 'deputy2', 'member', 'member2', 'compiler', 'seal', 'publisher', 'admin', 'extra', 'extra2', 'officer'];
const UNIT_ROLES: Role[] = ['unit_admin', 'compiler', 'publisher', 'seal_keeper', 'group_leader', 'member'];

/** A case of many shapes: any state, approval mode, approvals, 加签, remits, returns, reopen requests, unassigned sections, people with several roles. */
function variedCase(seed: number): CaseDueFacts {
  const { next, pick, some } = draws(seed);
  const state = pick(LIFECYCLE_STATES);
  const leaderIds = next() < 0.15 ? [] : next() < 0.2 ? ['leader', 'leader2'] : ['leader'];
  const deputyLeaderIds = some(['deputy', 'deputy2', 'leader']);
  const extraApproverIds = some(['extra', 'extra2', 'member'], 0.3);
  const extraApprovers = extraApproverIds
    .filter(() => next() < 0.6)
    .map((userId) => ({ userId, placement: pick(['before', 'after', null] as const), anchorId: pick([...leaderIds, ...deputyLeaderIds, null]) }));
  const group = [
    ...leaderIds.map((userId) => ({ userId, role: 'group_leader' as const, remit: {}, subOfficeId: null })),
    ...deputyLeaderIds.map((userId) => ({
      userId,
      role: 'deputy_leader' as const,
      remit: pick([{}, { sectionCodes: some(['1.1', '2.1', '3.1']) }, { subOfficeIds: ['office-a'] }, { sectionCodes: ['2.2'], subOfficeIds: ['office-b'] }]),
      subOfficeId: pick([null, 'office-a', 'office-b']),
    })),
    ...some(['member', 'member2', 'deputy'], 0.7).map((userId) => ({ userId, role: 'member' as const, remit: {}, subOfficeId: pick([null, 'office-a', 'office-b']) })),
    ...some(['compiler', 'member'], 0.7).map((userId) => ({ userId, role: 'compiler' as const, remit: {}, subOfficeId: null })),
    ...some(['seal', 'compiler'], 0.7).map((userId) => ({ userId, role: 'seal_keeper' as const, remit: {}, subOfficeId: null })),
    ...some(['publisher'], 0.5).map((userId) => ({ userId, role: 'publisher' as const, remit: {}, subOfficeId: null })),
  ];
  const codes = ['1.1', '1.2', '2.1', '2.2', '3.1', '3.2', '2.1x', '4.1', '5.1', '6.1'].slice(0, Math.floor(next() * 11));
  const sections = codes.map((code) => {
    const sectionState = pick(SECTION_STATES);
    return {
      code,
      title: '',
      state: sectionState,
      assigneeId: next() < 0.15 ? null : pick(['member', 'member2', 'deputy', 'leader', 'compiler']),
      dueDate: next() < 0.15 ? null : pick(['2024-02-19', '2024-02-20', '2024-02-25']),
      ...(sectionState === 'approved' && next() < 0.4 ? { reopenRequestedBy: 'compiler' } : {}),
    };
  });
  const approvals = state === 'internal_review' || state === 'sealed' || state.startsWith('submitted') ? some([...leaderIds, ...deputyLeaderIds, ...extraApproverIds]) : [];
  const base = facts({
    state,
    approvals,
    approvalMode: pick(APPROVAL_MODES),
    leaderIds,
    deputyLeaderIds,
    extraApproverIds,
    extraApprovers,
    group,
    sections,
    unitRoles: some(PEOPLE, 0.3).map((userId) => ({ userId, roles: some(UNIT_ROLES, 0.4) })),
    officerIds: some(['officer', 'officer2', 'leader'], 0.6),
  });
  const snapshot = restoreLifecycle(base);
  const returned = { ...snapshot.context, returns: Math.floor(next() * 3), reviewRequestedBy: pick([null, 'compiler']), submittedBy: pick([null, 'compiler', 'leader']) };
  return { ...base, ...persistLifecycle(lifecycleMachine.resolveState({ value: snapshot.value, context: returned })) };
}

describe('deriving due items for everyone at once', () => {
  it('gives exactly the items of the whole rulebook asked person by person, in the same order', () => {
    const kinds = new Set<string>();
    for (let seed = 1; seed <= 600; seed += 1) {
      const f = variedCase(seed);
      const expected = referenceDueItems(f);
      expect({ seed, items: deriveDueItems(f) }).toEqual({ seed, items: expected });
      expect({ seed, items: deriveDueItems(f, restoreLifecycle(f)) }).toEqual({ seed, items: expected });
      for (const item of expected) kinds.add(item.kind);
    }
    // The cases reach every kind of due item, so none of them is compared only as absent.
    expect([...kinds].sort()).toEqual([...DUE_TASK_KINDS].sort());
  });
});
