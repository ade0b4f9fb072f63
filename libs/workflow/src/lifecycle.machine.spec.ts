import { transition, type AnyStateNode } from 'xstate';
import {
  acceptedEventTypes,
  decide,
  eventsAvailableTo,
  persistLifecycle,
  restoreLifecycle,
  startLifecycle,
  stateName,
  UnknownMachineVersionError,
  type LifecycleSnapshot,
} from './lifecycle';
import {
  LIFECYCLE_EVENT_TYPES,
  LIFECYCLE_MACHINE_VERSION,
  lifecycleMachine,
  type ApprovalFacts,
  type LifecycleEvent,
  type LifecycleEventType,
  type Refusal,
} from './lifecycle.machine';
import { roleNames } from './names';
import { ROLES, type Actor, type Role } from './roles';

const UNIT = 'unit-organisation-department';
const OTHER_UNIT = 'unit-other';
const BUREAU = 'bureau-district-finance';
const OTHER_BUREAU = 'bureau-other';
const SEALED_DIGEST = 'a'.repeat(64);
const OTHER_DIGEST = 'b'.repeat(64);

function actor(roles: readonly Role[], organisationId = UNIT, userId = `${roles.join('+') || 'nobody'}@${organisationId}`): Actor {
  return { userId, organisationId, roles };
}

const unitAdmin = actor(['unit_admin']);
const leader = actor(['group_leader'], UNIT, 'leader');
const deputy = actor(['deputy_leader'], UNIT, 'deputy');
const compiler = actor(['compiler']);
const sealKeeper = actor(['seal_keeper']);
const publisher = actor(['publisher']);
const financeOfficer = actor(['finance_officer'], BUREAU);

const countersign: ApprovalFacts = { mode: 'countersign', approverIds: [leader.userId, deputy.userId] };

type EventOf<T extends LifecycleEventType> = Extract<LifecycleEvent, { type: T }>;

function eventBuilder<T extends LifecycleEventType>(base: EventOf<T>): (overrides?: Partial<EventOf<T>>) => EventOf<T> {
  return (overrides = {}) => ({ ...base, ...overrides });
}

const formGroup = eventBuilder<'FORM_GROUP'>({ type: 'FORM_GROUP', actor: unitAdmin, group: { leaders: 1, members: 6, compilers: 1 } });
const startSelfAssessment = eventBuilder<'START_SELF_ASSESSMENT'>({
  type: 'START_SELF_ASSESSMENT',
  actor: leader,
  sections: { total: 13, assignedWithDueDate: 13, approved: 0 },
});
const requestReview = eventBuilder<'REQUEST_REVIEW'>({
  type: 'REQUEST_REVIEW',
  actor: compiler,
  sections: { total: 13, assignedWithDueDate: 13, approved: 13 },
  tables: { dataErrors: 0, unacknowledgedWarnings: 0, indicatorsComplete: true, indicatorErrors: 0, sectionsWithTemplateText: 0 },
});
const approve = eventBuilder<'APPROVE'>({ type: 'APPROVE', actor: leader, approval: countersign });
const returnInReview = eventBuilder<'RETURN'>({
  type: 'RETURN',
  actor: leader,
  reason: '3.2 quotes an execution rate that the basic data table does not support.',
  sectionCodes: ['3.2'],
});
const seal = eventBuilder<'SEAL'>({ type: 'SEAL', actor: sealKeeper, approval: countersign, contentDigest: SEALED_DIGEST });
const submit = eventBuilder<'SUBMIT'>({ type: 'SUBMIT', actor: compiler, late: false });
const returnSubmission = eventBuilder<'RETURN'>({
  type: 'RETURN',
  actor: financeOfficer,
  reason: 'Income components do not add up to the printed total.',
  sectionCodes: [],
});
const accept = eventBuilder<'ACCEPT'>({ type: 'ACCEPT', actor: financeOfficer });
const publish = eventBuilder<'PUBLISH'>({ type: 'PUBLISH', actor: publisher, publishedDigest: SEALED_DIGEST });
const withdrawReview = eventBuilder<'WITHDRAW_REVIEW'>({ type: 'WITHDRAW_REVIEW', actor: compiler });
const withdrawSubmission = eventBuilder<'WITHDRAW_SUBMISSION'>({ type: 'WITHDRAW_SUBMISSION', actor: compiler });

/** Every leaf state, as `stateName` spells it. */
const STATES = [
  'notice_issued',
  'group_formed',
  'self_assessment',
  'internal_review',
  'sealed',
  'submitted.awaiting_acceptance',
  'submitted.accepted',
  'published',
] as const;
type State = (typeof STATES)[number];

