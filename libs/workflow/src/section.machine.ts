import type { Refusal } from './facts';
import type { SectionState } from './section-states';
import type { Actor } from './roles';
import { returnReasonRefusals } from './rules/case.rules';
import { reviewerRefusals, sectionStateRefusals, writerRefusals, type SectionRuleFacts } from './rules/section.rules';

/**
 * One report section: `assigned -> drafting -> submitted -> approved`, and back from `submitted`
 * to `drafting` when returned with a reason. Small enough to be a plain transition table; the
 * same refusal shape as the lifecycle keeps the API's errors uniform.
 */
export { SECTION_STATES, type SectionState } from './section-states';

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
  | { outcome: 'refused'; refusals: Refusal[] };

export const SECTION_TRANSITIONS: Record<SectionEventType, { from: readonly SectionState[]; to: SectionState }> = {
  START_DRAFTING: { from: ['assigned'], to: 'drafting' },
  SUBMIT: { from: ['assigned', 'drafting'], to: 'submitted' },
  APPROVE: { from: ['submitted'], to: 'approved' },
  RETURN: { from: ['submitted'], to: 'drafting' },
};

/**
 * Every reason a section event is refused, in the order people meet them: who may act first (a
 * person without the right learns nothing of the section's state), then the section's state,
 * then the event's own conditions.
 */
export function sectionEventRefusals(section: SectionRuleFacts, type: SectionEventType, userId: string): Refusal[] {
  const who = type === 'START_DRAFTING' || type === 'SUBMIT' ? writerRefusals(section, userId) : reviewerRefusals(section, userId);
  if (who.length > 0) return who;
  return sectionStateRefusals(section, SECTION_TRANSITIONS[type].from);
}

export function decideSection(section: SectionFactsForDecision, event: SectionEvent): SectionDecision {
  const facts: SectionRuleFacts = { code: '', dueDate: null, ...section };
  const refusals = sectionEventRefusals(facts, event.type, event.actor.userId);
  if (refusals.length === 0 && event.type === 'RETURN') refusals.push(...returnReasonRefusals(event.reason));
  if (refusals.length > 0) return { outcome: 'refused', refusals };
  return { outcome: 'accepted', from: section.state, to: SECTION_TRANSITIONS[event.type].to };
}

/** A first save of a section's content starts its drafting: the state the save leaves it in. */
export function stateAfterSave(state: SectionState): SectionState {
  return state === 'assigned' ? SECTION_TRANSITIONS.START_DRAFTING.to : state;
}
