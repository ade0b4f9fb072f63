import { reportApproved, sectionApprovers, type GroupMemberFacts } from './approval';
import type { Code } from './codes';
import { reason, type ApprovalFacts, type Refusal, type SectionFacts, type TableFacts } from './facts';
import { acceptedEventTypes, guardNamesFor, stateName, type LifecycleSnapshot } from './lifecycle';
import { LIFECYCLE_EVENT_TYPES, LIFECYCLE_RULES, REVIEWER_ROLES, type LifecycleEventType } from './lifecycle.machine';
import type { Actor, Role } from './roles';
import {
  approveRefusals,
  placedApproverRefusals,
  reviewRequestRefusals,
  sealRefusals,
  startRefusals,
  whoRefusals,
  withdrawReviewRefusals,
  withdrawSubmissionRefusals,
} from './rules/case.rules';
import { editableRefusals, isUnassigned, selfAssessmentRefusals, writerRefusals, type SectionRuleFacts } from './rules/section.rules';
import { sectionEventRefusals, type SectionState } from './section.machine';
import { CIRCULATION_STATES, GROUP_CHANGE_STATES, SECTION_ASSIGNMENT_STATES } from './states';

/**
 * The rulebook: for a person and a case, every action on the case and on each of its sections,
 * tables and sealed versions, whether it is available now and, if not, every reason. The console's
 * buttons, the task list (`tasks.ts`), the due items and the reminders are derived from it, and
 * the services refuse with the same reasons (they call the same rule functions).
 */

/** What a case is now, as the rules read it. Loaded set-based by the caller. */
export interface CaseRuleFacts {
  snapshot: LifecycleSnapshot;
  approval: ApprovalFacts;
  group: readonly GroupMemberFacts[];
  sections: ReadonlyArray<{ code: string; state: SectionState; assigneeId: string | null; dueDate: string | null; reopenRequestedBy?: string | null }>;
  /** What the tables say about themselves; needed in self-assessment only (null elsewhere). */
  tables: TableFacts | null;
}

export const CASE_ACTION_TYPES = [
  'FORM_GROUP',
  'CHANGE_GROUP',
  'ASSIGN_SECTIONS',
  'START_SELF_ASSESSMENT',
  'REQUEST_REVIEW',
  'APPROVE',
  'RETURN',
  'ADD_APPROVER',
  'SEAL',
  'SUBMIT',
  'ACCEPT',
  'PUBLISH',
  'WITHDRAW_REVIEW',
  'WITHDRAW_SUBMISSION',
  'ADD_APPROVER_BEFORE',
  'ADD_APPROVER_AFTER',
  'CIRCULATE',
] as const;
export type CaseActionType = (typeof CASE_ACTION_TYPES)[number];

export const SECTION_ACTION_TYPES = ['ASSIGN', 'EDIT', 'SUBMIT', 'APPROVE', 'RETURN', 'WITHDRAW', 'REOPEN', 'REQUEST_REOPEN', 'DECLINE_REOPEN'] as const;
export type SectionActionType = (typeof SECTION_ACTION_TYPES)[number];

export const DATA_TABLE_ACTION_TYPES = ['EDIT', 'ACKNOWLEDGE_WARNING'] as const;
export type DataTableActionType = (typeof DATA_TABLE_ACTION_TYPES)[number];

export const SCORES_ACTION_TYPES = ['EDIT'] as const;
export type ScoresActionType = (typeof SCORES_ACTION_TYPES)[number];

export const SEALED_VERSION_ACTION_TYPES = ['PUBLISH'] as const;
export type SealedVersionActionType = (typeof SEALED_VERSION_ACTION_TYPES)[number];

/**
 * One thing a person might do. `progress`: taking it moves the case forward, so while it is
 * available it is a task of theirs (待办).
 */
export interface Action<T extends string = string> {
  type: T;
  available: boolean;
  reasons: Refusal[];
  progress: boolean;
}

