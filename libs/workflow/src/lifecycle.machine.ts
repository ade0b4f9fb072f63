import { assign, setup } from 'xstate';
import type { ApprovalFacts, GroupFacts, Refusal, SectionFacts, TableFacts } from './facts';
import type { Actor, Role } from './roles';
import {
  approveRefusals,
  groupRefusals,
  publishRefusals,
  returnInReviewRefusals,
  returnReasonRefusals,
  reviewRequestRefusals,
  sealRefusals,
  startRefusals,
  whoRefusals,
  withdrawReviewRefusals,
  withdrawSubmissionRefusals,
  type WhoRule,
} from './rules/case.rules';

/** Who reviews the report in internal review (an approver added by 加签 holds `deputy_leader` for it). */
export const REVIEWER_ROLES: readonly Role[] = ['group_leader', 'deputy_leader'];
/** Who sends the sealed report to the finance bureau. */
export const SUBMITTER_ROLES: readonly Role[] = ['compiler', 'group_leader'];

/**
 * Bump whenever a state is renamed or removed, so a stored snapshot is never resolved against
 * a machine that no longer has its state (see `restoreLifecycle`).
 */
export const LIFECYCLE_MACHINE_VERSION = 1;

export { APPROVAL_MODES, type ApprovalFacts, type ApprovalMode, type GroupFacts, type Refusal, type SectionFacts, type TableFacts } from './facts';

interface WithActor {
  actor: Actor;
}

export type LifecycleEvent =
  | (WithActor & { type: 'FORM_GROUP'; group: GroupFacts })
  | (WithActor & { type: 'START_SELF_ASSESSMENT'; sections: SectionFacts })
  | (WithActor & { type: 'REQUEST_REVIEW'; sections: SectionFacts; tables: TableFacts })
  | (WithActor & { type: 'APPROVE'; approval: ApprovalFacts })
  | (WithActor & { type: 'RETURN'; reason: string; sectionCodes: readonly string[] })
  | (WithActor & { type: 'SEAL'; approval: ApprovalFacts; contentDigest: string })
  | (WithActor & { type: 'SUBMIT'; late: boolean })
  | (WithActor & { type: 'ACCEPT' })
  | (WithActor & { type: 'PUBLISH'; publishedDigest: string })
  | (WithActor & { type: 'WITHDRAW_REVIEW' })
  | (WithActor & { type: 'WITHDRAW_SUBMISSION' });

export type LifecycleEventType = LifecycleEvent['type'];

export const LIFECYCLE_EVENT_TYPES: readonly LifecycleEventType[] = [
  'FORM_GROUP',
  'START_SELF_ASSESSMENT',
  'REQUEST_REVIEW',
  'APPROVE',
  'RETURN',
  'SEAL',
  'SUBMIT',
  'ACCEPT',
  'PUBLISH',
  'WITHDRAW_REVIEW',
  'WITHDRAW_SUBMISSION',
];

export interface LifecycleContext {
  unitId: string;
  bureauId: string;
  /** Starts at 1; a return by the finance bureau voids the seal and starts the next version. */
  contentVersion: number;
  /** User ids that approved the current version in internal review. */
  approvals: string[];
  sealedVersion: number | null;
  sealedDigest: string | null;
  submittedLate: boolean | null;
  returns: number;
  /** Who asked for the internal review now under way (they may withdraw it until an approval). */
  reviewRequestedBy: string | null;
  /** Who submitted the report to the bureau (they may withdraw it until the bureau acts). */
  submittedBy: string | null;
}

/** Context fields added after snapshots were first stored, with the value an older snapshot reads as. */
export const LATER_CONTEXT_DEFAULTS: Pick<LifecycleContext, 'reviewRequestedBy' | 'submittedBy'> = { reviewRequestedBy: null, submittedBy: null };

export interface LifecycleInput {
  unitId: string;
  bureauId: string;
}

type Check = (context: LifecycleContext, event: LifecycleEvent) => Refusal[];

