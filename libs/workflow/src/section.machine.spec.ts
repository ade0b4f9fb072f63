import type { Actor, Role } from './roles';
import {
  decideSection,
  SECTION_STATES,
  type SectionEvent,
  type SectionEventType,
  type SectionFactsForDecision,
  type SectionState,
} from './section.machine';

const UNIT = 'unit-organisation-department';

function actor(userId: string, roles: readonly Role[]): Actor {
  return { userId, organisationId: UNIT, roles };
}

const assignee = actor('head-of-cadre-office', ['member']);
const otherMember = actor('head-of-organisation-office', ['member']);
const leader = actor('leader', ['group_leader']);
const deputy = actor('deputy-in-charge', ['deputy_leader']);

function section(overrides: Partial<SectionFactsForDecision> = {}): SectionFactsForDecision {
  return { state: 'assigned', assigneeId: assignee.userId, approverIds: [leader.userId, deputy.userId], ...overrides };
}

/** Each event as sent by the person who may send it. */
const RIGHTFUL: Record<SectionEventType, SectionEvent> = {
  START_DRAFTING: { type: 'START_DRAFTING', actor: assignee },
  SUBMIT: { type: 'SUBMIT', actor: assignee },
  APPROVE: { type: 'APPROVE', actor: deputy },
  RETURN: { type: 'RETURN', actor: leader, reason: 'The figures in 1.4 do not match the basic data table.' },
};

/** The section lifecycle of PROCESS.md. */
const ALLOWED: ReadonlyArray<{ from: SectionState; type: SectionEventType; to: SectionState }> = [
  { from: 'assigned', type: 'START_DRAFTING', to: 'drafting' },
  { from: 'assigned', type: 'SUBMIT', to: 'submitted' },
  { from: 'drafting', type: 'SUBMIT', to: 'submitted' },
  { from: 'submitted', type: 'APPROVE', to: 'approved' },
  { from: 'submitted', type: 'RETURN', to: 'drafting' },
];

const EVENT_TYPES = Object.keys(RIGHTFUL) as SectionEventType[];

describe('decideSection', () => {
  it.each(ALLOWED)('moves a section from $from to $to on $type', ({ from, type, to }) => {
    expect(decideSection(section({ state: from }), RIGHTFUL[type])).toEqual({ outcome: 'accepted', from, to });
  });

  const wrongState = SECTION_STATES.flatMap((state) =>
    EVENT_TYPES.filter((type) => !ALLOWED.some((row) => row.from === state && row.type === type)).map((type) => ({ state, type })),
  );

  it('covers every pair of state and event', () => {
    expect(wrongState.length + ALLOWED.length).toBe(SECTION_STATES.length * EVENT_TYPES.length);
  });

  it.each(wrongState)('refuses $type on a section that is $state', ({ state, type }) => {
    expect(decideSection(section({ state }), RIGHTFUL[type])).toEqual({
      outcome: 'refused',
      refusals: [{ kind: 'state', code: 'SECTION.TRANSITION_NOT_ALLOWED', params: { state } }],
    });
  });

  describe('drafting and submitting', () => {
    it.each([
      ['another member starting to draft', 'assigned', { type: 'START_DRAFTING', actor: otherMember }],
      ['the group leader starting to draft', 'assigned', { type: 'START_DRAFTING', actor: leader }],
      ['another member submitting', 'drafting', { type: 'SUBMIT', actor: otherMember }],
      ['an approver submitting', 'drafting', { type: 'SUBMIT', actor: deputy }],
    ] as const)('refuses %s', (_who, state, event) => {
      expect(decideSection(section({ state }), event)).toMatchObject({ outcome: 'refused', refusals: [{ kind: 'role', code: 'SECTION.NOT_ASSIGNEE' }] });
    });

    it('refuses drafting a section nobody is assigned to', () => {
      expect(decideSection(section({ assigneeId: null }), RIGHTFUL.START_DRAFTING)).toMatchObject({ refusals: [{ code: 'SECTION.NOT_ASSIGNEE' }] });
    });
  });

  describe('approving and returning', () => {
    it.each(['APPROVE', 'RETURN'] as const)('refuses %s from someone who is not an approver of the section', (type) => {
      const outsider = actor('deputy-of-another-remit', ['deputy_leader']);
      expect(decideSection(section({ state: 'submitted' }), { ...RIGHTFUL[type], actor: outsider })).toMatchObject({ outcome: 'refused', refusals: [{ kind: 'role', code: 'SECTION.NOT_APPROVER' }] });
    });

    it('refuses the assignee approving their own section', () => {
      expect(decideSection(section({ state: 'submitted' }), { type: 'APPROVE', actor: assignee })).toMatchObject({ refusals: [{ code: 'SECTION.NOT_APPROVER' }] });
    });

    it.each(['APPROVE', 'RETURN'] as const)('refuses %s from a deputy leader who drafted the section', (type) => {
      const drafted = section({ state: 'submitted', assigneeId: deputy.userId });
      expect(decideSection(drafted, { ...RIGHTFUL[type], actor: deputy })).toMatchObject({ outcome: 'refused', refusals: [{ kind: 'role', code: 'SECTION.SELF_APPROVAL' }] });
    });

    it.each(['', '   '])('refuses a return with the reason %j', (reason) => {
      expect(decideSection(section({ state: 'submitted' }), { type: 'RETURN', actor: leader, reason })).toMatchObject({ outcome: 'refused', refusals: [{ kind: 'condition', code: 'RETURN.REASON_REQUIRED' }] });
    });

    it('lets either the leader or the deputy in charge approve', () => {
      for (const approver of [leader, deputy]) {
        expect(decideSection(section({ state: 'submitted' }), { type: 'APPROVE', actor: approver }).outcome).toBe('accepted');
      }
    });
  });
});