export interface CaseActions {
  case: Action<CaseActionType>[];
  /** By section code, in outline order. */
  sections: Array<{ code: string; actions: Action<SectionActionType>[] }>;
  dataTable: Action<DataTableActionType>[];
  scores: Action<ScoresActionType>[];
  /** For the version sealed now, if any. */
  sealedVersion: { version: number; actions: Action<SealedVersionActionType>[] } | null;
}

function action<T extends string>(type: T, reasons: Refusal[], progress = true): Action<T> {
  return { type, available: reasons.length === 0, reasons, progress: reasons.length === 0 && progress };
}

/**
 * An action before its refusals are worked out. Whether taking it moves the case forward, and
 * whether a refusal that holds whoever asks is among them, are known first: an action that cannot
 * be a task is not worked out for the tasks.
 */
interface PendingAction<T extends string> {
  type: T;
  progress: boolean;
  /** One of the steps of `refusals` refuses whoever asks (and about whichever section), so the action does. */
  refusedWhoever: boolean;
  refusals: () => Refusal[];
}

function pending<T extends string>(type: T, refusals: () => Refusal[], progress = true, refusedWhoever = false): PendingAction<T> {
  return { type, progress, refusedWhoever, refusals };
}

function settle<T extends string>(found: PendingAction<T>): Action<T> {
  return action(found.type, found.refusals(), found.progress);
}

/** The action if it is a task (available, and moves the case forward), else null. */
function settleTask<T extends string>(found: PendingAction<T>): Action<T> | null {
  if (!found.progress || found.refusedWhoever) return null;
  const settled = settle(found);
  return settled.available ? settled : null;
}

/** The first refusals found, in the order people meet them: who, then the state, then the facts. */
function firstOf(...steps: Array<() => Refusal[]>): Refusal[] {
  for (const step of steps) {
    const found = step();
    if (found.length > 0) return found;
  }
  return [];
}

export function sectionCounts(sections: CaseRuleFacts['sections']): SectionFacts {
  return {
    total: sections.length,
    assignedWithDueDate: sections.filter((s) => !isUnassigned(s)).length,
    approved: sections.filter((s) => s.state === 'approved').length,
  };
}

const NO_TABLE_FACTS: TableFacts = { dataErrors: 0, unacknowledgedWarnings: 0, indicatorsComplete: true, indicatorErrors: 0, sectionsWithTemplateText: 0 };

/**
 * Scope, role and state of a lifecycle event, asked of the machine: the transition its state offers
 * and that transition's guard. The service answers an event the state does not take with these.
 */
export function lifecycleEventRefusals(snapshot: LifecycleSnapshot, actor: Actor, type: LifecycleEventType): Refusal[] {
  const facts = { snapshot };
  const guards = guardNamesFor(facts.snapshot, type);
  const state = stateName(facts.snapshot.value);
  if (guards.length === 0) {
    // Who may send it in some state answers first: nobody learns the state of a case they have no part in.
    const who = ruleForType(type).map((rule) => whoRefusals(rule, facts.snapshot.context, actor));
    return who.some((r) => r.length === 0) ? [reason('state', 'CASE.TRANSITION_NOT_ALLOWED', { state })] : who[0]!;
  }
  const refusals = guards.map((name) => whoRefusals(LIFECYCLE_RULES[name], facts.snapshot.context, actor));
  return refusals.find((r) => r.length === 0) ?? refusals[0]!;
}