/** A guard's two halves: who may send the event, and what must be true of the facts. */
export interface LifecycleRule extends WhoRule {
  conditions?: Check;
}

/**
 * The rule behind every guard of the machine, by guard name. A guard passes when the actor is in
 * scope, holds a role, and the conditions return no refusal; the same rules explain a refusal with
 * every reason at once. The conditions are the functions of `rules/case.rules.ts`, which the
 * rulebook (`actions`) asks too.
 */
export const LIFECYCLE_RULES = {
  mayFormGroup: { scope: 'unit', roles: ['unit_admin'], conditions: (_c, e) => (e.type === 'FORM_GROUP' ? groupRefusals(e.group) : []) },
  mayStartSelfAssessment: {
    scope: 'unit',
    roles: ['group_leader'],
    conditions: (_c, e) => (e.type === 'START_SELF_ASSESSMENT' ? startRefusals(e.sections) : []),
  },
  mayRequestReview: {
    scope: 'unit',
    roles: ['compiler'],
    conditions: (_c, e) => (e.type === 'REQUEST_REVIEW' ? reviewRequestRefusals(e.sections, e.tables) : []),
  },
  mayApprove: {
    scope: 'unit',
    roles: REVIEWER_ROLES,
    conditions: (c, e) => (e.type === 'APPROVE' ? approveRefusals(e.approval, c.approvals, e.actor.userId) : []),
  },
  mayReturnInReview: {
    scope: 'unit',
    roles: REVIEWER_ROLES,
    conditions: (_c, e) => (e.type === 'RETURN' ? returnInReviewRefusals(e.reason, e.sectionCodes) : []),
  },
  maySeal: { scope: 'unit', roles: ['seal_keeper'], conditions: (c, e) => (e.type === 'SEAL' ? sealRefusals(e.approval, c.approvals) : []) },
  maySubmit: { scope: 'unit', roles: SUBMITTER_ROLES },
  mayReturnSubmission: { scope: 'bureau', roles: ['finance_officer'], conditions: (_c, e) => (e.type === 'RETURN' ? returnReasonRefusals(e.reason) : []) },
  mayAccept: { scope: 'bureau', roles: ['finance_officer'] },
  mayPublish: {
    scope: 'unit',
    roles: ['publisher'],
    conditions: (c, e) => (e.type === 'PUBLISH' ? publishRefusals(e.publishedDigest, c.sealedDigest) : []),
  },
  mayWithdrawReview: { scope: 'unit', roles: ['compiler'], conditions: (c, e) => withdrawReviewRefusals(c, e.actor.userId) },
  mayWithdrawSubmission: { scope: 'unit', roles: SUBMITTER_ROLES, conditions: (c, e) => withdrawSubmissionRefusals(c, e.actor.userId) },
} satisfies Record<string, LifecycleRule>;

export type LifecycleGuardName = keyof typeof LIFECYCLE_RULES;

export function ruleRefusals(name: LifecycleGuardName, context: LifecycleContext, event: LifecycleEvent): Refusal[] {
  const rule: LifecycleRule = LIFECYCLE_RULES[name];
  const who = whoRefusals(rule, context, event.actor);
  if (who.length > 0) return who;
  return rule.conditions ? rule.conditions(context, event) : [];
}

function guard(name: LifecycleGuardName) {
  return ({ context, event }: { context: LifecycleContext; event: LifecycleEvent }) =>
    ruleRefusals(name, context, event).length === 0;
}

