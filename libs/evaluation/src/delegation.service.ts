import { Injectable } from '@nestjs/common';
import { CaseStore, DelegationStore, PeopleStore, Transactor, type DelegationEntity, type ReassignedTask, type Tx } from '@jixiao/persistence';
import { contextOf, restoreLifecycle } from '@jixiao/workflow';
import { AccessPolicy } from './access-policy';
import { Clock, shanghaiDate } from './clock';
import { conflict, forbidden, notFound, unprocessable } from './errors';
import type { Principal } from './principal';
import { DueItemsService } from './reminders/due-items.service';
import { NotificationWriter } from './notifications/notification-writer';

export interface NewDelegation {
  kind: 'delegation' | 'reassignment';
  delegateId: string;
  /** Whose rights or task are handed over; yourself when omitted (a unit admin may name someone). */
  delegatorId?: string;
  reason: string;
  startsOn?: string;
  endsOn?: string;
  caseId?: string;
  task?: ReassignedTask;
}

export interface DelegationView {
  id: string;
  kind: 'delegation' | 'reassignment';
  delegatorId: string;
  delegateId: string;
  caseId: string | null;
  task: ReassignedTask | null;
  startsOn: string | null;
  endsOn: string | null;
  reason: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

function view(d: DelegationEntity): DelegationView {
  return {
    id: d.id,
    kind: d.kind,
    delegatorId: d.delegatorId,
    delegateId: d.delegateId,
    caseId: d.caseId,
    task: d.task,
    startsOn: d.startsOn,
    endsOn: d.endsOn,
    reason: d.reason,
    createdBy: d.createdBy,
    createdAt: d.createdAt.toISOString(),
    revokedAt: d.revokedAt ? d.revokedAt.toISOString() : null,
  };
}

/**
 * 代理 (delegation): a stand-in acts with the delegator's rights for a date range, recorded as
 * "stand-in for delegator". 转交 (reassignment): one task (a section to draft, or a place in a
 * case's working group) passes to someone else for good, recorded in the case's history.
 */
@Injectable()
export class DelegationService {
  constructor(
    private readonly transactor: Transactor,
    private readonly delegations: DelegationStore,
    private readonly people: PeopleStore,
    private readonly cases: CaseStore,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
    private readonly dueItems: DueItemsService,
    private readonly notifier: NotificationWriter,
  ) {}

  async create(principal: Principal, input: NewDelegation): Promise<DelegationView> {
    if (principal.organisationKind !== 'unit') {
      throw forbidden('DELEGATION.ROLE_NOT_ALLOWED', 'Delegation and reassignment are for the people of a budget unit.');
    }
    const delegatorId = input.delegatorId ?? principal.userId;
    if (delegatorId !== principal.userId && !this.policy.managesOrganisation(principal, principal.organisationId)) {
      throw forbidden('DELEGATION.ROLE_NOT_ALLOWED', "Only the unit admin hands over someone else's rights or tasks.");
    }
    if (delegatorId === input.delegateId) throw unprocessable('DELEGATION.SELF', 'A delegation goes to someone else.', { fields: ['delegateId'] });
    return this.transactor.run(async (tx) => {
      const [delegator, delegate] = [await this.people.person(tx, delegatorId), await this.people.person(tx, input.delegateId)];
      if (!delegator || delegator.organisationId !== principal.organisationId) {
        throw unprocessable('DELEGATION.OUTSIDE_UNIT', 'The delegator must be a person of your unit.', { fields: ['delegatorId'] });
      }
      if (!delegate || delegate.organisationId !== principal.organisationId || delegate.disabledAt) {
        throw unprocessable('DELEGATION.OUTSIDE_UNIT', 'The stand-in must be an active person of your unit.', { fields: ['delegateId'] });
      }
      return input.kind === 'delegation' ? this.delegate(tx, principal, delegatorId, input) : this.reassign(tx, principal, delegatorId, input);
    });
  }

  async list(principal: Principal): Promise<DelegationView[]> {
    const all = this.policy.managesOrganisation(principal, principal.organisationId);
    const rows = await this.delegations.list(this.transactor.manager, {
      organisationId: principal.organisationId,
      userId: all ? undefined : principal.userId,
    });
    return rows.map(view);
  }

  async revoke(principal: Principal, id: string): Promise<DelegationView> {
    return this.transactor.run(async (tx) => {
      const delegation = await this.delegations.findById(tx, id);
      const admin = this.policy.managesOrganisation(principal, principal.organisationId);
      const involved = delegation && (delegation.delegatorId === principal.userId || delegation.delegateId === principal.userId);
      if (!delegation || delegation.organisationId !== principal.organisationId || !(admin || involved)) throw notFound('delegation', id);
      if (!admin && delegation.delegatorId !== principal.userId) {
        throw forbidden('DELEGATION.ROLE_NOT_ALLOWED', 'Only the delegator or the unit admin revokes a delegation.');
      }
      if (delegation.kind === 'reassignment') {
        throw conflict('DELEGATION.FINAL', 'A reassignment is for good; reassign the task back instead.');
      }
      if (!(await this.delegations.revoke(tx, id, principal.userId, this.clock.now()))) {
        throw conflict('DELEGATION.ALREADY_REVOKED', 'This delegation was already revoked.');
      }
      return view((await this.delegations.findById(tx, id))!);
    });
  }

