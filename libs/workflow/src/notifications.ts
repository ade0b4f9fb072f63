import { approvalChain, approvalFacts, reportApproved, sectionApprovers, type AddedApprover, type GroupMemberFacts } from './approval';
import type { ApprovalMode } from './facts';
import type { Role } from './roles';

/**
 * What a person is told in the console (站内通知), by kind. Most kinds are the history event that
 * caused them; a return tells who returned it (`RETURN` in internal review, `BUREAU_RETURN` by the
 * finance bureau), and a delegation that starts is `DELEGATION` (no case record).
 */
export const NOTIFICATION_KINDS = [
  'FORM_GROUP',
  'ASSIGN_SECTION',
  'START_SELF_ASSESSMENT',
  'SECTION_SUBMIT',
  'SECTION_APPROVE',
  'SECTION_RETURN',
  'REQUEST_REVIEW',
  'ADD_APPROVER',
  'APPROVE',
  'RETURN',
  'BUREAU_RETURN',
  'SEAL',
  'SUBMIT',
  'ACCEPT',
  'PUBLISH',
  'URGE',
  'REASSIGN',
  'DELEGATION',
  'SECTION_REOPEN',
  'SECTION_REQUEST_REOPEN',
  'SECTION_DECLINE_REOPEN',
  'SECTION_WITHDRAW',
  'WITHDRAW_REVIEW',
  'WITHDRAW_SUBMISSION',
  'CIRCULATE',
  'APPROVAL_TURN',
  'COMMENT',
  'COMMENT_REPLY',
  'COMMENT_RESOLVED',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** A history record as the recipients are derived from it. */
export interface RecordedChange {
  event: string;
  actorId: string | null;
  fromState: string | null;
  toState: string;
  details: Record<string, unknown>;
}

/** Where the case stands once the record is written: its group, sections and approvers. */
export interface NotificationFacts {
  group: readonly GroupMemberFacts[];
  sections: readonly { code: string; assigneeId: string | null }[];
  approvalMode: ApprovalMode;
  extraApproverIds: readonly string[];
  /** Where 前加签/后加签 placed the added approvers (absent: plain 加签 only). */
  extraApprovers?: readonly AddedApprover[];
  /** Who has approved the report's current version, once the record is written (依次: whose turn it is next). */
  approvals?: readonly string[];
  /** The finance officers who follow the case's campaign. */
  financeOfficerIds: readonly string[];
}

/** One person to tell, and the section the notice opens, if any. */
export interface NotificationTarget {
  recipientId: string;
  kind: NotificationKind;
  sectionCode: string | null;
}

type Target = { recipientId: string | null | undefined; sectionCode?: string | null; kind?: NotificationKind };
type Rule = { kind: (change: RecordedChange) => NotificationKind; to: (change: RecordedChange, facts: NotificationFacts) => Target[] };

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const withRole = (facts: NotificationFacts, ...roles: Role[]): Target[] => facts.group.filter((m) => roles.includes(m.role)).map((m) => ({ recipientId: m.userId }));
const sectionOf = (change: RecordedChange) => text(change.details.section);
const assigneeOf = (facts: NotificationFacts, code: string | null) => facts.sections.find((s) => s.code === code)?.assigneeId ?? null;
const toSectionAssignee = (change: RecordedChange, facts: NotificationFacts): Target[] => {
  const code = sectionOf(change);
  return [{ recipientId: assigneeOf(facts, code), sectionCode: code }];
};
const same = (kind: NotificationKind) => () => kind;
const toSectionApprovers = (change: RecordedChange, facts: NotificationFacts): Target[] => {
  const code = sectionOf(change);
  return sectionApprovers(facts.group, { code: code ?? '', assigneeId: assigneeOf(facts, code) }).map((id) => ({ recipientId: id, sectionCode: code }));
};
const reportApproval = (facts: NotificationFacts) =>
  approvalFacts({
    approvalMode: facts.approvalMode,
    leaderIds: facts.group.filter((m) => m.role === 'group_leader').map((m) => m.userId),
    deputyLeaderIds: facts.group.filter((m) => m.role === 'deputy_leader').map((m) => m.userId),
    extraApproverIds: facts.extraApproverIds,
    ...(facts.extraApprovers ? { extraApprovers: facts.extraApprovers } : {}),
  });
/** The approvers whose turn it is now: all of them, except in 依次 and behind a 前加签 where each waits for the one before. */
const approversInTurn = (facts: NotificationFacts, approvals: readonly string[] = facts.approvals ?? []): string[] =>
  approvalChain(reportApproval(facts), approvals).filter((step) => step.turn).map((step) => step.userId);
const toReportApprovers = (_change: RecordedChange, facts: NotificationFacts): Target[] => approversInTurn(facts).map((id) => ({ recipientId: id }));
const toAddedApprover: Rule = { kind: same('ADD_APPROVER'), to: (change) => [{ recipientId: text(change.details.userId) }] };

/**
 * Who hears of each history event. An event not listed tells nobody, so events added later are
 * silent until they are given a line here.
 */
const RULES: Partial<Record<string, Rule>> = {
  FORM_GROUP: { kind: same('FORM_GROUP'), to: (_c, facts) => withRole(facts, 'group_leader', 'deputy_leader', 'compiler') },
  ASSIGN_SECTION: { kind: same('ASSIGN_SECTION'), to: (change) => [{ recipientId: text(change.details.assigneeId), sectionCode: sectionOf(change) }] },
  START_SELF_ASSESSMENT: { kind: same('START_SELF_ASSESSMENT'), to: (_c, facts) => facts.sections.map((s) => ({ recipientId: s.assigneeId })) },
  // Approval needed: the leaders whose remit covers the section.
  SECTION_SUBMIT: { kind: same('SECTION_SUBMIT'), to: toSectionApprovers },
  SECTION_APPROVE: { kind: same('SECTION_APPROVE'), to: toSectionAssignee },
  SECTION_RETURN: { kind: same('SECTION_RETURN'), to: toSectionAssignee },
  REQUEST_REVIEW: { kind: same('REQUEST_REVIEW'), to: toReportApprovers },
  ADD_APPROVER: toAddedApprover,
  // An approval: the compilers follow each one; the next approver in line (依次, 前加签) is told it is their
  // turn; the seal keepers hear of it once the report has every approval it needs.
  APPROVE: {
    kind: same('APPROVE'),
    to: (change, facts) => {
      if (facts.approvals === undefined) return withRole(facts, 'compiler', 'seal_keeper');
      const complete = reportApproved(reportApproval(facts), facts.approvals);
      // Whose turn this approval opened: in turn now, not before it (the others were told when asked).
      const before = new Set(approversInTurn(facts, facts.approvals.filter((id) => id !== change.actorId)));
      const opened = complete ? [] : approversInTurn(facts).filter((id) => !before.has(id));
      return [
        ...withRole(facts, 'compiler'),
        ...(complete ? withRole(facts, 'seal_keeper') : []),
        ...opened.map((id): Target => ({ recipientId: id, kind: 'APPROVAL_TURN' })),
      ];
    },
  },
  // In internal review the writers of the sections sent back hear of it too; by the bureau, the report's owners.
  RETURN: {
    kind: (change) => (change.fromState?.startsWith('submitted') ? 'BUREAU_RETURN' : 'RETURN'),
    to: (change, facts) => {
      const codes = Array.isArray(change.details.sectionCodes) ? change.details.sectionCodes.filter((c): c is string => typeof c === 'string') : [];
      return [...codes.map((code) => ({ recipientId: assigneeOf(facts, code), sectionCode: code })), ...withRole(facts, 'compiler', 'group_leader')];
    },
  },
  SEAL: { kind: same('SEAL'), to: (_c, facts) => withRole(facts, 'compiler', 'group_leader') },
  SUBMIT: { kind: same('SUBMIT'), to: (_c, facts) => facts.financeOfficerIds.map((id) => ({ recipientId: id })) },
  ACCEPT: { kind: same('ACCEPT'), to: (_c, facts) => withRole(facts, 'group_leader', 'compiler', 'publisher') },
  PUBLISH: { kind: same('PUBLISH'), to: (_c, facts) => [...withRole(facts, 'group_leader', 'compiler'), ...facts.financeOfficerIds.map((id) => ({ recipientId: id }))] },
  // 催办: one person and task, or every late person of the case at once.
  URGE: {
    kind: same('URGE'),
    to: (change) => {
      const sectionCodeOf = (task: unknown) => text((task as { sectionCode?: unknown } | null)?.sectionCode);
      if (Array.isArray(change.details.late)) {
        return change.details.late.map((item: { recipientId?: unknown; task?: unknown }) => ({ recipientId: text(item?.recipientId), sectionCode: sectionCodeOf(item?.task) }));
      }
      return [{ recipientId: text(change.details.recipientId), sectionCode: sectionCodeOf(change.details.task) }];
    },
  },
  // A task handed over for good: its new holder.
  REASSIGN: {
    kind: same('REASSIGN'),
    to: (change) => {
      const task = change.details.task as { type?: unknown; code?: unknown } | undefined;
      return [{ recipientId: text(change.details.to), sectionCode: task?.type === 'section' ? text(task.code) : null }];
    },
  },
  // Taking a step back (issue 14 item 3): the writer of a section reopened, and the compiler who asked for it.
  SECTION_REOPEN: {
    kind: same('SECTION_REOPEN'),
    to: (change, facts) => [...toSectionAssignee(change, facts), { recipientId: text(change.details.reopenRequestedBy), sectionCode: sectionOf(change) }],
  },
  SECTION_REQUEST_REOPEN: { kind: same('SECTION_REQUEST_REOPEN'), to: toSectionApprovers },
  SECTION_DECLINE_REOPEN: { kind: same('SECTION_DECLINE_REOPEN'), to: (change) => [{ recipientId: text(change.details.reopenRequestedBy), sectionCode: sectionOf(change) }] },
  // 撤回: whoever was asked to act need not any more.
  SECTION_WITHDRAW: { kind: same('SECTION_WITHDRAW'), to: toSectionApprovers },
  WITHDRAW_REVIEW: { kind: same('WITHDRAW_REVIEW'), to: toReportApprovers },
  WITHDRAW_SUBMISSION: { kind: same('WITHDRAW_SUBMISSION'), to: (_c, facts) => facts.financeOfficerIds.map((id) => ({ recipientId: id })) },
  // The approval modes (issue 14 item 13): 前加签/后加签 tell the person added; 传阅 each reader.
  ADD_APPROVER_BEFORE: toAddedApprover,
  ADD_APPROVER_AFTER: toAddedApprover,
  CIRCULATE: {
    kind: same('CIRCULATE'),
    to: (change) => (Array.isArray(change.details.recipientIds) ? change.details.recipientIds.map((id) => ({ recipientId: text(id) })) : []),
  },
};

/**
 * Who is told of a history record, each person once (with the section the record names for them,
 * where it names one), never the actor themselves. Unknown events tell nobody.
 */
export function notificationTargets(change: RecordedChange, facts: NotificationFacts): NotificationTarget[] {
  const rule = RULES[change.event];
  if (!rule) return [];
  const kind = rule.kind(change);
  const byRecipient = new Map<string, NotificationTarget>();
  for (const target of rule.to(change, facts)) {
    const recipientId = target.recipientId;
    if (!recipientId || recipientId === change.actorId) continue;
    const known = byRecipient.get(recipientId);
    if (known && known.sectionCode !== null) continue;
    byRecipient.set(recipientId, { recipientId, kind: target.kind ?? known?.kind ?? kind, sectionCode: target.sectionCode ?? known?.sectionCode ?? null });
  }
  return [...byRecipient.values()];
}

/** Whether a history event tells anybody: the writer skips loading the facts for the others. */
export function notifies(event: string): boolean {
  return RULES[event] !== undefined;
}

/** A step in a section's comments (批注), which keep their own log rather than the case history. */
export type CommentStep =
  | { kind: 'COMMENT'; actorId: string; writerId: string | null; approverIds: readonly string[] }
  | { kind: 'COMMENT_REPLY'; actorId: string; writerId: string | null; threadAuthorId: string; replierIds: readonly string[] }
  | { kind: 'COMMENT_RESOLVED'; actorId: string; threadAuthorId: string };

/**
 * Who hears of a comment: a new one its section's writer (or, when the writer asks, the section's
 * approvers); a reply everyone in the thread and the writer; a thread resolved whoever opened it.
 * Never the actor, each person once.
 */
export function commentTargets(step: CommentStep): string[] {
  const people =
    step.kind === 'COMMENT'
      ? step.writerId !== null && step.writerId !== step.actorId
        ? [step.writerId]
        : [...step.approverIds]
      : step.kind === 'COMMENT_REPLY'
        ? [step.threadAuthorId, ...step.replierIds, ...(step.writerId ? [step.writerId] : [])]
        : [step.threadAuthorId];
  return [...new Set(people)].filter((id) => id !== step.actorId);
}
