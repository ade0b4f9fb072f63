import type { LifecycleContext } from '@jixiao/workflow';
import type { CaseChange, Milestone } from '../journal';

/** The part of a stored lifecycle snapshot kept in columns beside it. */
type StoredContext = Pick<LifecycleContext, 'contentVersion' | 'submittedLate'>;

function contextOf(snapshot: unknown): StoredContext {
  return (snapshot as { context: StoredContext }).context;
}

/** The content version a stored snapshot is at: the evaluation_cases.content_version written beside it. */
export function contentVersionOf(snapshot: unknown): number {
  return contextOf(snapshot).contentVersion;
}

const submitted = (state: string | null) => state === 'submitted' || (state?.startsWith('submitted.') ?? false);

/**
 * What a move from one state to another means for the tracking columns: entering submission is a
 * submission (late as the snapshot recorded it), leaving it for the sealed state is the submitter's
 * withdrawal (撤回), leaving it for anything else but publication is a return by the finance bureau,
 * entering publication a publication.
 */
export function milestoneOf(fromState: string | null, toState: string, snapshot: unknown): Milestone | null {
  if (submitted(toState) && !submitted(fromState)) return { kind: 'submitted', late: contextOf(snapshot).submittedLate === true };
  if (toState === 'published' && fromState !== 'published') return { kind: 'published' };
  if (submitted(fromState) && toState === 'sealed') return { kind: 'withdrawn' };
  if (submitted(fromState) && !submitted(toState)) return { kind: 'returned_by_bureau' };
  return null;
}

/** The lifecycle columns an event moving a case from `fromState` writes, with what tracking keeps of the move. */
export function caseChangeOf(fromState: string | null, change: { state: string; snapshot: unknown; machineVersion: number }): CaseChange {
  return { ...change, contentVersion: contentVersionOf(change.snapshot), milestone: milestoneOf(fromState, change.state, change.snapshot) };
}
