import { reason, type Refusal } from '../facts';
import type { SectionState } from '../section-states';

/** A section as the rules read it. */
export interface SectionRuleFacts {
  code: string;
  state: SectionState;
  assigneeId: string | null;
  dueDate: string | null;
  /** The group leader and the deputies whose remit covers it (`sectionApprovers`). */
  approverIds: readonly string[];
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
