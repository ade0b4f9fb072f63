import { Injectable } from '@nestjs/common';
import { TaskStore, Transactor, type CaseTaskCandidate, type TaskCase } from '@jixiao/persistence';
import { checkDataTable, parseDataTable, problemKey } from '@jixiao/report';
import { AccessPolicy } from './access-policy';
import { approvalFacts, caseTasks, sectionTask, taskDueDate } from './task-rules';
import type { Principal } from './principal';

export type TaskKind = 'draft_section' | 'approve_section' | 'approve_report' | 'acknowledge_warning' | 'seal' | 'submit' | 'publish';

export const TASK_KINDS: readonly TaskKind[] = ['draft_section', 'approve_section', 'approve_report', 'acknowledge_warning', 'seal', 'submit', 'publish'];

export interface TaskView {
  kind: TaskKind;
  caseId: string;
  unitName: string;
  documentNumber: string;
  /** The section's due date, else the campaign's deadline (publication for publish, submission otherwise). */
  dueDate: string | null;
  /** Where to act on it. */
  link: string;
  sectionCode: string | null;
  sectionTitle: string | null;
  /** For acknowledge_warning: how many warnings wait for an acknowledgement. */
  warnings: number | null;
}

export interface TaskList {
  items: TaskView[];
  counts: Record<TaskKind, number>;
  total: number;
}

function task(kind: TaskKind, c: TaskCase, dueDate: string | null, link: string, extra: Partial<TaskView> = {}): TaskView {
  return { kind, caseId: c.caseId, unitName: c.unitName, documentNumber: c.documentNumber, dueDate, link, sectionCode: null, sectionTitle: null, warnings: null, ...extra };
}

/** Warnings of the data table in force that nobody acknowledged in this version, checked as ReportFacts checks them. */
function unacknowledgedWarnings(candidate: CaseTaskCandidate): number {
  if (candidate.dataTable === null) return 0;
  const parsed = parseDataTable(candidate.dataTable);
  if (!parsed.ok) return 0;
  const acknowledged = new Set(candidate.acknowledgedKeys);
  return checkDataTable(parsed.table, { roundingTolerance: candidate.roundingTolerance }).filter(
    (p) => p.severity === 'warning' && !acknowledged.has(problemKey(p)),
  ).length;
}

/**
 * A person's open tasks (待办), derived from the state of the cases they may see each time they
 * are asked; nothing is stored twice. A few set-based reads, however many cases there are.
 */
@Injectable()
export class TaskService {
  constructor(
    private readonly transactor: Transactor,
    private readonly tasks: TaskStore,
    private readonly policy: AccessPolicy,
  ) {}

  async forPrincipal(principal: Principal): Promise<TaskList> {
    // Every task kind belongs to a unit's people; a finance officer has none of them.
    const items = this.policy.isUnitStaff(principal) ? await this.unitTasks(principal.userId, principal.organisationId) : [];
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

  private async unitTasks(userId: string, unitId: string): Promise<TaskView[]> {
    const tx = this.transactor.manager;
    const [sections, cases] = await Promise.all([this.tasks.sectionCandidates(tx, userId, unitId), this.tasks.caseCandidates(tx, userId, unitId)]);
    const submitted = sections.filter((s) => s.state === 'submitted' && s.assigneeId !== userId);
    const groups = await this.tasks.groups(tx, [...new Set(submitted.map((s) => s.caseId))]);
    const items: TaskView[] = [];
    for (const s of sections) {
      const path = `/api/cases/${s.caseId}/sections/${encodeURIComponent(s.code)}`;
      const extra = { sectionCode: s.code, sectionTitle: s.title };
      const approverIds = submitted.includes(s) ? this.policy.sectionApprovers(groups.get(s.caseId) ?? [], s) : [];
      const kind = sectionTask(s, approverIds, userId);
      if (kind) items.push(task(kind, s, taskDueDate(kind, s, s.dueDate), `${path}/${kind === 'draft_section' ? 'content' : 'events'}`, extra));
    }
    for (const c of cases) {
      const events = `/api/cases/${c.caseId}/events`;
      if (c.state === 'self_assessment') {
        const warnings = c.roles.includes('compiler') ? unacknowledgedWarnings(c) : 0;
        if (warnings > 0) items.push(task('acknowledge_warning', c, taskDueDate('acknowledge_warning', c), `/api/cases/${c.caseId}/data-table`, { warnings }));
        continue;
      }
      for (const kind of caseTasks({ state: c.state, approval: approvalFacts(c), approvals: c.approvals }, userId, c.roles)) {
        items.push(task(kind, c, taskDueDate(kind, c), events));
      }
    }
    return items;
  }
}
