import type { CaseDueFacts, DesiredDueItem, DueItemKind, GroupMember } from '@jixiao/persistence';
import type { Role } from '@jixiao/workflow';
import { approvalFacts, caseTasks, sectionTask, taskDueDate } from '../task-rules';

/** A task's key on its case, shared by everyone who has it: '<case>:<kind>' or '<case>:<kind>:<section>'. */
export const dueItemKey = (caseId: string, kind: DueItemKind, sectionCode: string | null) =>
  sectionCode === null ? `${caseId}:${kind}` : `${caseId}:${kind}:${sectionCode}`;

/**
 * Every open task of one case with its person, due date and the people it escalates to, by the
 * rules of `task-rules` (the same as the task list). `sectionApprovers` is AccessPolicy's rule.
 * Escalation: a section task goes to the group leaders and the deputies whose remit covers the
 * section; the unit's submission (approve_report, seal, submit) and the publication go to the
 * group leaders and the campaign's finance officers. Nobody escalates to themselves.
 */
export function deriveDueItems(facts: CaseDueFacts, sectionApprovers: (group: GroupMember[], section: { code: string; assigneeId: string | null }) => string[]): DesiredDueItem[] {
  const items: DesiredDueItem[] = [];
  const group: GroupMember[] = facts.group.map((m) => ({ ...m, displayName: '' }));
  const leaders = facts.leaderIds;
  const push = (kind: DueItemKind, recipientId: string, sectionCode: string | null, dueDate: string, above: readonly string[]) =>
    items.push({
      itemKey: dueItemKey(facts.caseId, kind, sectionCode),
      caseId: facts.caseId,
      campaignId: facts.campaignId,
      kind,
      sectionCode,
      recipientId,
      dueDate,
      escalateTo: [...new Set(above)].filter((id) => id !== recipientId).sort(),
    });

  if (facts.state === 'self_assessment') {
    for (const section of facts.sections) {
      if (section.state !== 'assigned' && section.state !== 'drafting' && section.state !== 'submitted') continue;
      const approvers = sectionApprovers(group, section);
      const dueDate = taskDueDate('draft_section', facts, section.dueDate);
      const people = section.state === 'submitted' ? approvers : section.assigneeId ? [section.assigneeId] : [];
      for (const userId of people) {
        const kind = sectionTask(section, approvers, userId);
        if (kind) push(kind, userId, section.code, dueDate, approvers);
      }
    }
    return items;
  }

  const approval = approvalFacts(facts);
  const roles = new Map<string, Set<Role>>();
  const add = (userId: string, role: Role) => roles.set(userId, (roles.get(userId) ?? new Set<Role>()).add(role));
  for (const member of facts.group) add(member.userId, member.role);
  for (const holder of facts.unitRoles) for (const role of holder.roles) add(holder.userId, role);
  for (const userId of approval.approverIds) if (!roles.has(userId)) roles.set(userId, new Set());
  const above = [...leaders, ...facts.officerIds];
  for (const [userId, held] of [...roles].sort(([a], [b]) => a.localeCompare(b))) {
    for (const kind of caseTasks({ state: facts.state, approval, approvals: facts.approvals }, userId, [...held])) {
      push(kind, userId, null, taskDueDate(kind, facts), above);
    }
  }
  return items;
}