/** The rules that guard an event type in any state (RETURN has two: the leaders' and the bureau's). */
function ruleForType(type: LifecycleEventType) {
  const names: Record<LifecycleEventType, Array<keyof typeof LIFECYCLE_RULES>> = {
    FORM_GROUP: ['mayFormGroup'],
    START_SELF_ASSESSMENT: ['mayStartSelfAssessment'],
    REQUEST_REVIEW: ['mayRequestReview'],
    APPROVE: ['mayApprove'],
    RETURN: ['mayReturnInReview', 'mayReturnSubmission'],
    SEAL: ['maySeal'],
    SUBMIT: ['maySubmit'],
    ACCEPT: ['mayAccept'],
    PUBLISH: ['mayPublish'],
    WITHDRAW_REVIEW: ['mayWithdrawReview'],
    WITHDRAW_SUBMISSION: ['mayWithdrawSubmission'],
  };
  return names[type].map((name) => LIFECYCLE_RULES[name]);
}

/** Scope and roles outside the machine's events (group changes, 加签, assigning), by the same check. */
function whoAndState(facts: CaseRuleFacts, state: string, actor: Actor, roles: readonly Role[], states: readonly string[], stateCode: Code): Refusal[] {
  return firstOf(
    () => whoRefusals({ scope: 'unit', roles }, facts.snapshot.context, actor),
    () => (states.includes(state) ? [] : [reason('state', stateCode, { state })]),
  );
}

/** What the actions read of a case whoever asks, worked out once for all the actors asked about (due items ask for everyone). */
interface CaseReading {
  state: string;
  counts: SectionFacts;
  tables: TableFacts;
  approved: boolean;
  /** No section is written or reviewed now, whoever asks. */
  outsideSelfAssessment: boolean;
  /** The lifecycle events the state takes at all. */
  taken: ReadonlySet<LifecycleEventType>;
  /** The sections by code (the first of a code, as a lookup by code finds), with their approvers. */
  sections: Map<string, SectionRuleFacts>;
}

function caseReading(facts: CaseRuleFacts): CaseReading {
  const sections = new Map<string, SectionRuleFacts>();
  for (const section of facts.sections) if (!sections.has(section.code)) sections.set(section.code, sectionRuleFacts(facts, section));
  const state = stateName(facts.snapshot.value);
  return {
    state,
    counts: sectionCounts(facts.sections),
    tables: facts.tables ?? NO_TABLE_FACTS,
    approved: reportApproved(facts.approval, facts.snapshot.context.approvals),
    outsideSelfAssessment: selfAssessmentRefusals(state).length > 0,
    taken: new Set(acceptedEventTypes(facts.snapshot)),
    sections,
  };
}

/** A lifecycle event the state does not take is refused whoever asks, for their scope and role or for the state (`lifecycleEventRefusals`). */
function caseRefusedWhoever(reading: CaseReading, type: CaseActionType): boolean {
  return (LIFECYCLE_EVENT_TYPES as readonly string[]).includes(type) && !reading.taken.has(type as LifecycleEventType);
}

