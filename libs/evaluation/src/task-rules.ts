import type { ApprovalFacts, Role, SectionState } from '@jixiao/workflow';

/**
 * Who has which task on a case: the one set of rules behind both a person's task list (待办) and
 * the stored due items that reminders are sent for.
 */
export type CaseTaskKind = 'approve_report' | 'seal' | 'submit' | 'publish';
export type SectionTaskKind = 'draft_section' | 'approve_section';

/**
 * Who approves the current version: for `single` the group leader, for `countersign` every leader
 * and deputy, for `any` one of them. Approvers added by 加签 join in every mode: in `single` and
 * `countersign` they must approve too, in `any` they join the pool.
 */
export function approvalFacts(record: { approvalMode: ApprovalFacts['mode']; leaderIds: readonly string[]; deputyLeaderIds: readonly string[]; extraApproverIds: readonly string[] }): ApprovalFacts {
  const mode = record.approvalMode;
  const base = mode === 'single' ? record.leaderIds.slice(0, 1) : [...record.leaderIds, ...record.deputyLeaderIds];
  return { mode, approverIds: [...new Set([...base, ...record.extraApproverIds])] };
}

/** Whether the approvals in hand are all the report needs. */
export function reportApproved(approval: ApprovalFacts, approvals: readonly string[]): boolean {
  if (approval.approverIds.length === 0) return false;
  return approval.mode === 'any' ? approval.approverIds.some((id) => approvals.includes(id)) : approval.approverIds.every((id) => approvals.includes(id));
}

/**
 * The task a person has on one section of a case in self-assessment: its assignee drafts it while
 * assigned or drafting; once submitted, its approvers (never its assignee) approve it.
 */
export function sectionTask(
  section: { state: SectionState; assigneeId: string | null },
  approverIds: readonly string[],
  userId: string,
): SectionTaskKind | null {
  if (section.assigneeId === userId && (section.state === 'assigned' || section.state === 'drafting')) return 'draft_section';
  if (section.state === 'submitted' && section.assigneeId !== userId && approverIds.includes(userId)) return 'approve_section';
  return null;
}

/**
 * The case-level tasks of a person, from the case's state and the roles the person holds for it
 * (in its working group and in the unit): approve the report in internal review until it is
 * approved, then seal it (seal keeper); submit it once sealed (compiler or group leader); publish
 * it once accepted (publisher).
 */
export function caseTasks(
  c: { state: string; approval: ApprovalFacts; approvals: readonly string[] },
  userId: string,
  roles: readonly Role[],
): CaseTaskKind[] {
  const tasks: CaseTaskKind[] = [];
  if (c.state === 'internal_review') {
    const complete = reportApproved(c.approval, c.approvals);
    if (!complete && c.approval.approverIds.includes(userId) && !c.approvals.includes(userId)) tasks.push('approve_report');
    if (complete && roles.includes('seal_keeper')) tasks.push('seal');
  } else if (c.state === 'sealed') {
    if (roles.includes('compiler') || roles.includes('group_leader')) tasks.push('submit');
  } else if (c.state === 'submitted.accepted') {
    if (roles.includes('publisher')) tasks.push('publish');
  }
  return tasks;
}

/** A task's due date: the section's own, else the submission deadline; the publication deadline for publishing. */
export function taskDueDate(
  kind: SectionTaskKind | CaseTaskKind | 'acknowledge_warning',
  deadlines: { submissionDeadline: string; publicationDeadline: string },
  sectionDueDate: string | null = null,
): string {
  if (kind === 'publish') return deadlines.publicationDeadline;
  return sectionDueDate ?? deadlines.submissionDeadline;
}
