import { Injectable } from '@nestjs/common';
import { DueItemStore, type CaseDueFacts, type Tx } from '@jixiao/persistence';
import {
  actionsFor,
  tablesMatterTo,
  codeText,
  textParams,
  type Action,
  type Code,
  type Refusal,
  restoreLifecycle,
  tasksFrom,
  withAddedApproverRole,
  approvalFacts,
  type Actor,
  type CaseActions,
  type CaseRuleFacts,
  type LifecycleSnapshot,
  type Role,
  type TableFacts,
  type Task,
} from '@jixiao/workflow';
import { conflict, DomainError, notFound } from './errors';
import { ReportFacts } from './report-facts';

/**
 * The bridge from stored facts to the rulebook of libs/workflow: the same facts the due items are
 * derived from (read set-based, several cases per statement) become `CaseRuleFacts`, and a person
 * becomes the actor the rules judge. Nothing here decides a rule.
 */
export function ruleFactsOf(facts: CaseDueFacts, tables: TableFacts | null, restored?: LifecycleSnapshot): CaseRuleFacts {
  return {
    // `restored`: the snapshot of `facts.snapshot` when the caller holds it already (restoring costs).
    snapshot: restored ?? restoreLifecycle({ machineVersion: facts.machineVersion, snapshot: facts.snapshot }),
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

/**
 * The error a refused action answers with: who may not take it or the step it is not at, by its
 * reason's own code; when it is the person's to take but the facts fall short,
 * CASE.CONDITIONS_NOT_MET listing every reason, so they learn everything to fix at once.
 */
export function refusalError(refusals: readonly Refusal[], details: Record<string, unknown> = {}): DomainError {
  const [first] = refusals;
  if (!first) throw new Error('refusalError needs at least one refusal');
  if (first.kind === 'condition') {
    return conflict('CASE.CONDITIONS_NOT_MET', 'Conditions are not met yet.', { ...details, reasons: refusals.map(({ code, params }) => ({ code, params })) });
  }
  return new DomainError(first.code, `Refused: ${first.code}.`, { ...details, ...first.params });
}

/** Throws the refusal of an action that is not available now. */
export function requireAvailable(action: Action | undefined, details: Record<string, unknown> = {}): void {
  if (!action) throw new Error('requireAvailable: the rulebook names no such action');
  if (!action.available) throw refusalError(action.reasons, details);
}

/**
 * What the rulebook answers for one case and one actor, with the facts read in one statement (the
 * due items' read, without its lock) and the tables only where they matter to the actor.
 */
@Injectable()
export class CaseRulebook {
  constructor(
    private readonly store: DueItemStore,
    private readonly reportFacts: ReportFacts,
  ) {}

  async actions(tx: Tx, caseId: string, actor: Actor): Promise<CaseActions> {
    const [facts] = await this.store.facts(tx, [caseId], { lock: false });
    if (!facts) throw notFound('case', caseId);
    const full = withAddedApproverRole(actor, facts.extraApproverIds);
    const tables = tablesMatterTo(facts.state, full) ? await this.reportFacts.tables(tx, caseId) : null;
    return actionsFor(ruleFactsOf(facts, tables), full);
  }
}

/** An action as the API shows it to the caller. */
export interface ActionView<T extends string = string> {
  type: T;
  available: boolean;
  progress: boolean;
  reasons: Array<{ kind: Refusal['kind']; code: Code; params: Record<string, string | number>; message: string }>;
}

export function actionViews<T extends string>(actions: readonly Action<T>[]): ActionView<T>[] {
  return actions.map((a) => ({ type: a.type, available: a.available, progress: a.progress, reasons: a.reasons.map(({ kind, code, params }) => ({ kind, code, params: { ...params }, message: codeText(code, textParams(code, params)) })) }));
}
