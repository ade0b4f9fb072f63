import type { ApprovalFacts, ApprovalMode } from './facts';
import type { Actor, Role } from './roles';

/** A member of a case's working group as the rules read it. */
export interface GroupMemberFacts {
  userId: string;
  role: Role;
  /** For a deputy leader: what they approve; empty lists mean the whole report. */
  remit?: { subOfficeIds?: readonly string[]; sectionCodes?: readonly string[] } | null;
  /** The member's sub-office, which a deputy's remit may name. */
  subOfficeId?: string | null;
}

/**
 * Who approves the current version: for `single` the group leader, for `countersign` every leader
 * and deputy, for `any` one of them. Approvers added by 加签 join in every mode: in `single` and
 * `countersign` they must approve too, in `any` they join the pool.
 */
export function approvalFacts(record: {
  approvalMode: ApprovalMode;
  leaderIds: readonly string[];
  deputyLeaderIds: readonly string[];
  extraApproverIds: readonly string[];
}): ApprovalFacts {
  const mode = record.approvalMode;
  const base = mode === 'single' ? record.leaderIds.slice(0, 1) : [...record.leaderIds, ...record.deputyLeaderIds];
  return { mode, approverIds: [...new Set([...base, ...record.extraApproverIds])] };
}

/** Whether the approvals in hand are all the report needs. */
export function reportApproved(approval: ApprovalFacts, approvals: readonly string[]): boolean {
  if (approval.approverIds.length === 0) return false;
  if (approval.mode === 'any') return approval.approverIds.some((id) => approvals.includes(id));
  return approval.approverIds.every((id) => approvals.includes(id));
}

/**
 * An approver added by 加签 approves and returns in internal review as a deputy leader does: the
 * actor's roles for the case gain `deputy_leader`, whether the person acts or stands in for them.
 */
export function withAddedApproverRole(actor: Actor, extraApproverIds: readonly string[]): Actor {
  if (!extraApproverIds.includes(actor.userId) || actor.roles.includes('deputy_leader')) return actor;
  return { ...actor, roles: [...actor.roles, 'deputy_leader'] };
}

/**
 * Who may approve or return a section: the group leader, and the deputy leaders whose remit
 * covers it (its code, or the sub-office of its assignee; an empty remit covers the whole
 * report). The section's own assignee is among them only to be refused (SECTION.SELF_APPROVAL).
 */
export function sectionApprovers(group: readonly GroupMemberFacts[], section: { code: string; assigneeId: string | null }): string[] {
  const assigneeOffice = group.find((m) => m.userId === section.assigneeId)?.subOfficeId ?? null;
  return group
    .filter((m) => {
      if (m.role === 'group_leader') return true;
      if (m.role !== 'deputy_leader') return false;
      const offices = m.remit?.subOfficeIds ?? [];
      const codes = m.remit?.sectionCodes ?? [];
      if (offices.length === 0 && codes.length === 0) return true;
      return codes.includes(section.code) || (assigneeOffice !== null && offices.includes(assigneeOffice));
    })
    .map((m) => m.userId);
}
