import { assign, setup } from 'xstate';
import type { Actor, Role } from './roles';

/**
 * Bump whenever a state is renamed or removed, so a stored snapshot is never resolved against
 * a machine that no longer has its state (see `restoreLifecycle`).
 */
export const LIFECYCLE_MACHINE_VERSION = 1;

export type ApprovalMode = 'single' | 'countersign' | 'any';
export const APPROVAL_MODES: readonly ApprovalMode[] = ['single', 'countersign', 'any'];

/** Counts of the working group named in FORM_GROUP. */
export interface GroupFacts {
  leaders: number;
  members: number;
  compilers: number;
}

/** Counts over the report's sections, computed by the caller from stored data. */
export interface SectionFacts {
  total: number;
  assignedWithDueDate: number;
  approved: number;
}

/** What the data and indicator tables say about themselves. */
export interface TableFacts {
  dataErrors: number;
  unacknowledgedWarnings: number;
  indicatorsComplete: boolean;
  /** Score problems other than blanks, such as a deduction without a justification. */
  indicatorErrors: number;
  /** Sections whose latest revision still holds template text; a section never saved holds none. */
  sectionsWithTemplateText: number;
}

/** Who must approve in internal review, and how many of them. */
export interface ApprovalFacts {
  mode: ApprovalMode;
  /** For `single` the one approver; for `countersign` all; for `any` the pool to pick from. */
  approverIds: readonly string[];
}

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
  | (WithActor & { type: 'PUBLISH'; publishedDigest: string });

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
}

export interface LifecycleInput {
  unitId: string;
  bureauId: string;
}

/**
 * Why an event is refused. `scope`: the actor is outside the case's unit or bureau; `role`: the
 * actor lacks the role; `condition`: the facts do not allow it yet.
 */
export interface Refusal {
  kind: 'scope' | 'role' | 'condition';
  code: string;
  message: string;
}

type Check = (context: LifecycleContext, event: LifecycleEvent) => Refusal[];

/** A guard's two halves: who may send the event, and what must be true of the facts. */
export interface LifecycleRule {
  scope: 'unit' | 'bureau';
  roles: readonly Role[];
  conditions?: Check;
}

function condition(code: string, message: string): Refusal {
  return { kind: 'condition', code, message };
}

function approvalsComplete(approvals: readonly string[], facts: ApprovalFacts): boolean {
  if (facts.approverIds.length === 0) return false;
  if (facts.mode === 'any') return facts.approverIds.some((id) => approvals.includes(id));
  return facts.approverIds.every((id) => approvals.includes(id));
}

function needsReason(event: LifecycleEvent): Refusal[] {
  return event.type === 'RETURN' && event.reason.trim() === ''
    ? [condition('RETURN.REASON_REQUIRED', 'A return needs a reason.')]
    : [];
}

/**
 * The rule behind every guard of the machine, by guard name. A guard passes when the actor is in
 * scope, holds a role, and the conditions return no refusal; the same rules explain a refusal with
 * every reason at once.
 */
