import { reason, type Refusal } from '../facts';
import type { Actor } from '../roles';
import type { SectionState } from '../section-states';

/** A section as the rules read it. */
export interface SectionRuleFacts {
  code: string;
  state: SectionState;
  assigneeId: string | null;
  dueDate: string | null;
  /** The group leader and the deputies whose remit covers it (`sectionApprovers`). */
  approverIds: readonly string[];
  /** Who asked for this approved section to be reopened, while the request waits for an answer. */
  reopenRequestedBy?: string | null;
}

/** Sections are written and reviewed only while the case is in self-assessment. */
export function selfAssessmentRefusals(caseState: string): Refusal[] {
  return caseState === 'self_assessment' ? [] : [reason('state', 'SECTION.NOT_IN_SELF_ASSESSMENT', { state: caseState })];
}

/** Who writes a section: its assignee (or their stand-in, who acts as them). */
export function writerRefusals(section: SectionRuleFacts, userId: string): Refusal[] {
  return section.assigneeId === userId ? [] : [reason('role', 'SECTION.NOT_ASSIGNEE')];
}

/** Who reviews a section: its approvers, never the person who drafted it. */
export function reviewerRefusals(section: SectionRuleFacts, userId: string): Refusal[] {
  if (!section.approverIds.includes(userId)) return [reason('role', 'SECTION.NOT_APPROVER')];
  if (section.assigneeId === userId) return [reason('role', 'SECTION.SELF_APPROVAL')];
  return [];
}

export const EDITABLE_SECTION_STATES: readonly SectionState[] = ['assigned', 'drafting'];

export function editableRefusals(section: SectionRuleFacts): Refusal[] {
  return EDITABLE_SECTION_STATES.includes(section.state) ? [] : [reason('state', 'SECTION.NOT_EDITABLE', { state: section.state })];
}

export function sectionStateRefusals(section: SectionRuleFacts, from: readonly SectionState[]): Refusal[] {
  return from.includes(section.state) ? [] : [reason('state', 'SECTION.TRANSITION_NOT_ALLOWED', { state: section.state })];
}

/** Whether a section still needs someone to write it by a date. */
export function isUnassigned(section: { assigneeId: string | null; dueDate: string | null }): boolean {
  return section.assigneeId === null || section.dueDate === null;
}

/**
 * Who reopens an approved section, or declines a request to: its approvers (the group leader and
 * the deputies whose remit covers it). Unlike approving, the section's own writer among them may:
 * reopening judges nothing, it lets the text be corrected.
 */
export function reopenerRefusals(section: SectionRuleFacts, userId: string): Refusal[] {
  return section.approverIds.includes(userId) ? [] : [reason('role', 'SECTION.NOT_APPROVER')];
}

/** Who asks for an approved section to be reopened: the unit's compiler (填报人员), who assembles the report. */
export function reopenRequesterRefusals(actor: Actor): Refusal[] {
  return actor.roles.includes('compiler') ? [] : [reason('role', 'SECTION.NOT_COMPILER')];
}

/** A writer takes back a submitted section until an approver has acted: once approved, only a reopen brings it back. */
export function withdrawStateRefusals(section: SectionRuleFacts): Refusal[] {
  if (section.state === 'submitted') return [];
  if (section.state === 'approved') return [reason('state', 'SECTION.WITHDRAW_TOO_LATE')];
  return [reason('state', 'SECTION.TRANSITION_NOT_ALLOWED', { state: section.state })];
}

/**
 * A reopen request waits for one answer: it is asked once, and declined only while it waits
 * (without one, declining is not a step anyone is at, hence a state refusal that hides the button).
 */
export function reopenConditionRefusals(section: SectionRuleFacts, type: string): Refusal[] {
  const pending = section.reopenRequestedBy != null;
  if (type === 'REQUEST_REOPEN' && pending) return [reason('condition', 'SECTION.REOPEN_ALREADY_REQUESTED')];
  if (type === 'DECLINE_REOPEN' && !pending) return [reason('state', 'SECTION.NO_REOPEN_REQUEST')];
  return [];
}

/** Reopening, asking for it and declining it each say why. */
export function stepReasonRefusals(text: string): Refusal[] {
  return text.trim() === '' ? [reason('condition', 'SECTION.REASON_REQUIRED')] : [];
}
