import type { CaseDueFacts, DesiredDueItem, DueItemKind } from '@jixiao/persistence';
import { DUE_TASK_KINDS, sectionApprovers, taskDueDate, tasksOfKinds, type LifecycleSnapshot } from '@jixiao/workflow';
import { actorOn, peopleOf, ruleFactsOf } from '../rulebook';

/** A task's key on its case, shared by everyone who has it: '<case>:<kind>' or '<case>:<kind>:<section>'. */
export const dueItemKey = (caseId: string, kind: DueItemKind, sectionCode: string | null) =>
  sectionCode === null ? `${caseId}:${kind}` : `${caseId}:${kind}:${sectionCode}`;

/** Distinct and sorted, as an item's escalation list is stored. */
const unique = (ids: readonly string[]) => [...new Set(ids)].sort();

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
  // The case's rule facts once (restoring the snapshot is the costly part), then everyone's tasks on them.
  const rules = ruleFactsOf(facts, null, restored);
  const people = peopleOf(facts);
  const tasks = tasksOfKinds(rules, people.map((person) => actorOn(facts, person)), DUE_TASK_KINDS);
  const above = unique([...facts.leaderIds, ...facts.officerIds]);
  const sections = new Map<string, { dueDate: string | null; escalateTo: string[] }>();
  const sectionOf = (code: string) => {
    let found = sections.get(code);
    if (found === undefined) {
      const section = facts.sections.find((s) => s.code === code)!;
      sections.set(code, (found = { dueDate: section.dueDate, escalateTo: unique(sectionApprovers(facts.group, section)) }));
    }
    return found;
  };
  people.forEach((person, index) => {
    for (const task of tasks[index]!) {
      const kind = task.kind;
      const section = task.sectionCode === null ? null : sectionOf(task.sectionCode);
      const escalateTo = section ? section.escalateTo : kind === 'review_submission' ? [] : above;
      items.push({
        itemKey: dueItemKey(facts.caseId, kind, task.sectionCode),
        caseId: facts.caseId,
        campaignId: facts.campaignId,
        kind,
        sectionCode: task.sectionCode,
        recipientId: person.userId,
        dueDate: taskDueDate(kind, facts, section?.dueDate ?? null),
        escalateTo: escalateTo.filter((id) => id !== person.userId),
      });
    }
  });
  return items;
}