function caseAction(facts: CaseRuleFacts, reading: CaseReading, actor: Actor, type: CaseActionType): PendingAction<CaseActionType> {
  const context = facts.snapshot.context;
  const { state, counts, tables } = reading;
  const event = (type: LifecycleEventType, conditions: () => Refusal[] = () => [], progress = true) =>
    pending(type, () => firstOf(() => lifecycleEventRefusals(facts.snapshot, actor, type), conditions), progress, caseRefusedWhoever(reading, type));
  switch (type) {
    case 'FORM_GROUP':
      return event('FORM_GROUP');
    case 'CHANGE_GROUP':
      return pending('CHANGE_GROUP', () => whoAndState(facts, state, actor, ['unit_admin'], GROUP_CHANGE_STATES, 'GROUP.CHANGE_NOT_ALLOWED'), false);
    case 'ASSIGN_SECTIONS':
      return pending(
        'ASSIGN_SECTIONS',
        () => whoAndState(facts, state, actor, ['group_leader'], SECTION_ASSIGNMENT_STATES, 'SECTION.ASSIGNMENT_CLOSED'),
        counts.assignedWithDueDate < counts.total,
      );
    case 'START_SELF_ASSESSMENT':
      return event('START_SELF_ASSESSMENT', () => startRefusals(counts));
    case 'REQUEST_REVIEW':
      return event('REQUEST_REVIEW', () => reviewRequestRefusals(counts, tables));
    case 'APPROVE':
      return event('APPROVE', () => approveRefusals(facts.approval, context.approvals, actor.userId), !reading.approved);
    case 'RETURN':
      return event('RETURN', () => [], false);
    case 'ADD_APPROVER':
      return pending('ADD_APPROVER', () => whoAndState(facts, state, actor, ['group_leader'], ['internal_review'], 'REVIEW.NOT_IN_REVIEW'), false);
    case 'SEAL':
      return event('SEAL', () => sealRefusals(facts.approval, context.approvals));
    case 'SUBMIT':
    case 'ACCEPT':
    case 'PUBLISH':
      return event(type);
    case 'WITHDRAW_REVIEW':
      return event('WITHDRAW_REVIEW', () => withdrawReviewRefusals(context, actor.userId), false);
    case 'WITHDRAW_SUBMISSION':
      return event('WITHDRAW_SUBMISSION', () => withdrawSubmissionRefusals(context, actor.userId), false);
    case 'ADD_APPROVER_BEFORE':
    case 'ADD_APPROVER_AFTER':
      return pending(
        type,
        () => firstOf(
          () => whoAndState(facts, state, actor, REVIEWER_ROLES, ['internal_review'], 'REVIEW.NOT_IN_REVIEW'),
          () => placedApproverRefusals(facts.approval, context.approvals, actor.userId),
        ),
        false,
      );
    case 'CIRCULATE':
      return pending('CIRCULATE', () => whoAndState(facts, state, actor, REVIEWER_ROLES, CIRCULATION_STATES, 'CIRCULATION.NOT_ALLOWED'), false);
  }
}

export function caseActions(facts: CaseRuleFacts, actor: Actor): Action<CaseActionType>[] {
  const reading = caseReading(facts);
  return CASE_ACTION_TYPES.map((type) => settle(caseAction(facts, reading, actor, type)));
}

/** A section's approvers as the rules read them. */
export function sectionRuleFacts(facts: CaseRuleFacts, section: CaseRuleFacts['sections'][number]): SectionRuleFacts {
  return { ...section, approverIds: sectionApprovers(facts.group, section) };
}

/** What refuses a section action whoever asks, about whichever section: writing and reviewing wait for self-assessment (assigning has its own states). */
function sectionRefusedWhoever(reading: CaseReading, type: SectionActionType): boolean {
  return type !== 'ASSIGN' && reading.outsideSelfAssessment;
}

function sectionAction(facts: CaseRuleFacts, reading: CaseReading, actor: Actor, section: SectionRuleFacts, type: SectionActionType): PendingAction<SectionActionType> {
  const inUnit = () => (actor.organisationId === facts.snapshot.context.unitId ? [] : [reason('scope', 'CASE.OUT_OF_SCOPE')]);
  const inSelfAssessment = () => selfAssessmentRefusals(reading.state);
  const sectionEvent = (type: Exclude<SectionActionType, 'ASSIGN' | 'EDIT'>, progress: boolean) =>
    pending(
      type,
      () => firstOf(inUnit, () => sectionEventRefusals(section, type, actor).filter((r) => r.kind === 'role'), inSelfAssessment, () => sectionEventRefusals(section, type, actor)),
      progress,
      sectionRefusedWhoever(reading, type),
    );
  switch (type) {
    case 'ASSIGN':
      return pending('ASSIGN', () => whoAndState(facts, reading.state, actor, ['group_leader'], SECTION_ASSIGNMENT_STATES, 'SECTION.ASSIGNMENT_CLOSED'), false);
    case 'EDIT':
      return pending('EDIT', () => firstOf(inUnit, () => writerRefusals(section, actor.userId), inSelfAssessment, () => editableRefusals(section)), false, sectionRefusedWhoever(reading, 'EDIT'));
    case 'SUBMIT':
    case 'APPROVE':
      return sectionEvent(type, true);
    // A pending request to reopen is the approvers' to answer: reopening it is then a task of theirs.
    case 'REOPEN':
      return sectionEvent('REOPEN', section.reopenRequestedBy != null);
    case 'RETURN':
    case 'WITHDRAW':
    case 'REQUEST_REOPEN':
    case 'DECLINE_REOPEN':
      return sectionEvent(type, false);
  }
}