/** The events that lead from the initial state to each state, in order. */
const HAPPY_PATH: ReadonlyArray<readonly [State, readonly LifecycleEvent[]]> = [
  ['notice_issued', []],
  ['group_formed', [formGroup()]],
  ['self_assessment', [startSelfAssessment()]],
  ['internal_review', [requestReview()]],
  ['sealed', [approve({ actor: leader }), approve({ actor: deputy }), seal()]],
  ['submitted.awaiting_acceptance', [submit()]],
  ['submitted.accepted', [accept()]],
  ['published', [publish()]],
];

function start(): LifecycleSnapshot {
  return startLifecycle({ unitId: UNIT, bureauId: BUREAU });
}

function accepted(snapshot: LifecycleSnapshot, event: LifecycleEvent): LifecycleSnapshot {
  const decision = decide(snapshot, event);
  if (decision.outcome !== 'accepted') {
    throw new Error(`${event.type} was not accepted in ${stateName(snapshot.value)}: ${JSON.stringify(decision)}`);
  }
  return decision.next;
}

function advanceTo(state: State, snapshot = start()): LifecycleSnapshot {
  for (const [reached, events] of HAPPY_PATH) {
    snapshot = events.reduce(accepted, snapshot);
    if (reached === state) return snapshot;
  }
  throw new Error(`No path to ${state}`);
}

function approvedByAll(snapshot: LifecycleSnapshot): LifecycleSnapshot {
  return [approve({ actor: leader }), approve({ actor: deputy })].reduce(accepted, snapshot);
}

function refusalsOf(snapshot: LifecycleSnapshot, event: LifecycleEvent): Refusal[] {
  const decision = decide(snapshot, event);
  expect(decision.outcome).toBe('refused');
  return decision.outcome === 'refused' ? decision.refusals : [];
}

function codesOf(snapshot: LifecycleSnapshot, event: LifecycleEvent): string[] {
  return refusalsOf(snapshot, event).map((refusal) => refusal.code);
}

/** The same event from another sender; an approver is always one of the approvers named in it. */
function sentBy(event: LifecycleEvent, sender: Actor): LifecycleEvent {
  return event.type === 'APPROVE'
    ? { ...event, actor: sender, approval: { mode: 'any', approverIds: [sender.userId] } }
    : { ...event, actor: sender };
}

interface AllowedTransition {
  label: string;
  from: State;
  event: LifecycleEvent;
  to: State;
  /** Who may send it, from PROCESS.md. */
  roles: readonly Role[];
  organisation: 'unit' | 'bureau';
  /** What must have happened first; a step only its own author may take back is set up by the sender. */
  given?: (snapshot: LifecycleSnapshot, sender: Actor) => LifecycleSnapshot;
}

/** The lifecycle table of PROCESS.md, row by row. */
const ALLOWED: readonly AllowedTransition[] = [
  { label: 'FORM_GROUP', from: 'notice_issued', event: formGroup(), to: 'group_formed', roles: ['unit_admin'], organisation: 'unit' },
  {
    label: 'START_SELF_ASSESSMENT',
    from: 'group_formed',
    event: startSelfAssessment(),
    to: 'self_assessment',
    roles: ['group_leader'],
    organisation: 'unit',
  },
  { label: 'REQUEST_REVIEW', from: 'self_assessment', event: requestReview(), to: 'internal_review', roles: ['compiler'], organisation: 'unit' },
  { label: 'APPROVE', from: 'internal_review', event: approve(), to: 'internal_review', roles: ['group_leader', 'deputy_leader'], organisation: 'unit' },
  {
    label: 'RETURN in review',
    from: 'internal_review',
    event: returnInReview(),
    to: 'self_assessment',
    roles: ['group_leader', 'deputy_leader'],
    organisation: 'unit',
  },
  { label: 'SEAL', from: 'internal_review', event: seal(), to: 'sealed', roles: ['seal_keeper'], organisation: 'unit', given: approvedByAll },
  { label: 'SUBMIT', from: 'sealed', event: submit(), to: 'submitted.awaiting_acceptance', roles: ['compiler', 'group_leader'], organisation: 'unit' },
  {
    label: 'RETURN before acceptance',
    from: 'submitted.awaiting_acceptance',
    event: returnSubmission(),
    to: 'self_assessment',
    roles: ['finance_officer'],
    organisation: 'bureau',
  },
  {
    label: 'ACCEPT',
    from: 'submitted.awaiting_acceptance',
    event: accept(),
    to: 'submitted.accepted',
    roles: ['finance_officer'],
    organisation: 'bureau',
  },
  {
    label: 'RETURN after acceptance',
    from: 'submitted.accepted',
    event: returnSubmission(),
    to: 'self_assessment',
    roles: ['finance_officer'],
    organisation: 'bureau',
  },
  { label: 'PUBLISH', from: 'submitted.accepted', event: publish(), to: 'published', roles: ['publisher'], organisation: 'unit' },
  {
    label: 'WITHDRAW_REVIEW',
    from: 'internal_review',
    event: withdrawReview(),
    to: 'self_assessment',
    roles: ['compiler'],
    organisation: 'unit',
    given: (_snapshot, sender) => accepted(advanceTo('self_assessment'), requestReview({ actor: sender })),
  },
  {
    label: 'WITHDRAW_SUBMISSION',
    from: 'submitted.awaiting_acceptance',
    event: withdrawSubmission(),
    to: 'sealed',
    roles: ['compiler', 'group_leader'],
    organisation: 'unit',
    given: (_snapshot, sender) => accepted(advanceTo('sealed'), submit({ actor: sender })),
  },
];