  private async delegate(tx: Tx, principal: Principal, delegatorId: string, input: NewDelegation): Promise<DelegationView> {
    const { startsOn, endsOn } = input;
    if (!startsOn || !endsOn) throw unprocessable('DELEGATION.DATES_REQUIRED', 'A delegation needs a first and a last day.', { fields: ['startsOn', 'endsOn'] });
    if (endsOn < startsOn) throw unprocessable('DELEGATION.DATES_OUT_OF_ORDER', 'The last day comes before the first day.', { fields: ['endsOn'] });
    const today = shanghaiDate(this.clock.now());
    if (endsOn < today) throw unprocessable('DELEGATION.IN_THE_PAST', `The delegation would end before today (${today}).`, { fields: ['endsOn'] });
    if (input.caseId !== undefined || input.task !== undefined) {
      throw unprocessable('DELEGATION.FIELD_NOT_ALLOWED', 'A delegation covers all the delegator’s rights; caseId and task belong to a reassignment.');
    }
    await this.delegations.lockDelegator(tx, delegatorId);
    const overlapping = await this.delegations.overlapping(tx, delegatorId, startsOn, endsOn);
    if (overlapping.length > 0) {
      throw conflict('DELEGATION.OVERLAP', `That person already has a delegation from ${overlapping[0]!.startsOn} to ${overlapping[0]!.endsOn}; revoke it or choose other days.`, {
        delegationIds: overlapping.map((d) => d.id),
      });
    }
    const created = await this.delegations.create(tx, {
      kind: 'delegation',
      organisationId: principal.organisationId,
      delegatorId,
      delegateId: input.delegateId,
      caseId: null,
      task: null,
      startsOn,
      endsOn,
      reason: input.reason,
      createdBy: principal.userId,
    });
    await this.notifier.delegated(tx, { delegateId: input.delegateId, delegatorId, createdBy: principal.userId, startsOn, endsOn, reason: input.reason });
    return view(created);
  }

  private async reassign(tx: Tx, principal: Principal, delegatorId: string, input: NewDelegation): Promise<DelegationView> {
    const { caseId, task } = input;
    if (!caseId || !task) throw unprocessable('DELEGATION.TASK_REQUIRED', 'A reassignment names the case and the task.', { fields: ['caseId', 'task'] });
    if (input.startsOn !== undefined || input.endsOn !== undefined) {
      throw unprocessable('DELEGATION.FIELD_NOT_ALLOWED', 'A reassignment is for good and has no dates.');
    }
    const record = await this.cases.loadRecord(tx, caseId, principal.userId);
    if (!record || !this.policy.seesCase(principal, record)) throw notFound('case', caseId);
    if (record.state === 'published') throw conflict('DELEGATION.CASE_CLOSED', 'The case is published; nothing is left to hand over.');
    const snapshot = restoreLifecycle({ machineVersion: record.machineVersion, snapshot: record.snapshot });
    let details: Record<string, unknown>;
    if (task.type === 'section') {
      const section = await this.cases.findSection(tx, caseId, task.code);
      if (!section) throw notFound('section', task.code);
      if (section.assigneeId !== delegatorId) {
        throw unprocessable('DELEGATION.NOT_YOUR_TASK', 'That section is not assigned to the delegator.', { fields: ['task'] });
      }
      if (section.state === 'approved') throw conflict('SECTION.ALREADY_APPROVED', 'The section is approved already; nothing is left to draft.');
      if (!(await this.cases.updateSection(tx, { caseId, code: task.code, expectedVersion: section.version }, { assigneeId: input.delegateId }))) {
        throw conflict('SECTION.VERSION_CONFLICT', 'Someone else changed this section first. Reload it and try again.');
      }
      details = { task, from: delegatorId, to: input.delegateId };
    } else {
      const group = await this.cases.group(tx, caseId);
      const place = group.find((m) => m.userId === delegatorId && m.role === task.role);
      if (!place) throw unprocessable('DELEGATION.NOT_YOUR_TASK', `The delegator holds no ${task.role} place in this case's group.`, { fields: ['task'] });
      const members = group
        .filter((m) => m !== place && !(m.userId === input.delegateId && m.role === place.role))
        .map(({ userId, role, remit }) => ({ userId, role, remit }));
      members.push({ userId: input.delegateId, role: place.role, remit: place.remit });
      await this.cases.replaceGroup(tx, caseId, members);
      details = { task, from: delegatorId, to: input.delegateId };
    }
    const created = await this.delegations.create(tx, {
      kind: 'reassignment',
      organisationId: principal.organisationId,
      delegatorId,
      delegateId: input.delegateId,
      caseId,
      task,
      startsOn: null,
      endsOn: null,
      reason: input.reason,
      createdBy: principal.userId,
    });
    const entry = {
      event: 'REASSIGN',
      fromState: record.state,
      toState: record.state,
      actorId: principal.userId,
      onBehalfOfId: null,
      comment: input.reason,
      details: { ...details, delegationId: created.id },
      contentVersion: contextOf(snapshot).contentVersion,
      at: this.clock.now(),
    };
    const appended = await this.cases.advance(tx, { caseId, expectedVersion: null }, entry);
    if (appended) await this.notifier.recorded(tx, { ...entry, caseId, seq: appended.version });
    await this.dueItems.refresh(tx, [caseId], { casesLocked: true });
    return view(created);
  }
}
