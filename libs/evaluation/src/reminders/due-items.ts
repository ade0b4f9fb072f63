import type { CaseDueFacts, DesiredDueItem, DueItemKind } from '@jixiao/persistence';
import { actionsFor, DUE_TASK_KINDS, sectionApprovers, taskDueDate, tasksFrom, type DueTaskKind, type LifecycleSnapshot } from '@jixiao/workflow';
import { actorOn, peopleOf, ruleFactsOf } from '../rulebook';

/** A task's key on its case, shared by everyone who has it: '<case>:<kind>' or '<case>:<kind>:<section>'. */
export const dueItemKey = (caseId: string, kind: DueItemKind, sectionCode: string | null) =>
  sectionCode === null ? `${caseId}:${kind}` : `${caseId}:${kind}:${sectionCode}`;

const isDue = (kind: string): kind is DueTaskKind => (DUE_TASK_KINDS as readonly string[]).includes(kind);

/**
 * Every open task of one case with its person, due date and the people it escalates to: the
 * rulebook's tasks of everyone who may hold a step of the case (the same answer as the task list),
 * less the table tasks (`TABLE_TASK_KINDS`). Escalation: a section task goes to the group leaders
 * and the deputies whose remit covers the section; every other step of the unit to the group
 * leaders and the campaign's finance officers. The bureau's own review escalates to nobody.
 * Nobody escalates to themselves.
 */
export function deriveDueItems(facts: CaseDueFacts, restored?: LifecycleSnapshot): DesiredDueItem[] {
  const items: DesiredDueItem[] = [];
  const above = [...facts.leaderIds, ...facts.officerIds];
  // The case's rule facts once (restoring the snapshot is the costly part), then everyone's tasks on them.
  const rules = ruleFactsOf(facts, null, restored);
  for (const person of peopleOf(facts)) {
    const tasks = tasksFrom(actionsFor(rules, actorOn(facts, person)));
    for (const task of tasks) {
      if (!isDue(task.kind)) continue;
      const section = task.sectionCode === null ? null : facts.sections.find((s) => s.code === task.sectionCode)!;
      const escalateTo = section ? sectionApprovers(facts.group, section) : task.kind === 'review_submission' ? [] : above;
      items.push({
        itemKey: dueItemKey(facts.caseId, task.kind, task.sectionCode),
        caseId: facts.caseId,
        campaignId: facts.campaignId,
        kind: task.kind,
        sectionCode: task.sectionCode,
        recipientId: person.userId,
        dueDate: taskDueDate(task.kind, facts, section?.dueDate ?? null),
        escalateTo: [...new Set(escalateTo)].filter((id) => id !== person.userId).sort(),
      });
    }
  }
  return items;
}