function acceptedIn(state: State): LifecycleEventType[] {
  return LIFECYCLE_EVENT_TYPES.filter((type) => ALLOWED.some((row) => row.from === state && row.event.type === type));
}

function givenFor(row: AllowedTransition, sender: Actor = row.event.actor): LifecycleSnapshot {
  const snapshot = advanceTo(row.from);
  return row.given ? row.given(snapshot, sender) : snapshot;
}

function organisationIdOf(row: AllowedTransition): string {
  return row.organisation === 'unit' ? UNIT : BUREAU;
}

/** Leaf states of the machine, walked from its definition. */
function machineLeafStates(node: AnyStateNode = lifecycleMachine.root): string[] {
  return (Object.values(node.states) as AnyStateNode[]).flatMap((child) =>
    Object.keys(child.states).length === 0 ? [child.path.join('.')] : machineLeafStates(child),
  );
}

function machineEventTypes(node: AnyStateNode = lifecycleMachine.root): string[] {
  return (Object.values(node.states) as AnyStateNode[]).flatMap((child) => [...child.transitions.keys(), ...machineEventTypes(child)]);
}

describe('lifecycle machine', () => {
  describe('shape', () => {
    it('has exactly the states this suite walks through', () => {
      expect(machineLeafStates().sort()).toEqual([...STATES].sort());
    });

    it('lists every event type its states handle, and no other', () => {
      expect([...new Set(machineEventTypes())].sort()).toEqual([...LIFECYCLE_EVENT_TYPES].sort());
      expect([...LIFECYCLE_EVENT_TYPES].sort()).toEqual(
        ['ACCEPT', 'APPROVE', 'FORM_GROUP', 'PUBLISH', 'REQUEST_REVIEW', 'RETURN', 'SEAL', 'START_SELF_ASSESSMENT', 'SUBMIT', 'WITHDRAW_REVIEW', 'WITHDRAW_SUBMISSION'].sort(),
      );
    });

    it('starts a case in notice_issued with version 1 and nothing recorded', () => {
      const snapshot = start();
      expect(stateName(snapshot.value)).toBe('notice_issued');
      expect(snapshot.context).toEqual({
        unitId: UNIT,
        bureauId: BUREAU,
        contentVersion: 1,
        approvals: [],
        sealedVersion: null,
        sealedDigest: null,
        submittedLate: null,
        returns: 0,
        reviewRequestedBy: null,
        submittedBy: null,
      });
    });

    it.each(STATES)('reaches %s along the happy path', (state) => {
      expect(stateName(advanceTo(state).value)).toBe(state);
    });

    it.each(STATES)('reports in %s the events of the process table as accepted', (state) => {
      expect(acceptedEventTypes(advanceTo(state))).toEqual(acceptedIn(state));
    });
  });

  describe('allowed transitions', () => {
    it.each(ALLOWED)('takes $label from $from to $to', (row) => {
      const decision = decide(givenFor(row), row.event);
      expect(decision).toMatchObject({ outcome: 'accepted', from: row.from, to: row.to });
    });

    it.each(ALLOWED.flatMap((row) => row.roles.map((role) => ({ ...row, role }))))(
      'accepts $label from someone holding only $role',
      (row) => {
        const sender = actor([row.role], organisationIdOf(row), `only-${row.role}`);
        expect(decide(givenFor(row, sender), sentBy(row.event, sender)).outcome).toBe('accepted');
      },
    );

    it('leaves the snapshot it decided on untouched', () => {
      const snapshot = advanceTo('internal_review');
      const before = JSON.stringify(persistLifecycle(snapshot));
      accepted(snapshot, approve());
      expect(JSON.stringify(persistLifecycle(snapshot))).toBe(before);
    });
  });

  describe('events a state does not take', () => {
    const SAMPLES: Record<LifecycleEventType, readonly LifecycleEvent[]> = {
      FORM_GROUP: [formGroup()],
      START_SELF_ASSESSMENT: [startSelfAssessment()],
      REQUEST_REVIEW: [requestReview()],
      APPROVE: [approve()],
      RETURN: [returnInReview(), returnSubmission()],
      SEAL: [seal()],
      SUBMIT: [submit()],
      ACCEPT: [accept()],
      PUBLISH: [publish()],
      WITHDRAW_REVIEW: [withdrawReview()],
      WITHDRAW_SUBMISSION: [withdrawSubmission()],
    };
    const matrix = STATES.flatMap((state) =>
      LIFECYCLE_EVENT_TYPES.filter((type) => !acceptedIn(state).includes(type)).flatMap((type) =>
        SAMPLES[type].map((event) => ({ state, type, event, sender: event.actor.roles.join('+') })),
      ),
    );

    it('covers every pair of state and event type that the table does not allow', () => {
      const allowedPairs = ALLOWED.map((row) => `${row.from} ${row.event.type}`);
      const refusedPairs = matrix.map(({ state, type }) => `${state} ${type}`);
      expect(new Set([...allowedPairs, ...refusedPairs]).size).toBe(STATES.length * LIFECYCLE_EVENT_TYPES.length);
    });

    it.each(matrix)('does not take $type from $sender in $state', ({ state, event }) => {
      expect(decide(advanceTo(state), event)).toEqual({
        outcome: 'not_accepted_in_state',
        state,
        acceptedEvents: acceptedIn(state),
      });
    });

    it('takes nothing once published', () => {
      const snapshot = advanceTo('published');
      expect(snapshot.status).toBe('done');
      expect(acceptedEventTypes(snapshot)).toEqual([]);
    });
  });

  describe('who may send what', () => {
    it.each(ALLOWED)('refuses $label from someone of the right organisation holding every other role', (row) => {
      const sender = actor(
        ROLES.filter((role) => !row.roles.includes(role)),
        organisationIdOf(row),
      );
      const refusals = refusalsOf(givenFor(row), sentBy(row.event, sender));
      expect(refusals).toEqual([{ kind: 'role', code: 'CASE.ROLE_NOT_ALLOWED', params: { roles: roleNames(row.roles) } }]);
    });

    const outsiders = ALLOWED.flatMap((row) =>
      (row.organisation === 'unit' ? [OTHER_UNIT, BUREAU] : [OTHER_BUREAU, UNIT]).map((organisationId) => ({ ...row, organisationId })),
    );

    it.each(outsiders)('refuses $label from someone of $organisationId even with the right role', (row) => {
      const sender = actor(row.roles, row.organisationId);
      expect(refusalsOf(givenFor(row), sentBy(row.event, sender))).toEqual([
        { kind: 'scope', code: 'CASE.OUT_OF_SCOPE', params: expect.any(Object) },
      ]);
    });

    it('reports the organisation before the role when both are wrong', () => {
      const stranger = actor(['member'], OTHER_UNIT);
      expect(refusalsOf(advanceTo('notice_issued'), formGroup({ actor: stranger })).map((refusal) => refusal.kind)).toEqual(['scope']);
    });
  });

  describe('FORM_GROUP', () => {
    it.each([
      ['a leader', { leaders: 0, members: 6, compilers: 1 }, ['GROUP.LEADER_MISSING']],
      ['a member', { leaders: 1, members: 0, compilers: 1 }, ['GROUP.MEMBER_MISSING']],
      ['a compiler', { leaders: 1, members: 6, compilers: 0 }, ['GROUP.COMPILER_MISSING']],
      ['anyone', { leaders: 0, members: 0, compilers: 0 }, ['GROUP.LEADER_MISSING', 'GROUP.MEMBER_MISSING', 'GROUP.COMPILER_MISSING']],
    ])('refuses a working group without %s', (_missing, group, codes) => {
      const refusals = refusalsOf(advanceTo('notice_issued'), formGroup({ group }));
      expect(refusals.map((refusal) => refusal.code)).toEqual(codes);
      expect(refusals.every((refusal) => refusal.kind === 'condition')).toBe(true);
    });
  });

  describe('START_SELF_ASSESSMENT', () => {
    it('refuses to start with an empty outline', () => {
      const sections = { total: 0, assignedWithDueDate: 0, approved: 0 };
      expect(codesOf(advanceTo('group_formed'), startSelfAssessment({ sections }))).toEqual(['SECTION.OUTLINE_EMPTY']);
    });

    it.each([10, 12])('refuses to start while only %i of 13 sections have an assignee and a due date, and says how many', (assigned) => {
      const sections = { total: 13, assignedWithDueDate: assigned, approved: 0 };
      const refusals = refusalsOf(advanceTo('group_formed'), startSelfAssessment({ sections }));
      expect(refusals).toEqual([
        { kind: 'condition', code: 'SECTION.UNASSIGNED', params: { pending: 13 - assigned, total: 13 } },
      ]);
    });
  });

  describe('REQUEST_REVIEW', () => {
    const tables = { dataErrors: 0, unacknowledgedWarnings: 0, indicatorsComplete: true, indicatorErrors: 0, sectionsWithTemplateText: 0 };

    it.each([
      ['a section is not approved', { sections: { total: 13, assignedWithDueDate: 13, approved: 12 } }, 'SECTION.NOT_APPROVED'],
      ['the outline has no sections', { sections: { total: 0, assignedWithDueDate: 0, approved: 0 } }, 'SECTION.NOT_APPROVED'],
      ['the basic data table has an error', { tables: { ...tables, dataErrors: 1 } }, 'DATA_TABLE.HAS_ERRORS'],
      ['a warning is unacknowledged', { tables: { ...tables, unacknowledgedWarnings: 2 } }, 'DATA_TABLE.WARNINGS_UNACKNOWLEDGED'],
      ['the indicator table has blank scores', { tables: { ...tables, indicatorsComplete: false } }, 'INDICATORS.INCOMPLETE'],
      ['a deduction has no justification', { tables: { ...tables, indicatorErrors: 1 } }, 'INDICATORS.HAS_ERRORS'],
      ['a section still holds template text', { tables: { ...tables, sectionsWithTemplateText: 2 } }, 'SECTION.TEMPLATE_TEXT'],
    ])('refuses review while %s', (_why, overrides, code) => {
      expect(codesOf(advanceTo('self_assessment'), requestReview(overrides))).toEqual([code]);
    });

    it('lists every reason at once', () => {
      const event = requestReview({
        sections: { total: 13, assignedWithDueDate: 13, approved: 9 },
        tables: { dataErrors: 2, unacknowledgedWarnings: 1, indicatorsComplete: false, indicatorErrors: 3, sectionsWithTemplateText: 1 },
      });
      const refusals = refusalsOf(advanceTo('self_assessment'), event);
      expect(refusals.map((refusal) => refusal.code)).toEqual([
        'SECTION.NOT_APPROVED',
        'DATA_TABLE.HAS_ERRORS',
        'DATA_TABLE.WARNINGS_UNACKNOWLEDGED',
        'INDICATORS.INCOMPLETE',
        'INDICATORS.HAS_ERRORS',
        'SECTION.TEMPLATE_TEXT',
      ]);
      expect(refusals[0]!.params).toEqual({ pending: 4, total: 13 });
    });
  });

  describe('APPROVE', () => {
    it('stays in internal review and accumulates approvals', () => {
      const first = accepted(advanceTo('internal_review'), approve({ actor: deputy }));
      expect(stateName(first.value)).toBe('internal_review');
      expect(first.context.approvals).toEqual([deputy.userId]);
      const second = accepted(first, approve({ actor: leader }));
      expect(stateName(second.value)).toBe('internal_review');
      expect(second.context.approvals).toEqual([deputy.userId, leader.userId]);
    });

    it('refuses an approval from a leader who is not one of the approvers', () => {
      const otherDeputy = actor(['deputy_leader'], UNIT, 'other-deputy');
      expect(codesOf(advanceTo('internal_review'), approve({ actor: otherDeputy }))).toEqual(['REVIEW.NOT_AN_APPROVER']);
    });

    it('refuses a second approval of the same version from the same person', () => {
      const snapshot = accepted(advanceTo('internal_review'), approve({ actor: leader }));
      expect(codesOf(snapshot, approve({ actor: leader }))).toEqual(['REVIEW.ALREADY_APPROVED']);
    });
  });

  describe('approval modes and SEAL', () => {
    it('seals after the single approver approves', () => {
      const single: ApprovalFacts = { mode: 'single', approverIds: [leader.userId] };
      const review = advanceTo('internal_review');
      expect(codesOf(review, seal({ approval: single }))).toEqual(['REVIEW.APPROVALS_MISSING']);
      const approved = accepted(review, approve({ actor: leader, approval: single }));
      expect(decide(approved, seal({ approval: single }))).toMatchObject({ outcome: 'accepted', to: 'sealed' });
    });

    it('refuses to seal while a countersignature is missing, and says how many', () => {
      const snapshot = accepted(advanceTo('internal_review'), approve({ actor: leader }));
      expect(refusalsOf(snapshot, seal())).toEqual([
        { kind: 'condition', code: 'REVIEW.APPROVALS_MISSING', params: { missing: 1 } },
      ]);
    });

    it('seals once every countersignature is in', () => {
      expect(decide(approvedByAll(advanceTo('internal_review')), seal())).toMatchObject({ outcome: 'accepted', to: 'sealed' });
    });

    it('seals in any mode after one approver from the pool approves', () => {
      const any: ApprovalFacts = { mode: 'any', approverIds: [leader.userId, deputy.userId] };
      const review = advanceTo('internal_review');
      expect(refusalsOf(review, seal({ approval: any }))).toEqual([
        { kind: 'condition', code: 'REVIEW.APPROVAL_MISSING', params: {} },
      ]);
      const approved = accepted(review, approve({ actor: deputy, approval: any }));
      expect(decide(approved, seal({ approval: any }))).toMatchObject({ outcome: 'accepted', to: 'sealed' });
    });

    it('refuses to seal when nobody is named to approve', () => {
      const nobody: ApprovalFacts = { mode: 'countersign', approverIds: [] };
      expect(codesOf(advanceTo('internal_review'), seal({ approval: nobody }))).toEqual(['REVIEW.NO_APPROVERS']);
    });

    it('records the sealed version and the digest of the content', () => {
      const sealed = advanceTo('sealed');
      expect(sealed.context).toMatchObject({ contentVersion: 1, sealedVersion: 1, sealedDigest: SEALED_DIGEST });
    });
  });

  describe('RETURN from internal review', () => {
    it('reopens self-assessment, clears the approvals and counts the return on the same version', () => {
      const review = approvedByAll(advanceTo('internal_review'));
      const decision = decide(review, returnInReview());
      expect(decision).toMatchObject({ outcome: 'accepted', from: 'internal_review', to: 'self_assessment' });
      const next = accepted(review, returnInReview());
      expect(next.context).toMatchObject({ approvals: [], returns: 1, contentVersion: 1, sealedVersion: null });
    });

    it('lets the same leaders approve again after the report comes back to review', () => {
      const returned = accepted(approvedByAll(advanceTo('internal_review')), returnInReview({ actor: deputy }));
      const review = accepted(returned, requestReview());
      expect(accepted(review, approve({ actor: leader })).context.approvals).toEqual([leader.userId]);
    });

    it.each([
      ['without a reason', { reason: '' }, ['RETURN.REASON_REQUIRED']],
      ['with a blank reason', { reason: '   ' }, ['RETURN.REASON_REQUIRED']],
      ['without naming a section', { sectionCodes: [] }, ['RETURN.SECTIONS_REQUIRED']],
      ['with neither', { reason: '', sectionCodes: [] }, ['RETURN.REASON_REQUIRED', 'RETURN.SECTIONS_REQUIRED']],
    ])('refuses a return %s', (_how, overrides, codes) => {
      expect(codesOf(advanceTo('internal_review'), returnInReview(overrides))).toEqual(codes);
    });
  });

  describe('SUBMIT', () => {
    it.each([
      [false, 'on time'],
      [true, 'late'],
    ])('records late=%s for a submission %s', (late) => {
      const submitted = accepted(advanceTo('sealed'), submit({ late }));
      expect(stateName(submitted.value)).toBe('submitted.awaiting_acceptance');
      expect(submitted.context.submittedLate).toBe(late);
    });
  });

  describe('RETURN by the finance bureau', () => {
    it.each(['submitted.awaiting_acceptance', 'submitted.accepted'] as const)(
      'voids the seal and starts version 2 when returned from %s',
      (state) => {
        const submitted = advanceTo(state);
        const returned = accepted(submitted, returnSubmission());
        expect(stateName(returned.value)).toBe('self_assessment');
        expect(returned.context).toEqual({
          ...submitted.context,
          contentVersion: 2,
          approvals: [],
          sealedVersion: null,
          sealedDigest: null,
          submittedLate: null,
          submittedBy: null,
          returns: 1,
        });
      },
    );

    it.each(['', '  '])('refuses a return with the reason %j', (reason) => {
      expect(refusalsOf(advanceTo('submitted.awaiting_acceptance'), returnSubmission({ reason }))).toEqual([
        { kind: 'condition', code: 'RETURN.REASON_REQUIRED', params: expect.any(Object) },
      ]);
    });

    it('refuses a return from the unit itself once submitted', () => {
      expect(refusalsOf(advanceTo('submitted.awaiting_acceptance'), returnInReview()).map((refusal) => refusal.kind)).toEqual(['scope']);
    });

    it('seals the next version as version 2 with its own digest', () => {
      const returned = accepted(advanceTo('submitted.accepted'), returnSubmission());
      const review = [requestReview(), approve({ actor: leader }), approve({ actor: deputy })].reduce(accepted, returned);
      const resealed = accepted(review, seal({ contentDigest: OTHER_DIGEST }));
      expect(resealed.context).toMatchObject({ contentVersion: 2, sealedVersion: 2, sealedDigest: OTHER_DIGEST, returns: 1 });
    });
  });

  describe('ACCEPT and PUBLISH', () => {
    it('keeps an accepted submission in submitted', () => {
      expect(stateName(advanceTo('submitted.accepted').value)).toBe('submitted.accepted');
    });

    it('publishes when the published document has the sealed digest', () => {
      expect(decide(advanceTo('submitted.accepted'), publish())).toMatchObject({
        outcome: 'accepted',
        from: 'submitted.accepted',
        to: 'published',
      });
    });

    it('refuses to publish a document that differs from the submitted one, naming both digests', () => {
      const refusals = refusalsOf(advanceTo('submitted.accepted'), publish({ publishedDigest: OTHER_DIGEST }));
      expect(refusals).toEqual([{ kind: 'condition', code: 'PUBLICATION.MISMATCH', params: { publishedSha256: OTHER_DIGEST, sealedSha256: SEALED_DIGEST } }]);
    });

    it('refuses to publish the digest of a voided seal', () => {
      const returned = accepted(advanceTo('submitted.accepted'), returnSubmission());
      const resubmitted = [
        requestReview(),
        approve({ actor: leader }),
        approve({ actor: deputy }),
        seal({ contentDigest: OTHER_DIGEST }),
        submit(),
        accept(),
      ].reduce(accepted, returned);
      expect(codesOf(resubmitted, publish({ publishedDigest: SEALED_DIGEST }))).toEqual(['PUBLICATION.MISMATCH']);
      expect(decide(resubmitted, publish({ publishedDigest: OTHER_DIGEST })).outcome).toBe('accepted');
    });
  });

  describe('WITHDRAW (撤回)', () => {
    it('takes the review request back to self-assessment and forgets who made it', () => {
      const withdrawn = accepted(advanceTo('internal_review'), withdrawReview());
      expect(stateName(withdrawn.value)).toBe('self_assessment');
      expect(withdrawn.context).toMatchObject({ reviewRequestedBy: null, approvals: [], returns: 0, contentVersion: 1 });
    });

    it('refuses the review withdrawal from another compiler', () => {
      const other = actor(['compiler'], UNIT, 'another-compiler');
      expect(refusalsOf(advanceTo('internal_review'), withdrawReview({ actor: other }))).toEqual([{ kind: 'role', code: 'REVIEW.NOT_REQUESTER', params: {} }]);
    });

    it('refuses the review withdrawal once an approver approved', () => {
      expect(codesOf(accepted(advanceTo('internal_review'), approve({ actor: leader })), withdrawReview())).toEqual(['REVIEW.ALREADY_ACTED_ON']);
    });

    it('takes the submission back to sealed, the seal kept and the submission forgotten', () => {
      const withdrawn = accepted(accepted(advanceTo('sealed'), submit({ late: true })), withdrawSubmission());
      expect(stateName(withdrawn.value)).toBe('sealed');
      expect(withdrawn.context).toMatchObject({ submittedBy: null, submittedLate: null, sealedVersion: 1, sealedDigest: SEALED_DIGEST, returns: 0 });
      expect(decide(withdrawn, submit())).toMatchObject({ outcome: 'accepted', to: 'submitted.awaiting_acceptance' });
    });

    it('refuses the submission withdrawal from someone else who may submit', () => {
      expect(codesOf(advanceTo('submitted.awaiting_acceptance'), withdrawSubmission({ actor: leader }))).toEqual(['SUBMISSION.NOT_SUBMITTER']);
    });

    it('does not take a submission back once the bureau accepted it', () => {
      expect(decide(advanceTo('submitted.accepted'), withdrawSubmission())).toMatchObject({ outcome: 'not_accepted_in_state' });
    });
  });

  describe('persistence', () => {
    function roundTrip(snapshot: LifecycleSnapshot): LifecycleSnapshot {
      return restoreLifecycle(JSON.parse(JSON.stringify(persistLifecycle(snapshot))));
    }

    it('stamps the stored snapshot with the machine version', () => {
      expect(persistLifecycle(start()).machineVersion).toBe(LIFECYCLE_MACHINE_VERSION);
    });

    it('restores a snapshot from JSON and carries on where it stopped', () => {
      const halfApproved = accepted(advanceTo('internal_review'), approve({ actor: leader }));
      const restored = roundTrip(halfApproved);
      expect(stateName(restored.value)).toBe('internal_review');
      expect(restored.context).toEqual(halfApproved.context);
      expect(codesOf(restored, approve({ actor: leader }))).toEqual(['REVIEW.ALREADY_APPROVED']);
      const sealed = [approve({ actor: deputy }), seal()].reduce(accepted, restored);
      expect(sealed.context).toMatchObject({ approvals: [leader.userId, deputy.userId], sealedDigest: SEALED_DIGEST });
    });

    it.each(STATES)('round-trips %s', (state) => {
      const snapshot = advanceTo(state);
      const restored = roundTrip(snapshot);
      expect(stateName(restored.value)).toBe(state);
      expect(restored.context).toEqual(snapshot.context);
      expect(acceptedEventTypes(restored)).toEqual(acceptedIn(state));
    });

    it('continues a restored nested state', () => {
      const restored = roundTrip(advanceTo('submitted.awaiting_acceptance'));
      expect(decide(restored, accept())).toMatchObject({ outcome: 'accepted', to: 'submitted.accepted' });
    });

    it('restores a snapshot stored before the withdrawal fields existed, with nobody able to withdraw', () => {
      const stored = persistLifecycle(advanceTo('internal_review'));
      const { reviewRequestedBy: _requested, submittedBy: _submitted, ...older } = (stored.snapshot as { context: Record<string, unknown> }).context;
      const restored = restoreLifecycle({ ...stored, snapshot: { ...(stored.snapshot as object), context: older } });
      expect(restored.context).toMatchObject({ reviewRequestedBy: null, submittedBy: null });
      expect(codesOf(restored, withdrawReview())).toEqual(['REVIEW.NOT_REQUESTER']);
      expect(decide(restored, approve()).outcome).toBe('accepted');
    });

    it('refuses a snapshot written by another machine version', () => {
      const persisted = { ...persistLifecycle(advanceTo('sealed')), machineVersion: LIFECYCLE_MACHINE_VERSION + 1 };
      let thrown: unknown;
      try {
        restoreLifecycle(persisted);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(UnknownMachineVersionError);
      expect(thrown).toMatchObject({ found: LIFECYCLE_MACHINE_VERSION + 1 });
    });
  });

  describe('eventsAvailableTo', () => {
    it.each([
      ['the group leader', 'internal_review', leader, ['APPROVE', 'RETURN']],
      ['a deputy leader', 'internal_review', deputy, ['APPROVE', 'RETURN']],
      ['the seal keeper (approvals not yet in)', 'internal_review', sealKeeper, ['SEAL']],
      ['the compiler', 'internal_review', compiler, ['WITHDRAW_REVIEW']],
      ['a leader of another unit', 'internal_review', actor(['group_leader', 'seal_keeper'], OTHER_UNIT), []],
      ['someone who is both leader and seal keeper', 'internal_review', actor(['group_leader', 'seal_keeper']), ['APPROVE', 'RETURN', 'SEAL']],
      ['the finance officer', 'submitted.awaiting_acceptance', financeOfficer, ['RETURN', 'ACCEPT']],
      ['a finance officer of another bureau', 'submitted.awaiting_acceptance', actor(['finance_officer'], OTHER_BUREAU), []],
      ['the compiler', 'submitted.awaiting_acceptance', compiler, ['WITHDRAW_SUBMISSION']],
      ['the publisher', 'submitted.accepted', publisher, ['PUBLISH']],
      ['the finance officer', 'submitted.accepted', financeOfficer, ['RETURN']],
      ['the group leader', 'sealed', leader, ['SUBMIT']],
      ['anyone', 'published', actor([...ROLES]), []],
    ] as const)('offers %s in %s only what they may send', (_who, state, sender, events) => {
      expect(eventsAvailableTo(advanceTo(state), sender)).toEqual(events);
    });
  });

  describe('stateName', () => {
    it('joins a nested state value with a dot', () => {
      expect(stateName({ submitted: 'awaiting_acceptance' })).toBe('submitted.awaiting_acceptance');
      expect(stateName(advanceTo('submitted.awaiting_acceptance').value)).toBe('submitted.awaiting_acceptance');
    });

    it('keeps a top-level state as it is', () => {
      expect(stateName('sealed')).toBe('sealed');
    });
  });
});

describe('stepping the machine', () => {
  it("gives the same next snapshot as xstate's transition() for every event it accepts, from fresh and restored snapshots", () => {
    const events = [
      formGroup(),
      startSelfAssessment(),
      requestReview(),
      approve({ actor: leader }),
      approve({ actor: deputy }),
      returnInReview(),
      withdrawReview(),
      seal(),
      submit(),
      withdrawSubmission(),
      returnSubmission(),
      accept(),
      publish(),
    ];
    const steps: string[] = [];
    for (const state of STATES) {
      for (const from of [advanceTo(state), approvedByAll(advanceTo('internal_review'))]) {
        for (const snapshot of [from, restoreLifecycle(persistLifecycle(from))]) {
          for (const event of events) {
            const decision = decide(snapshot, event);
            if (decision.outcome !== 'accepted') continue;
            const [expected, actions] = transition(lifecycleMachine, snapshot, event);
            expect(actions).toEqual([]);
            expect({ value: decision.next.value, context: decision.next.context, status: decision.next.status }).toEqual({
              value: expected.value,
              context: expected.context,
              status: expected.status,
            });
            expect(persistLifecycle(decision.next)).toEqual(persistLifecycle(expected));
            steps.push(`${stateName(snapshot.value)} ${event.type}`);
          }
        }
      }
    }
    expect(new Set(steps.map((step) => step.split(' ')[1]))).toEqual(new Set(LIFECYCLE_EVENT_TYPES));
  });
});
