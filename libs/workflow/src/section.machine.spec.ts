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
const compiler = actor('compiler', ['compiler']);

function section(overrides: Partial<SectionFactsForDecision> = {}): SectionFactsForDecision {
  return { state: 'assigned', assigneeId: assignee.userId, approverIds: [leader.userId, deputy.userId], ...overrides };
}

/** Each event as sent by the person who may send it. */
const RIGHTFUL: Record<SectionEventType, SectionEvent> = {
  START_DRAFTING: { type: 'START_DRAFTING', actor: assignee },
  SUBMIT: { type: 'SUBMIT', actor: assignee },
  APPROVE: { type: 'APPROVE', actor: deputy },
  RETURN: { type: 'RETURN', actor: leader, reason: 'The figures in 1.4 do not match the basic data table.' },
  WITHDRAW: { type: 'WITHDRAW', actor: assignee },
  REOPEN: { type: 'REOPEN', actor: leader, reason: '1.4 的收入合计与基础数据表不符。' },
  REQUEST_REOPEN: { type: 'REQUEST_REOPEN', actor: compiler, reason: '汇总时发现 1.4 的收入合计有误。' },
  DECLINE_REOPEN: { type: 'DECLINE_REOPEN', actor: leader, reason: '差额在容差之内，不需修改。' },
};

/** The section lifecycle of PROCESS.md. */
const ALLOWED: ReadonlyArray<{ from: SectionState; type: SectionEventType; to: SectionState }> = [
  { from: 'assigned', type: 'START_DRAFTING', to: 'drafting' },
  { from: 'assigned', type: 'SUBMIT', to: 'submitted' },
  { from: 'drafting', type: 'SUBMIT', to: 'submitted' },
  { from: 'submitted', type: 'APPROVE', to: 'approved' },
  { from: 'submitted', type: 'RETURN', to: 'drafting' },
  { from: 'submitted', type: 'WITHDRAW', to: 'drafting' },
  { from: 'approved', type: 'REOPEN', to: 'drafting' },
  { from: 'approved', type: 'REQUEST_REOPEN', to: 'approved' },
];

/** Declining answers a request, so it is taken only while one waits. */
const WITH_REQUEST: ReadonlyArray<{ from: SectionState; type: SectionEventType; to: SectionState }> = [
  { from: 'approved', type: 'DECLINE_REOPEN', to: 'approved' },
];

const EVENT_TYPES = Object.keys(RIGHTFUL) as SectionEventType[];

describe('decideSection', () => {
  it.each(ALLOWED)('moves a section from $from to $to on $type', ({ from, type, to }) => {
    expect(decideSection(section({ state: from }), RIGHTFUL[type])).toEqual({ outcome: 'accepted', from, to });
  });

  it.each(WITH_REQUEST)('moves a section with a reopen request from $from to $to on $type', ({ from, type, to }) => {
    expect(decideSection(section({ state: from, reopenRequestedBy: compiler.userId }), RIGHTFUL[type])).toEqual({ outcome: 'accepted', from, to });
  });

  const allowed = [...ALLOWED, ...WITH_REQUEST];
  const wrongState = SECTION_STATES.flatMap((state) =>
    EVENT_TYPES.filter((type) => !allowed.some((row) => row.from === state && row.type === type)).map((type) => ({ state, type })),
  );

  it('covers every pair of state and event', () => {
    expect(wrongState.length + allowed.length).toBe(SECTION_STATES.length * EVENT_TYPES.length);
  });

  it.each(wrongState)('refuses $type on a section that is $state', ({ state, type }) => {
    const expected = type === 'WITHDRAW' && state === 'approved' ? { code: 'SECTION.WITHDRAW_TOO_LATE', params: {} } : { code: 'SECTION.TRANSITION_NOT_ALLOWED', params: { state } };
    expect(decideSection(section({ state, reopenRequestedBy: state === 'approved' ? compiler.userId : null }), RIGHTFUL[type])).toEqual({
      outcome: 'refused',
      refusals: [{ kind: 'state', ...expected }],
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

  describe('taking a step back', () => {
    it('refuses a withdrawal from anyone but the writer', () => {
      for (const someone of [otherMember, leader]) {
        expect(decideSection(section({ state: 'submitted' }), { type: 'WITHDRAW', actor: someone })).toMatchObject({ refusals: [{ kind: 'role', code: 'SECTION.NOT_ASSIGNEE' }] });
      }
    });

    it('refuses a withdrawal once an approver approved, and says a reopen is the way', () => {
      expect(decideSection(section({ state: 'approved' }), RIGHTFUL.WITHDRAW)).toMatchObject({ refusals: [{ code: 'SECTION.WITHDRAW_TOO_LATE' }] });
    });

    it('lets a deputy reopen within their remit only', () => {
      expect(decideSection(section({ state: 'approved' }), { ...RIGHTFUL.REOPEN, actor: deputy }).outcome).toBe('accepted');
      const outsider = actor('deputy-of-another-remit', ['deputy_leader']);
      expect(decideSection(section({ state: 'approved' }), { ...RIGHTFUL.REOPEN, actor: outsider })).toMatchObject({ refusals: [{ kind: 'role', code: 'SECTION.NOT_APPROVER' }] });
    });

    it('lets a leader who wrote the section reopen it (reopening judges nothing)', () => {
      expect(decideSection(section({ state: 'approved', assigneeId: leader.userId }), RIGHTFUL.REOPEN).outcome).toBe('accepted');
    });

    it.each(['REOPEN', 'REQUEST_REOPEN', 'DECLINE_REOPEN'] as const)('refuses %s without a reason', (type) => {
      const event = { ...RIGHTFUL[type], reason: '  ' } as SectionEvent;
      expect(decideSection(section({ state: 'approved', reopenRequestedBy: type === 'DECLINE_REOPEN' ? compiler.userId : null }), event)).toMatchObject({
        refusals: [{ kind: 'condition', code: 'SECTION.REASON_REQUIRED' }],
      });
    });

    it('lets only a compiler ask for a reopen, once while it waits', () => {
      expect(decideSection(section({ state: 'approved' }), { ...RIGHTFUL.REQUEST_REOPEN, actor: assignee })).toMatchObject({ refusals: [{ code: 'SECTION.NOT_COMPILER' }] });
      expect(decideSection(section({ state: 'approved', reopenRequestedBy: compiler.userId }), RIGHTFUL.REQUEST_REOPEN)).toMatchObject({ refusals: [{ code: 'SECTION.REOPEN_ALREADY_REQUESTED' }] });
    });

    it('declines only a request that waits', () => {
      expect(decideSection(section({ state: 'approved' }), RIGHTFUL.DECLINE_REOPEN)).toMatchObject({ refusals: [{ kind: 'state', code: 'SECTION.NO_REOPEN_REQUEST' }] });
    });
  });
});