export const LIFECYCLE_RULES = {
  mayFormGroup: {
    scope: 'unit',
    roles: ['unit_admin'],
    conditions: (_context, event) => {
      if (event.type !== 'FORM_GROUP') return [];
      const reasons: Refusal[] = [];
      if (event.group.leaders < 1) reasons.push(condition('GROUP.LEADER_MISSING', 'The working group needs a leader (组长).'));
      if (event.group.members < 1) reasons.push(condition('GROUP.MEMBER_MISSING', 'The working group needs at least one member (成员).'));
      if (event.group.compilers < 1) reasons.push(condition('GROUP.COMPILER_MISSING', 'The working group needs a compiler (填报人).'));
      return reasons;
    },
  },
  mayStartSelfAssessment: {
    scope: 'unit',
    roles: ['group_leader'],
    conditions: (_context, event) => {
      if (event.type !== 'START_SELF_ASSESSMENT') return [];
      const { total, assignedWithDueDate } = event.sections;
      if (total === 0) return [condition('SECTION.OUTLINE_EMPTY', 'The report outline has no sections.')];
      if (assignedWithDueDate < total) {
        return [
          condition('SECTION.UNASSIGNED', `${total - assignedWithDueDate} of ${total} sections still need an assignee and a due date.`),
        ];
      }
      return [];
    },
  },
  mayRequestReview: {
    scope: 'unit',
    roles: ['compiler'],
    conditions: (_context, event) => {
      if (event.type !== 'REQUEST_REVIEW') return [];
      const reasons: Refusal[] = [];
      const { sections, tables } = event;
      if (sections.total === 0 || sections.approved < sections.total) {
        reasons.push(
          condition('SECTION.NOT_APPROVED', `${sections.total - sections.approved} of ${sections.total} sections are not approved yet.`),
        );
      }
      if (tables.dataErrors > 0) {
        reasons.push(condition('DATA_TABLE.HAS_ERRORS', `The basic data table has ${tables.dataErrors} error(s).`));
      }
      if (tables.unacknowledgedWarnings > 0) {
        reasons.push(
          condition(
            'DATA_TABLE.WARNINGS_UNACKNOWLEDGED',
            `${tables.unacknowledgedWarnings} warning(s) in the basic data table need an acknowledgement.`,
          ),
        );
      }
      if (!tables.indicatorsComplete) {
        reasons.push(condition('INDICATORS.INCOMPLETE', 'The indicator scoring table has blank scores.'));
      }
      if (tables.indicatorErrors > 0) {
        reasons.push(
          condition('INDICATORS.HAS_ERRORS', `The indicator scoring table has ${tables.indicatorErrors} error(s), such as a deduction without a justification.`),
        );
      }
      if (tables.sectionsWithTemplateText > 0) {
        reasons.push(condition('SECTION.TEMPLATE_TEXT', `${tables.sectionsWithTemplateText} section(s) still hold template text.`));
      }
      return reasons;
    },
  },
  mayApprove: {
    scope: 'unit',
    roles: ['group_leader', 'deputy_leader'],
    conditions: (context, event) => {
      if (event.type !== 'APPROVE') return [];
      if (!event.approval.approverIds.includes(event.actor.userId)) {
        return [condition('REVIEW.NOT_AN_APPROVER', 'You are not one of the approvers of this report.')];
      }
      if (context.approvals.includes(event.actor.userId)) {
        return [condition('REVIEW.ALREADY_APPROVED', 'You have already approved this version.')];
      }
      return [];
    },
  },
  mayReturnInReview: {
    scope: 'unit',
    roles: ['group_leader', 'deputy_leader'],
    conditions: (_context, event) => {
      if (event.type !== 'RETURN') return [];
      const reasons = needsReason(event);
      if (event.sectionCodes.length === 0) {
        reasons.push(condition('RETURN.SECTIONS_REQUIRED', 'A return from internal review names the sections to reopen.'));
      }
      return reasons;
    },
  },
  maySeal: {
    scope: 'unit',
    roles: ['seal_keeper'],
    conditions: (context, event) => {
      if (event.type !== 'SEAL' || approvalsComplete(context.approvals, event.approval)) return [];
      if (event.approval.approverIds.length === 0) {
        return [condition('REVIEW.NO_APPROVERS', 'The working group names nobody who approves the report; name a group leader first.')];
      }
      const missing = event.approval.approverIds.filter((id) => !context.approvals.includes(id)).length;
      return [
        condition(
          'REVIEW.APPROVALS_MISSING',
          event.approval.mode === 'any'
            ? 'One approval from the leaders is needed before sealing.'
            : `Approvals are still missing from ${missing} approver(s).`,
        ),
      ];
    },
  },
  maySubmit: { scope: 'unit', roles: ['compiler', 'group_leader'] },
  mayReturnSubmission: { scope: 'bureau', roles: ['finance_officer'], conditions: (_context, event) => needsReason(event) },
  mayAccept: { scope: 'bureau', roles: ['finance_officer'] },
  mayPublish: {
    scope: 'unit',
    roles: ['publisher'],
    conditions: (context, event) => {
      if (event.type !== 'PUBLISH' || event.publishedDigest === context.sealedDigest) return [];
      return [
        condition(
          'PUBLICATION.MISMATCH',
          `The published document (SHA-256 ${event.publishedDigest}) differs from the submitted one (SHA-256 ${context.sealedDigest}).`,
        ),
      ];
    },
  },
} satisfies Record<string, LifecycleRule>;

export type LifecycleGuardName = keyof typeof LIFECYCLE_RULES;

/** Whether the actor is in the rule's scope and holds one of its roles; facts are not looked at. */
export function whoRefusals(rule: LifecycleRule, context: LifecycleContext, type: LifecycleEventType, actor: Actor): Refusal[] {
  const organisationId = rule.scope === 'unit' ? context.unitId : context.bureauId;
  if (actor.organisationId !== organisationId) {
    const where = rule.scope === 'unit' ? "case's unit" : 'finance bureau that issued the notice';
    return [{ kind: 'scope', code: 'CASE.OUT_OF_SCOPE', message: `Only people of the ${where} may send ${type}.` }];
  }
  if (!rule.roles.some((role) => actor.roles.includes(role))) {
    return [{ kind: 'role', code: 'CASE.ROLE_NOT_ALLOWED', message: `${type} needs one of the roles: ${rule.roles.join(', ')}.` }];
  }
  return [];
}

export function ruleRefusals(name: LifecycleGuardName, context: LifecycleContext, event: LifecycleEvent): Refusal[] {
  const rule: LifecycleRule = LIFECYCLE_RULES[name];
  const who = whoRefusals(rule, context, event.type, event.actor);
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
    recordSubmission: assign({
      submittedLate: ({ event }) => (event.type === 'SUBMIT' ? event.late : null),
    }),
    voidSealAndStartNewVersion: assign({
      contentVersion: ({ context }) => context.contentVersion + 1,
      approvals: () => [],
      sealedVersion: () => null,
      sealedDigest: () => null,
      submittedLate: () => null,
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
  }),
  states: {
    notice_issued: {
      on: { FORM_GROUP: { target: 'group_formed', guard: 'mayFormGroup' } },
    },
    group_formed: {
      on: { START_SELF_ASSESSMENT: { target: 'self_assessment', guard: 'mayStartSelfAssessment' } },
    },
    self_assessment: {
      on: { REQUEST_REVIEW: { target: 'internal_review', guard: 'mayRequestReview' } },
    },
    internal_review: {
      on: {
        APPROVE: { guard: 'mayApprove', actions: 'recordApproval' },
        RETURN: { target: 'self_assessment', guard: 'mayReturnInReview', actions: ['clearApprovals', 'countReturn'] },
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
          on: { ACCEPT: { target: 'accepted', guard: 'mayAccept' } },
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
