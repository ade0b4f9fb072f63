import type { ApprovalFacts, ApprovalMode, ApproverPlacement } from './facts';
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

/** An approver added by 加签 to the current version, in the order they were added. */
export interface AddedApprover {
  userId: string;
  /** null: plain 加签 by the group leader; otherwise where they stand relative to `anchorId`, who added them. */
  placement: ApproverPlacement | null;
  anchorId: string | null;
}

/**
 * Who approves the current version: for `single` the group leader, for `countersign` every leader
 * and deputy, for `any` one of them, for `sequential` every deputy in the group's order and then
 * the group leader, one after the other. Approvers added by plain 加签 join in every mode: in
 * `single` and `countersign` they must approve too, in `any` they join the pool, in `sequential`
 * they come last. 前加签 puts the added person right before the one who added them (who then waits
 * for them), 后加签 right after (after those they added after themselves earlier); in the modes
 * without an order this makes a chain of the adder's own: in `any` a chain approved to its end is
 * what the report needs.
 */
export function approvalFacts(record: {
  approvalMode: ApprovalMode;
  leaderIds: readonly string[];
  deputyLeaderIds: readonly string[];
  extraApproverIds: readonly string[];
  extraApprovers?: readonly AddedApprover[];
}): ApprovalFacts {
  const mode = record.approvalMode;
  const base =
    mode === 'single'
      ? record.leaderIds.slice(0, 1)
      : mode === 'sequential'
        ? [...record.deputyLeaderIds, ...record.leaderIds]
        : [...record.leaderIds, ...record.deputyLeaderIds];
  const unique = [...new Set(base)];
  const tracks: string[][] = mode === 'sequential' ? (unique.length > 0 ? [unique] : []) : unique.map((id) => [id]);
  const placed = record.extraApprovers ?? [];
  const added = [...placed, ...record.extraApproverIds.filter((id) => !placed.some((a) => a.userId === id)).map((userId) => ({ userId, placement: null, anchorId: null }))];
  const addedAfter = new Map<string, string>();
  for (const { userId, placement, anchorId } of added) {
    if (tracks.some((t) => t.includes(userId))) continue;
    const track = anchorId === null ? undefined : tracks.find((t) => t.includes(anchorId));
    if (placement === null || track === undefined || anchorId === null) {
      if (mode === 'sequential' && tracks.length > 0) tracks[0]!.push(userId);
      else tracks.push([userId]);
      continue;
    }
    let at = track.indexOf(anchorId);
    if (placement === 'after') {
      at += 1;
      while (at < track.length && addedAfter.get(track[at]!) === anchorId) at += 1;
      addedAfter.set(userId, anchorId);
    }
    track.splice(at, 0, userId);
  }
  return { mode, approverIds: tracks.flat(), tracks };
}

/** The chains of approvers, each approving after the one before them. */
export function tracksOf(approval: ApprovalFacts): ReadonlyArray<readonly string[]> {
  if (approval.tracks) return approval.tracks;
  if (approval.mode === 'sequential') return approval.approverIds.length > 0 ? [approval.approverIds] : [];
  return approval.approverIds.map((id) => [id]);
}

/** Whom this approver waits for: the first one before them in their chain who has not approved; null when it is their turn. */
export function awaitedApprover(approval: ApprovalFacts, approvals: readonly string[], userId: string): string | null {
  const track = tracksOf(approval).find((t) => t.includes(userId));
  if (!track) return null;
  return track.slice(0, track.indexOf(userId)).find((id) => !approvals.includes(id)) ?? null;
}

/** Whether the approvals in hand are all the report needs. */
export function reportApproved(approval: ApprovalFacts, approvals: readonly string[]): boolean {
  const tracks = tracksOf(approval);
  if (tracks.length === 0) return false;
  const done = (track: readonly string[]) => track.every((id) => approvals.includes(id));
  return approval.mode === 'any' ? tracks.some(done) : tracks.every(done);
}

/** Each approver in order, with their chain, whether they approved and whether it is their turn now. */
export function approvalChain(approval: ApprovalFacts, approvals: readonly string[]): Array<{ userId: string; track: number; approved: boolean; turn: boolean }> {
  return tracksOf(approval).flatMap((track, index) =>
    track.map((userId) => {
      const approved = approvals.includes(userId);
      return { userId, track: index, approved, turn: !approved && awaitedApprover(approval, approvals, userId) === null };
    }),
  );
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
