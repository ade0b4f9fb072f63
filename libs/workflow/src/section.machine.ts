import type { Refusal } from './facts';
import type { SectionState } from './section-states';
import type { Actor } from './roles';
import { returnReasonRefusals } from './rules/case.rules';
import {
  reopenConditionRefusals,
  reopenerRefusals,
  reopenRequesterRefusals,
  reviewerRefusals,
  stepReasonRefusals,
  sectionStateRefusals,
  withdrawStateRefusals,
  writerRefusals,
  type SectionRuleFacts,
} from './rules/section.rules';

/**
 * One report section: `assigned -> drafting -> submitted -> approved`, and back to `drafting`:
 * from `submitted` when returned with a reason or withdrawn by its writer before anyone acted
 * (WITHDRAW), from `approved` when an approver reopens it with a reason (REOPEN). The compiler may
 * ask for a reopen (REQUEST_REOPEN, with a reason; the section stays approved with the request
 * pending) and an approver may decline it (DECLINE_REOPEN, with a reason). Small enough to be a
 * plain transition table; the same refusal shape as the lifecycle keeps the API's errors uniform.
 */
export { SECTION_STATES, type SectionState } from './section-states';

export interface SectionFactsForDecision {
  state: SectionState;
  assigneeId: string | null;
  /** People who may approve this section: the group leader and the deputy leaders in whose remit it lies. */
  approverIds: readonly string[];
  /** Who asked for this approved section to be reopened, while the request waits for an answer. */
  reopenRequestedBy?: string | null;
}

export type SectionEvent =
  | { type: 'START_DRAFTING'; actor: Actor }
  | { type: 'SUBMIT'; actor: Actor }
  | { type: 'APPROVE'; actor: Actor }
  | { type: 'RETURN'; actor: Actor; reason: string }
  | { type: 'WITHDRAW'; actor: Actor }
  | { type: 'REOPEN'; actor: Actor; reason: string }
  | { type: 'REQUEST_REOPEN'; actor: Actor; reason: string }
  | { type: 'DECLINE_REOPEN'; actor: Actor; reason: string };

export type SectionEventType = SectionEvent['type'];

export type SectionDecision =
  | { outcome: 'accepted'; from: SectionState; to: SectionState }
  | { outcome: 'refused'; refusals: Refusal[] };

export const SECTION_TRANSITIONS: Record<SectionEventType, { from: readonly SectionState[]; to: SectionState }> = {
  START_DRAFTING: { from: ['assigned'], to: 'drafting' },
  SUBMIT: { from: ['assigned', 'drafting'], to: 'submitted' },
  APPROVE: { from: ['submitted'], to: 'approved' },
  RETURN: { from: ['submitted'], to: 'drafting' },
  WITHDRAW: { from: ['submitted'], to: 'drafting' },
  REOPEN: { from: ['approved'], to: 'drafting' },
  REQUEST_REOPEN: { from: ['approved'], to: 'approved' },
  DECLINE_REOPEN: { from: ['approved'], to: 'approved' },
};

/** Events that carry a reason a person must write. */
export const SECTION_EVENTS_WITH_REASON = ['RETURN', 'REOPEN', 'REQUEST_REOPEN', 'DECLINE_REOPEN'] as const satisfies readonly SectionEventType[];

/**
 * Every reason a section event is refused, in the order people meet them: who may act first (a
 * person without the right learns nothing of the section's state), then the section's state,
 * then the event's own conditions.
 */
export function sectionEventRefusals(section: SectionRuleFacts, type: SectionEventType, actor: Actor): Refusal[] {
  const who = whoMaySend(section, type, actor);
  if (who.length > 0) return who;
  const state = type === 'WITHDRAW' ? withdrawStateRefusals(section) : sectionStateRefusals(section, SECTION_TRANSITIONS[type].from);
  if (state.length > 0) return state;
  return reopenConditionRefusals(section, type);
}

function whoMaySend(section: SectionRuleFacts, type: SectionEventType, actor: Actor): Refusal[] {
  switch (type) {
    case 'START_DRAFTING':
    case 'SUBMIT':
    case 'WITHDRAW':
      return writerRefusals(section, actor.userId);
    case 'REOPEN':
    case 'DECLINE_REOPEN':
      return reopenerRefusals(section, actor.userId);
    case 'REQUEST_REOPEN':
      return reopenRequesterRefusals(actor);
    default:
      return reviewerRefusals(section, actor.userId);
  }
}

export function decideSection(section: SectionFactsForDecision, event: SectionEvent): SectionDecision {
  const facts: SectionRuleFacts = { code: '', dueDate: null, ...section };
  const refusals = sectionEventRefusals(facts, event.type, event.actor);
  if (refusals.length === 0 && event.type === 'RETURN') refusals.push(...returnReasonRefusals(event.reason));
  if (refusals.length === 0 && 'reason' in event && event.type !== 'RETURN') refusals.push(...stepReasonRefusals(event.reason));
  if (refusals.length > 0) return { outcome: 'refused', refusals };
  return { outcome: 'accepted', from: section.state, to: SECTION_TRANSITIONS[event.type].to };
}

/** A first save of a section's content starts its drafting: the state the save leaves it in. */
export function stateAfterSave(state: SectionState): SectionState {
  return state === 'assigned' ? SECTION_TRANSITIONS.START_DRAFTING.to : state;
}
