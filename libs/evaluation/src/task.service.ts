import { Injectable } from '@nestjs/common';
import { DueItemStore, TaskStore, Transactor, type CaseDueFacts } from '@jixiao/persistence';
import { projectFormActions, projectFormTasks, tablesMatterTo, TASK_KINDS, taskDueDate, type TaskKind } from '@jixiao/workflow';
import { AccessPolicy } from './access-policy';
import type { Principal } from './principal';
import { ReportFacts } from './report-facts';
import { formFacts, ProjectFormChecks } from './project-forms/project-form.checks';
import { actorOn, ruleFactsOf, tasksOf } from './rulebook';

export { TASK_KINDS, type TaskKind };

export interface TaskView {
  kind: TaskKind;
  caseId: string;
  unitName: string;
  documentNumber: string;
  /** The section's due date, else the campaign's deadline (publication for publishing and the bureau's review, submission otherwise). */
  dueDate: string | null;
  /** Where to act on it (the API resource). */
  link: string;
  sectionCode: string | null;
  sectionTitle: string | null;
  /** For acknowledge_warning: how many warnings wait for an acknowledgement. */
  warnings: number | null;
  /** For a project form's tasks: which form. */
  projectId: string | null;
  projectName: string | null;
}

export interface TaskList {
  items: TaskView[];
  counts: Record<TaskKind, number>;
  total: number;
}

function linkOf(kind: TaskKind, caseId: string, sectionCode: string | null, projectId: string | null): string {
  const base = `/api/cases/${caseId}`;
  if (projectId !== null) return `${base}/project-forms/${projectId}`;
  if (sectionCode !== null) return `${base}/sections/${encodeURIComponent(sectionCode)}/${kind === 'draft_section' ? 'content' : 'events'}`;
  if (kind === 'fill_data_table' || kind === 'acknowledge_warning') return `${base}/data-table`;
  if (kind === 'fill_scores') return `${base}/indicator-scores`;
  if (kind === 'assign_sections') return base;
  return `${base}/events`;
}

/**
 * A person's open tasks (待办): the rulebook's available progress actions on every case they may
 * see, derived each time they are asked; nothing is stored twice. The facts are read set-based
 * (one statement for all the cases), the tables only where they matter to the person.
 */
@Injectable()
export class TaskService {
  constructor(
    private readonly transactor: Transactor,
    private readonly tasks: TaskStore,
    private readonly facts: DueItemStore,
    private readonly reportFacts: ReportFacts,
    private readonly policy: AccessPolicy,
    private readonly projectForms: ProjectFormChecks,
  ) {}

  async forPrincipal(principal: Principal): Promise<TaskList> {
    const scope = this.policy.listScope(principal);
    const items = scope ? await this.collect(principal, await this.tasks.openCaseIds(this.transactor.manager, scope)) : [];
    items.sort(
      (a, b) =>
        (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') ||
        TASK_KINDS.indexOf(a.kind) - TASK_KINDS.indexOf(b.kind) ||
        a.caseId.localeCompare(b.caseId) ||
        (a.sectionCode ?? '').localeCompare(b.sectionCode ?? '', undefined, { numeric: true }),
    );
    const counts = Object.fromEntries(TASK_KINDS.map((kind) => [kind, 0])) as Record<TaskKind, number>;
    for (const item of items) counts[item.kind] += 1;
    return { items, counts, total: items.length };
  }

  private async collect(principal: Principal, caseIds: string[]): Promise<TaskView[]> {
    const tx = this.transactor.manager;
    const items: TaskView[] = [];
    for (const facts of await this.facts.facts(tx, caseIds, { lock: false })) {
      const actor = actorOn(facts, { userId: principal.userId, organisationId: principal.organisationId, roles: principal.roles });
      const tables = tablesMatterTo(facts.state, actor) ? await this.reportFacts.tables(tx, facts.caseId) : null;
      for (const task of tasksOf(facts, actor, tables).tasks) items.push(this.view(facts, task.kind, task.sectionCode, tables?.unacknowledgedWarnings ?? null));
      // Project forms are filled and approved during the self-assessment only; read them then, for the unit's people.
      if (facts.state === 'self_assessment' && actor.organisationId === facts.unitId) {
        const ruleFacts = ruleFactsOf(facts, null);
        const { forms } = await this.projectForms.ofCase(tx, facts.caseId, ruleFacts.snapshot.context.contentVersion);
        for (const form of forms) {
          for (const kind of projectFormTasks(projectFormActions(ruleFacts, actor, formFacts(form)))) {
            items.push(this.view(facts, kind, null, null, { projectId: form.project.projectId, projectName: form.project.name }));
          }
        }
      }
    }
    return items;
  }

  private view(facts: CaseDueFacts, kind: TaskKind, sectionCode: string | null, warnings: number | null, project: { projectId: string; projectName: string } | null = null): TaskView {
    const section = sectionCode === null ? null : (facts.sections.find((s) => s.code === sectionCode) ?? null);
    return {
      kind,
      caseId: facts.caseId,
      unitName: facts.unitName,
      documentNumber: facts.documentNumber,
      dueDate: taskDueDate(kind, facts, section?.dueDate ?? null),
      link: linkOf(kind, facts.caseId, sectionCode, project?.projectId ?? null),
      sectionCode,
      sectionTitle: section?.title ?? null,
      warnings: kind === 'acknowledge_warning' ? warnings : null,
      projectId: project?.projectId ?? null,
      projectName: project?.projectName ?? null,
    };
  }
}