export function sectionActions(facts: CaseRuleFacts, actor: Actor, code: string): Action<SectionActionType>[] {
  const reading = caseReading(facts);
  const section = reading.sections.get(code);
  return section ? SECTION_ACTION_TYPES.map((type) => settle(sectionAction(facts, reading, actor, section, type))) : [];
}

export function dataTableActions(facts: CaseRuleFacts, actor: Actor): Action<DataTableActionType>[] {
  const tables = facts.tables ?? NO_TABLE_FACTS;
  const may = tableRefusals(facts, actor);
  return [
    action('EDIT', may, tables.departmentReport !== false && tables.dataErrors > 0),
    action('ACKNOWLEDGE_WARNING', firstOf(() => may, () => (tables.unacknowledgedWarnings > 0 ? [] : [reason('condition', 'DATA_TABLE.NO_WARNINGS')]))),
  ];
}

export function scoresActions(facts: CaseRuleFacts, actor: Actor): Action<ScoresActionType>[] {
  const tables = facts.tables ?? NO_TABLE_FACTS;
  return [action('EDIT', tableRefusals(facts, actor), tables.departmentReport !== false && (!tables.indicatorsComplete || tables.indicatorErrors > 0))];
}

/** The compiler of the case's own unit fills the tables, during self-assessment. */
export function tableRefusals(facts: CaseRuleFacts, actor: Actor): Refusal[] {
  const state = stateName(facts.snapshot.value);
  return firstOf(
    () => (actor.organisationId === facts.snapshot.context.unitId ? [] : [reason('scope', 'CASE.OUT_OF_SCOPE')]),
    () => (actor.roles.includes('compiler') ? [] : [reason('role', 'REPORT_TABLE.ROLE_NOT_ALLOWED')]),
    () => (state === 'self_assessment' ? [] : [reason('state', 'REPORT_TABLE.NOT_IN_SELF_ASSESSMENT', { state })]),
  );
}

export function actionsFor(facts: CaseRuleFacts, actor: Actor): CaseActions {
  const [actions] = actionsOfTypes(facts, [actor], ALL_ACTION_TYPES);
  return actions!;
}

/** Which of a case's actions to work out. */
export interface ActionTypes {
  case: readonly CaseActionType[];
  section: readonly SectionActionType[];
  dataTable: boolean;
  scores: boolean;
}

const ALL_ACTION_TYPES: ActionTypes = { case: CASE_ACTION_TYPES, section: SECTION_ACTION_TYPES, dataTable: true, scores: true };

/**
 * Each actor's actions of these types: what `actionsFor` answers them, less the other types (in
 * the same order), with what does not depend on the actor read once for them all. The sealed
 * version's actions come with the case's PUBLISH. `tasks`: only the actions that are tasks
 * (available progress actions), none of the others worked out, and the sections only when one of
 * their actions can be a task.
 */
