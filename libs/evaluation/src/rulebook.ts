import type { CaseDueFacts } from '@jixiao/persistence';
import {
  actionsFor,
  restoreLifecycle,
  tasksFrom,
  withAddedApproverRole,
  approvalFacts,
  type Actor,
  type CaseActions,
  type CaseRuleFacts,
  type Role,
  type TableFacts,
  type Task,
} from '@jixiao/workflow';

/**
 * The bridge from stored facts to the rulebook of libs/workflow: the same facts the due items are
 * derived from (read set-based, several cases per statement) become `CaseRuleFacts`, and a person
 * becomes the actor the rules judge. Nothing here decides a rule.
 */
export function ruleFactsOf(facts: CaseDueFacts, tables: TableFacts | null): CaseRuleFacts {
  return {
    snapshot: restoreLifecycle({ machineVersion: facts.machineVersion, snapshot: facts.snapshot }),
    approval: approvalFacts(facts),
    group: facts.group,
    sections: facts.sections,
    tables,
  };
}

/**
 * A person as the rules see them on this case: their roles in the unit (or the bureau), their roles
 * in the working group, and an added approver's (加签) standing.
 */
export function actorOn(facts: CaseDueFacts, person: { userId: string; organisationId: string; roles: readonly Role[] }): Actor {
  const groupRoles = facts.group.filter((m) => m.userId === person.userId).map((m) => m.role as Role);
  return withAddedApproverRole(
    { userId: person.userId, organisationId: person.organisationId, roles: [...new Set([...person.roles, ...groupRoles])] },
    facts.extraApproverIds,
  );
}

/**
 * Everyone who may hold a step of this case: the working group, the unit's role holders, the
 * added approvers and the finance officers bound to the campaign, each with their organisation
 * roles (the group roles are added by `actorOn`).
 */
export function peopleOf(facts: CaseDueFacts): Array<{ userId: string; organisationId: string; roles: Role[] }> {
  const unit = new Map<string, Set<Role>>();
  for (const member of facts.group) unit.set(member.userId, unit.get(member.userId) ?? new Set());
  for (const holder of facts.unitRoles) for (const role of holder.roles) unit.set(holder.userId, (unit.get(holder.userId) ?? new Set<Role>()).add(role));
  for (const userId of facts.extraApproverIds) if (!unit.has(userId)) unit.set(userId, new Set());
  return [
    ...[...unit].map(([userId, roles]) => ({ userId, organisationId: facts.unitId, roles: [...roles] })),
    ...facts.officerIds.map((userId) => ({ userId, organisationId: facts.bureauId, roles: ['finance_officer' as Role] })),
  ].sort((a, b) => a.userId.localeCompare(b.userId));
}

export function tasksOf(facts: CaseDueFacts, actor: Actor, tables: TableFacts | null): { actions: CaseActions; tasks: Task[] } {
  const actions = actionsFor(ruleFactsOf(facts, tables), actor);
  return { actions, tasks: tasksFrom(actions) };
}