export const lifecycleMachine = setup({
  types: {
    context: {} as LifecycleContext,
    events: {} as LifecycleEvent,
    input: {} as LifecycleInput,
  },
  guards: {
    mayFormGroup: guard('mayFormGroup'),
    mayStartSelfAssessment: guard('mayStartSelfAssessment'),
    mayRequestReview: guard('mayRequestReview'),
    mayApprove: guard('mayApprove'),
    mayReturnInReview: guard('mayReturnInReview'),
    maySeal: guard('maySeal'),
    maySubmit: guard('maySubmit'),
    mayReturnSubmission: guard('mayReturnSubmission'),
    mayAccept: guard('mayAccept'),
    mayPublish: guard('mayPublish'),
    mayWithdrawReview: guard('mayWithdrawReview'),
    mayWithdrawSubmission: guard('mayWithdrawSubmission'),
  },
  actions: {
    recordApproval: assign({
      approvals: ({ context, event }) => [...context.approvals, event.actor.userId],
    }),
    clearApprovals: assign({ approvals: () => [] }),
    recordSeal: assign({
      sealedVersion: ({ context }) => context.contentVersion,
      sealedDigest: ({ event }) => (event.type === 'SEAL' ? event.contentDigest : null),
    }),
    recordReviewRequest: assign({ reviewRequestedBy: ({ event }) => event.actor.userId }),
    clearReviewRequest: assign({ reviewRequestedBy: () => null }),
    recordSubmission: assign({
      submittedLate: ({ event }) => (event.type === 'SUBMIT' ? event.late : null),
      submittedBy: ({ event }) => event.actor.userId,
    }),
    clearSubmission: assign({ submittedLate: () => null, submittedBy: () => null }),
    voidSealAndStartNewVersion: assign({
      contentVersion: ({ context }) => context.contentVersion + 1,
      approvals: () => [],
      sealedVersion: () => null,
      sealedDigest: () => null,
      submittedLate: () => null,
      submittedBy: () => null,
      returns: ({ context }) => context.returns + 1,
    }),
    countReturn: assign({ returns: ({ context }) => context.returns + 1 }),
  },
}).createMachine({
  id: 'evaluation',
  initial: 'notice_issued',
  context: ({ input }) => ({
    unitId: input.unitId,
    bureauId: input.bureauId,
    contentVersion: 1,
    approvals: [],
    sealedVersion: null,
    sealedDigest: null,
    submittedLate: null,
    returns: 0,
    ...LATER_CONTEXT_DEFAULTS,
  }),
  states: {
    notice_issued: {
      on: { FORM_GROUP: { target: 'group_formed', guard: 'mayFormGroup' } },
    },
    group_formed: {
      on: { START_SELF_ASSESSMENT: { target: 'self_assessment', guard: 'mayStartSelfAssessment' } },
    },
    self_assessment: {
      on: { REQUEST_REVIEW: { target: 'internal_review', guard: 'mayRequestReview', actions: 'recordReviewRequest' } },
    },
    internal_review: {
      on: {
        APPROVE: { guard: 'mayApprove', actions: 'recordApproval' },
        RETURN: { target: 'self_assessment', guard: 'mayReturnInReview', actions: ['clearApprovals', 'countReturn', 'clearReviewRequest'] },
        WITHDRAW_REVIEW: { target: 'self_assessment', guard: 'mayWithdrawReview', actions: 'clearReviewRequest' },
        SEAL: { target: 'sealed', guard: 'maySeal', actions: 'recordSeal' },
      },
    },
    sealed: {
      on: { SUBMIT: { target: 'submitted', guard: 'maySubmit', actions: 'recordSubmission' } },
    },
    submitted: {
      initial: 'awaiting_acceptance',
      on: {
        RETURN: { target: 'self_assessment', guard: 'mayReturnSubmission', actions: 'voidSealAndStartNewVersion' },
      },
      states: {
        awaiting_acceptance: {
          on: {
            ACCEPT: { target: 'accepted', guard: 'mayAccept' },
            WITHDRAW_SUBMISSION: { target: '#evaluation.sealed', guard: 'mayWithdrawSubmission', actions: 'clearSubmission' },
          },
        },
        accepted: {
          on: { PUBLISH: { target: '#evaluation.published', guard: 'mayPublish' } },
        },
      },
    },
    published: { type: 'final' },
  },
});

export type LifecycleMachine = typeof lifecycleMachine;