export function actionsOfTypes(facts: CaseRuleFacts, actors: readonly Actor[], types: ActionTypes, only: 'all' | 'tasks' = 'all'): CaseActions[] {
  const reading = caseReading(facts);
  const sealed = facts.snapshot.context.sealedVersion;
  const settled = <T extends string>(found: ReadonlyArray<PendingAction<T>>): Action<T>[] =>
    only === 'all' ? found.map(settle) : found.map(settleTask).filter((a): a is Action<T> => a !== null);
  const tables = <T extends string>(found: Action<T>[]) => (only === 'all' ? found : found.filter((a) => a.available && a.progress));
  // An action refused whoever asks (about whichever section) is nobody's task: it is not even set up for them.
  const sectionTypes = only === 'all' ? types.section : types.section.filter((type) => !sectionRefusedWhoever(reading, type));
  const caseTypes = only === 'all' ? types.case : types.case.filter((type) => !caseRefusedWhoever(reading, type));
  return actors.map((actor) => {
    const onCase = settled(caseTypes.map((type) => caseAction(facts, reading, actor, type)));
    const publish = onCase.find((a) => a.type === 'PUBLISH');
    return {
      case: onCase,
      // Tasks only: with no section action open to anyone (outside self-assessment), no section is listed.
      sections:
        only === 'tasks' && sectionTypes.length === 0
          ? []
          : facts.sections.map((s) => {
              const section = reading.sections.get(s.code)!;
              return { code: s.code, actions: settled(sectionTypes.map((type) => sectionAction(facts, reading, actor, section, type))) };
            }),
      dataTable: types.dataTable ? tables(dataTableActions(facts, actor)) : [],
      scores: types.scores ? tables(scoresActions(facts, actor)) : [],
      sealedVersion: sealed === null || publish === undefined ? null : { version: sealed, actions: [{ ...publish, type: 'PUBLISH' }] },
    };
  });
}

/** The tables' facts change only the actions of a compiler in self-assessment: elsewhere they need not be read. */
export function tablesMatterTo(state: string, actor: Actor): boolean {
  return state === 'self_assessment' && actor.roles.includes('compiler');
}

export const PROJECT_FORM_ACTION_TYPES = ['EDIT', 'APPROVE', 'RETURN'] as const;
export type ProjectFormActionType = (typeof PROJECT_FORM_ACTION_TYPES)[number];

/** What one project form of a case says about itself. */
export interface ProjectFormFacts {
  /** The project's name, as the reasons quote it. */
  name: string;
  saved: boolean;
  errors: number;
  approved: boolean;
  /** Who saved the revision in force; they do not approve their own figures. */
  lastSavedBy: string | null;
}

/**
 * A project form: the compiler fills it as the data table (same who, same state); a group leader or
 * deputy of the case who did not save it last approves it or sends it back, during self-assessment.
 */
export function projectFormActions(facts: CaseRuleFacts, actor: Actor, form: ProjectFormFacts): Action<ProjectFormActionType>[] {
  const state = stateName(facts.snapshot.value);
  const reviewer = () =>
    firstOf(
      () => (actor.organisationId === facts.snapshot.context.unitId ? [] : [reason('scope', 'CASE.OUT_OF_SCOPE')]),
      () => (actor.roles.includes('group_leader') || actor.roles.includes('deputy_leader') ? [] : [reason('role', 'PROJECT_FORM.ROLE_NOT_ALLOWED')]),
      () => (state === 'self_assessment' ? [] : [reason('state', 'REPORT_TABLE.NOT_IN_SELF_ASSESSMENT', { state })]),
      () => (form.saved ? [] : [reason('condition', 'PROJECT_FORM.NOT_SAVED')]),
      () => (form.lastSavedBy === actor.userId ? [reason('condition', 'PROJECT_FORM.OWN_SAVE')] : []),
    );
  return [
    action('EDIT', tableRefusals(facts, actor), !form.saved || form.errors > 0),
    action(
      'APPROVE',
      firstOf(reviewer, () => [
        ...(form.errors > 0 ? [reason('condition', 'PROJECT_FORM.HAS_ERRORS', { name: form.name, count: form.errors })] : []),
        ...(form.approved ? [reason('condition', 'PROJECT_FORM.ALREADY_APPROVED')] : []),
      ]),
    ),
    action('RETURN', reviewer(), false),
  ];
}
