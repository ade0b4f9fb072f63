import {
  actionsOfTypes,
  CASE_ACTION_TYPES,
  DATA_TABLE_ACTION_TYPES,
  SCORES_ACTION_TYPES,
  SECTION_ACTION_TYPES,
  type Action,
  type CaseActions,
  type CaseActionType,
  type CaseRuleFacts,
  type DataTableActionType,
  type ProjectFormActionType,
  type ScoresActionType,
  type SectionActionType,
} from './actions';
import type { Actor } from './roles';

/**
 * A task (待办) is an available action that moves the case forward. Several actions can be one
 * task (approving or returning a section is "审核章节"); the kind names the task, not the button.
 */
export const TASK_KINDS = [
  'form_group',
  'assign_sections',
  'start_self_assessment',
  'draft_section',
  'approve_section',
  'fill_data_table',
  'acknowledge_warning',
  'fill_scores',
  'fill_project_form',
  'approve_project_form',
  'request_review',
  'approve_report',
  'seal',
  'submit',
  'review_submission',
  'publish',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

const CASE_TASKS: Partial<Record<CaseActionType, TaskKind>> = {
  FORM_GROUP: 'form_group',
  ASSIGN_SECTIONS: 'assign_sections',
  START_SELF_ASSESSMENT: 'start_self_assessment',
  REQUEST_REVIEW: 'request_review',
  APPROVE: 'approve_report',
  SEAL: 'seal',
  SUBMIT: 'submit',
  ACCEPT: 'review_submission',
  PUBLISH: 'publish',
};
// Answering a request to reopen an approved section is part of reviewing it (审核章节).
const SECTION_TASKS: Partial<Record<SectionActionType, TaskKind>> = { SUBMIT: 'draft_section', APPROVE: 'approve_section', REOPEN: 'approve_section' };
const DATA_TABLE_TASKS: Partial<Record<DataTableActionType, TaskKind>> = { EDIT: 'fill_data_table', ACKNOWLEDGE_WARNING: 'acknowledge_warning' };
const SCORES_TASKS: Partial<Record<ScoresActionType, TaskKind>> = { EDIT: 'fill_scores' };
// A form to fill (unsaved or with errors) is the compiler's; one saved without errors waits for a leader's approval.
const PROJECT_FORM_TASKS: Partial<Record<ProjectFormActionType, TaskKind>> = { EDIT: 'fill_project_form', APPROVE: 'approve_project_form' };

/** The person's tasks on one project form: its available progress actions, by kind. */
export function projectFormTasks(actions: readonly Action<ProjectFormActionType>[]): TaskKind[] {
  return pick(actions, PROJECT_FORM_TASKS).map((task) => task.kind);
}

export interface Task {
  kind: TaskKind;
  sectionCode: string | null;
}

function pick<T extends string>(actions: readonly Action<T>[], kinds: Partial<Record<T, TaskKind>>, sectionCode: string | null = null): Task[] {
  return actions.filter((a) => a.available && a.progress && kinds[a.type] !== undefined).map((a) => ({ kind: kinds[a.type]!, sectionCode }));
}

/** The person's tasks on one case, in lifecycle order: exactly the available progress actions, by kind. */
export function tasksFrom(actions: CaseActions): Task[] {
  return [
    ...pick(actions.case, CASE_TASKS),
    ...actions.sections.flatMap((s) => pick(s.actions, SECTION_TASKS, s.code)),
    ...pick(actions.dataTable, DATA_TABLE_TASKS),
    ...pick(actions.scores, SCORES_TASKS),
  ].sort((a, b) => TASK_KINDS.indexOf(a.kind) - TASK_KINDS.indexOf(b.kind));
}

/**
 * Each actor's tasks of these kinds on one case: `tasksFrom(actionsFor(facts, actor))` less the
 * other kinds, in the same order, working out only the actions that can be one of these tasks.
 */
export function tasksOfKinds<K extends TaskKind>(facts: CaseRuleFacts, actors: readonly Actor[], kinds: readonly K[]): Array<Array<Task & { kind: K }>> {
  const wanted = (map: Partial<Record<string, TaskKind>>) => (type: string) => map[type] !== undefined && (kinds as readonly TaskKind[]).includes(map[type]!);
  const types = {
    case: CASE_ACTION_TYPES.filter(wanted(CASE_TASKS)),
    section: SECTION_ACTION_TYPES.filter(wanted(SECTION_TASKS)),
    dataTable: DATA_TABLE_ACTION_TYPES.some(wanted(DATA_TABLE_TASKS)),
    scores: SCORES_ACTION_TYPES.some(wanted(SCORES_TASKS)),
  };
  return actionsOfTypes(facts, actors, types, 'tasks').map((actions) => tasksFrom(actions).filter((task): task is Task & { kind: K } => (kinds as readonly TaskKind[]).includes(task.kind)));
}

/** Section tasks are due on the section's own date; publishing and the bureau's review by the publication deadline; the rest by the submission deadline. */
export function taskDueDate(kind: TaskKind, deadlines: { submissionDeadline: string; publicationDeadline: string }, sectionDueDate: string | null = null): string {
  if (kind === 'publish' || kind === 'review_submission') return deadlines.publicationDeadline;
  return sectionDueDate ?? deadlines.submissionDeadline;
}

/**
 * Tasks that depend on what the tables say (errors, warnings, blanks). They are on the person's
 * list, computed when it is read; they are not stored as due items, because the tables change
 * with every save and the submission deadline's reminders of the other steps already cover them.
 */
export const TABLE_TASK_KINDS = ['fill_data_table', 'acknowledge_warning', 'fill_scores', 'fill_project_form', 'approve_project_form', 'request_review'] as const satisfies readonly TaskKind[];

/** The tasks stored as due items and reminded by e-mail. */
export const DUE_TASK_KINDS = TASK_KINDS.filter((kind): kind is DueTaskKind => !(TABLE_TASK_KINDS as readonly string[]).includes(kind));
export type DueTaskKind = Exclude<TaskKind, (typeof TABLE_TASK_KINDS)[number]>;
