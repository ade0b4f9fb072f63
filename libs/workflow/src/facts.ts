import type { Code } from './codes';

/**
 * The facts the rules decide on. The machine receives them in its events; the rulebook receives
 * them loaded for a case. Both hand them to the same rule functions in `rules/`.
 */
export type ApprovalMode = 'single' | 'countersign' | 'any' | 'sequential';
export const APPROVAL_MODES: readonly ApprovalMode[] = ['single', 'countersign', 'any', 'sequential'];

/** Where an approver added by 加签 stands: before the one who added them (前加签), after (后加签), or on their own (plain 加签). */
export type ApproverPlacement = 'before' | 'after';
export const APPROVER_PLACEMENTS: readonly ApproverPlacement[] = ['before', 'after'];

/** Counts of the working group named in FORM_GROUP. */
export interface GroupFacts {
  leaders: number;
  members: number;
  compilers: number;
}

/** Counts over the report's sections, computed by the caller from stored data. */
export interface SectionFacts {
  total: number;
  assignedWithDueDate: number;
  approved: number;
}

/** What the data and indicator tables say about themselves. */
export interface TableFacts {
  dataErrors: number;
  unacknowledgedWarnings: number;
  indicatorsComplete: boolean;
  /** Score problems other than blanks, such as a deduction without a justification. */
  indicatorErrors: number;
  /** Sections whose latest revision still holds template text; a section never saved holds none. */
  sectionsWithTemplateText: number;
  /** False when the unit files project forms only: the data table and the indicator scores are then not required. Absent: true. */
  departmentReport?: boolean;
  /** The project forms (by project name) that still have errors, and how many. */
  projectFormErrors?: ReadonlyArray<{ name: string; count: number }>;
  /** The project forms (by project name) not approved by a group leader or deputy. */
  projectFormsUnapproved?: readonly string[];
}

/** Who must approve in internal review, and how many of them. */
export interface ApprovalFacts {
  mode: ApprovalMode;
  /** For `single` the one approver; for `countersign` all; for `any` the pool to pick from; for `sequential` all, in order. */
  approverIds: readonly string[];
  /**
   * Chains of approvers, each of whom approves only after the one before them in their chain has.
   * `sequential` has one chain; the other modes one per approver, lengthened by 前加签 and 后加签.
   * Absent: each approver alone (one chain for `sequential`).
   */
  tracks?: ReadonlyArray<readonly string[]>;
}

export type ReasonParams = Readonly<Record<string, string | number>>;

/**
 * Why something cannot be done. `scope`: the person is outside the case's unit or bureau; `role`:
 * they lack the role; `state`: the case or section is not at that step; `condition`: the facts do
 * not allow it yet. The code is in the catalogue (`codes.ts`) with its Chinese text; a `state`
 * parameter is the stored name (`self_assessment`, `drafting`), worded by `textParams`.
 */
export interface Refusal {
  kind: 'scope' | 'role' | 'state' | 'condition';
  code: Code;
  params: ReasonParams;
}

export function reason(kind: Refusal['kind'], code: Code, params: ReasonParams = {}): Refusal {
  return { kind, code, params };
}
