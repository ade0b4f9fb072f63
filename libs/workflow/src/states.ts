import type { LifecycleStateName } from './names';

/** Every state a case can be in, as stored (dotted for the nested ones), in lifecycle order. */
export const LIFECYCLE_STATES = [
  'notice_issued',
  'group_formed',
  'self_assessment',
  'internal_review',
  'sealed',
  'submitted.awaiting_acceptance',
  'submitted.accepted',
  'published',
] as const satisfies readonly LifecycleStateName[];

export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** Not yet submitted: the unit still owes the finance bureau its report (tracking, extensions, 催办). */
export const OPEN_STATES = ['notice_issued', 'group_formed', 'self_assessment', 'internal_review', 'sealed'] as const satisfies readonly LifecycleState[];

/** Not yet published: the case is still under way, so its unit cannot be archived (撤并) from the directory. */
export const UNFINISHED_STATES = LIFECYCLE_STATES.filter((state) => state !== 'published');

/** Submitted at least once and not returned since: what the finance bureau re-checks. */
export const RECHECK_STATES = ['submitted.awaiting_acceptance', 'submitted.accepted', 'published'] as const satisfies readonly LifecycleState[];

/** Sections are drafted, approved and the tables filled only during self-assessment. */
export const SELF_ASSESSMENT_STATES = ['self_assessment'] as const satisfies readonly LifecycleState[];

/** The group leader assigns sections once the group exists and until the report goes to review. */
export const SECTION_ASSIGNMENT_STATES = ['group_formed', 'self_assessment'] as const satisfies readonly LifecycleState[];

/** The unit admin changes a formed group until the report is published. */
export const GROUP_CHANGE_STATES = ['group_formed', 'self_assessment', 'internal_review', 'sealed', 'submitted.awaiting_acceptance', 'submitted.accepted'] as const satisfies readonly LifecycleState[];

/** A leader circulates the report for reading (传阅) from internal review on, once there is a whole report to read. */
export const CIRCULATION_STATES = ['internal_review', 'sealed', 'submitted.awaiting_acceptance', 'submitted.accepted', 'published'] as const satisfies readonly LifecycleState[];

export function isOpenState(state: string): boolean {
  return (OPEN_STATES as readonly string[]).includes(state);
}

export function inStates(state: string, states: readonly string[]): boolean {
  return states.includes(state);
}
