import type { Actor } from './roles';

/**
 * One report section: `assigned -> drafting -> submitted -> approved`, and back from `submitted`
 * to `drafting` when returned with a reason. Small enough to be a plain transition table; the
 * same refusal shape as the lifecycle keeps the API's errors uniform.
 */
export const SECTION_STATES = ['assigned', 'drafting', 'submitted', 'approved'] as const;
export type SectionState = (typeof SECTION_STATES)[number];

export interface SectionFactsForDecision {
  state: SectionState;
  assigneeId: string | null;
  /** People who may approve this section: the group leader and the deputy leaders in whose remit it lies. */
  approverIds: readonly string[];
}

export type SectionEvent =
  | { type: 'START_DRAFTING'; actor: Actor }
  | { type: 'SUBMIT'; actor: Actor }
  | { type: 'APPROVE'; actor: Actor }
  | { type: 'RETURN'; actor: Actor; reason: string };

export type SectionEventType = SectionEvent['type'];

export type SectionDecision =
  | { outcome: 'accepted'; from: SectionState; to: SectionState }
  | { outcome: 'refused'; code: string; message: string; kind: 'state' | 'role' | 'condition' };

const TRANSITIONS: Record<SectionEventType, { from: readonly SectionState[]; to: SectionState }> = {
  START_DRAFTING: { from: ['assigned'], to: 'drafting' },
  SUBMIT: { from: ['assigned', 'drafting'], to: 'submitted' },
  APPROVE: { from: ['submitted'], to: 'approved' },
  RETURN: { from: ['submitted'], to: 'drafting' },
};

export function decideSection(section: SectionFactsForDecision, event: SectionEvent): SectionDecision {
  const rule = TRANSITIONS[event.type];
  // Who may act is decided before whether the section is ready for it: a person without the
  // right learns nothing about the section's state.
  const actorId = event.actor.userId;
  if (event.type === 'START_DRAFTING' || event.type === 'SUBMIT') {
    if (section.assigneeId !== actorId) {
      return { outcome: 'refused', kind: 'role', code: 'SECTION.NOT_ASSIGNEE', message: 'Only the assignee drafts and submits this section.' };
    }
  } else {
    if (!section.approverIds.includes(actorId)) {
      return {
        outcome: 'refused',
        kind: 'role',
        code: 'SECTION.NOT_APPROVER',
        message: 'Only the group leader or the deputy leader in charge of this section may approve or return it.',
      };
    }
    if (section.assigneeId === actorId) {
      return { outcome: 'refused', kind: 'role', code: 'SECTION.SELF_APPROVAL', message: 'Nobody approves or returns a section they drafted.' };
    }
  }
  if (!rule.from.includes(section.state)) {
    return {
      outcome: 'refused',
      kind: 'state',
      code: 'SECTION.TRANSITION_NOT_ALLOWED',
      message: `A section that is ${section.state} cannot take ${event.type}.`,
    };
  }
  if (event.type === 'RETURN' && event.reason.trim() === '') {
    return { outcome: 'refused', kind: 'condition', code: 'RETURN.REASON_REQUIRED', message: 'A return needs a reason.' };
  }
  return { outcome: 'accepted', from: section.state, to: rule.to };
}
