import { Injectable } from '@nestjs/common';
import { CaseStore, OrganisationStore, Transactor, UserStore, type CaseRecord, type GroupRole, type Remit, type Tx } from '@jixiao/persistence';
import { approvalChain, approvalFacts, contextOf, LIFECYCLE_RULES, reportApproved, type ApproverPlacement } from '@jixiao/workflow';
import { unprocessable } from '../errors';
import type { Principal } from '../principal';
import { versionConflict } from './case.conflicts';
import { CaseLoader } from './case.loader';
import { CaseRecorder } from './case.recorder';
import type { ApprovalView, CaseDetail, GroupInput } from './case.view';

const GROUP_FIELDS: ReadonlyArray<[keyof GroupInput, GroupRole]> = [
  ['leaderId', 'group_leader'],
  ['deputyLeaderIds', 'deputy_leader'],
  ['memberIds', 'member'],
  ['compilerIds', 'compiler'],
  ['sealKeeperIds', 'seal_keeper'],
  ['publisherIds', 'publisher'],
];

/** What the lifecycle decides FORM_GROUP on: how many leaders, members and compilers the group names. */
export function groupCounts(group: GroupInput) {
  const members = groupMembers(group);
  const count = (role: GroupRole) => members.filter((m) => m.role === role).length;
  return { leaders: count('group_leader'), members: count('member'), compilers: count('compiler') };
}

function groupMembers(group: GroupInput): Array<{ userId: string; role: GroupRole; remit?: Remit }> {
  const members: Array<{ userId: string; role: GroupRole; remit?: Remit }> = [];
  for (const [field, role] of GROUP_FIELDS) {
    const value = group[field] as string | string[] | undefined;
    const ids = value === undefined ? [] : Array.isArray(value) ? value : [value];
    for (const userId of new Set(ids)) {
      const remit = role === 'deputy_leader' ? group.remits?.find((r) => r.userId === userId) : undefined;
      members.push(remit ? { userId, role, remit: { subOfficeIds: remit.subOfficeIds ?? [], sectionCodes: remit.sectionCodes ?? [] } } : { userId, role });
    }
  }
  return members;
}

/** The working group of a case: its rules, changing it after it was formed, and adding an approver (加签). */
@Injectable()
export class WorkingGroupService {
  constructor(
    private readonly transactor: Transactor,
    private readonly loader: CaseLoader,
    private readonly cases: CaseStore,
    private readonly users: UserStore,
    private readonly organisations: OrganisationStore,
    private readonly recorder: CaseRecorder,
  ) {}

  /**
   * Changes the working group of a formed group (the unit admin's job), with the same rules as
   * FORM_GROUP; recorded in the history with the old and the new group.
   */
  async changeGroup(principal: Principal, caseId: string, group: GroupInput, expectedVersion?: number): Promise<CaseDetail> {
    return this.transactor.run(async (tx) => {
      const loaded = await this.loader.load(tx, principal, caseId);
      const { record, actor, snapshot } = loaded;
      await this.loader.requireCaseAction(tx, caseId, actor, 'CHANGE_GROUP', { state: record.state });
      if (expectedVersion !== undefined && expectedVersion !== record.version) throw versionConflict(record.version, snapshot, actor);
      await this.validate(tx, record, group);
      const refusals = LIFECYCLE_RULES.mayFormGroup.conditions(contextOf(snapshot), { type: 'FORM_GROUP', actor, group: groupCounts(group) });
      if (refusals.length > 0) {
        throw unprocessable('GROUP.INCOMPLETE', 'The working group is incomplete.', { reasons: refusals.map(({ code, params }) => ({ code, params })) });
      }
      const before = await this.cases.group(tx, caseId);
      await this.replace(tx, caseId, group);
      const updated = await this.recorder.record(tx, { caseId, expectedVersion: record.version }, {
        event: 'CHANGE_GROUP',
        fromState: record.state,
        toState: record.state,
        actorId: principal.userId,
        onBehalfOfId: null,
        comment: null,
        details: { before: before.map(({ userId, role, remit }) => ({ userId, role, remit })), after: group },
        contentVersion: contextOf(snapshot).contentVersion,
      });
      if (updated === null) throw versionConflict(record.version + 1, snapshot, actor);
      return this.loader.detail(tx, principal, caseId);
    });
  }

  /**
   * 加签: the group leader adds an approver, a person of the unit who is not one yet, to the version
   * in internal review. With a placement it is 前加签 or 后加签, the current approver's (whose turn
   * it is and who has not approved): the person added approves right before them (they wait) or right
   * after them. Recorded in the history; the case's own version moves on, so a SEAL decided on the
   * approvers before the addition meets a version conflict instead of passing, and a placed addition
   * decided before a concurrent approval meets one too.
   */
  async addApprover(principal: Principal, caseId: string, input: { userId: string; reason: string; placement?: ApproverPlacement }): Promise<ApprovalView> {
    return this.transactor.run(async (tx) => {
      const loaded = await this.loader.load(tx, principal, caseId);
      const { record, actor, snapshot } = loaded;
      const placement = input.placement ?? null;
      const type = placement === null ? 'ADD_APPROVER' : placement === 'before' ? 'ADD_APPROVER_BEFORE' : 'ADD_APPROVER_AFTER';
      await this.loader.requireCaseAction(tx, caseId, actor, type, { state: record.state });
      const [user] = await this.users.findByIds(tx, [input.userId]);
      if (!user || user.organisationId !== record.unitId) {
        throw unprocessable('REVIEW.APPROVER_NOT_IN_UNIT', 'An added approver must be a person of this unit.', { fields: ['userId'] });
      }
      const contentVersion = contextOf(snapshot).contentVersion;
      const alreadyApprover = approvalFacts(record).approverIds.includes(input.userId);
      if (
        alreadyApprover ||
        !(await this.cases.addExtraApprover(tx, { caseId, contentVersion, userId: input.userId, reason: input.reason, addedBy: actor.userId, placement }))
      ) {
        throw unprocessable('REVIEW.ALREADY_AN_APPROVER', 'This person already approves this report.', { fields: ['userId'] });
      }
      const updated = await this.recorder.record(tx, { caseId, expectedVersion: placement === null ? null : record.version }, {
        event: type,
        fromState: record.state,
        toState: record.state,
        actorId: principal.userId,
        onBehalfOfId: loaded.onBehalfOfId,
        comment: input.reason,
        details: placement === null ? { userId: input.userId } : { userId: input.userId, placement },
        contentVersion,
      });
      if (updated === null) throw versionConflict(record.version + 1, snapshot, actor);
      const added = [...record.extraApprovers, { userId: input.userId, placement, anchorId: placement === null ? null : actor.userId }];
      return this.view(tx, { ...record, extraApproverIds: added.map((a) => a.userId), extraApprovers: added }, contextOf(snapshot));
    });
  }

  /** Who approves the version in internal review, in their order, who has and whose turn it is. */
  async approval(principal: Principal, caseId: string): Promise<ApprovalView> {
    return this.transactor.run(async (tx) => {
      const { record, snapshot } = await this.loader.load(tx, principal, caseId);
      return this.view(tx, record, contextOf(snapshot));
    });
  }

  private async view(tx: Tx, record: CaseRecord, context: { contentVersion: number; approvals: string[] }): Promise<ApprovalView> {
    const facts = approvalFacts(record);
    const chain = approvalChain(facts, context.approvals);
    const people = await this.users.findByIds(tx, [...new Set([...chain.map((c) => c.userId), ...context.approvals])]);
    const nameOf = (id: string) => people.find((p) => p.id === id)?.displayName ?? '';
    const added = new Map(record.extraApprovers.map((a) => [a.userId, a]));
    return {
      caseId: record.id,
      contentVersion: context.contentVersion,
      mode: facts.mode,
      approverIds: [...facts.approverIds],
      extraApproverIds: record.extraApprovers.map((a) => a.userId),
      approvals: context.approvals,
      approved: reportApproved(facts, context.approvals),
      chain: chain.map((step) => ({
        ...step,
        displayName: nameOf(step.userId),
        placement: added.get(step.userId)?.placement ?? null,
        addedBy: added.get(step.userId)?.anchorId ?? null,
        added: added.has(step.userId),
      })),
    };
  }

  /** Replaces the case's group with the one given (FORM_GROUP and a change alike). */
  async replace(tx: Tx, caseId: string, group: GroupInput): Promise<void> {
    await this.cases.replaceGroup(tx, caseId, groupMembers(group));
  }

  /** Everyone in the group belongs to the case's unit; remits name deputies, the unit's sub-offices and known sections. */
  async validate(tx: Tx, record: CaseRecord, group: GroupInput): Promise<void> {
    const members = groupMembers(group);
    const ids = [...new Set(members.map((m) => m.userId))];
    const found = await this.users.findByIds(tx, ids);
    const outside = ids.filter((id) => !found.some((u) => u.id === id && u.organisationId === record.unitId));
    if (outside.length > 0) {
      throw unprocessable('GROUP.USER_NOT_IN_UNIT', 'Everyone in the working group must be a person of this unit.', { userIds: outside });
    }
    const remits = group.remits ?? [];
    const notDeputies = remits.filter((r) => !(group.deputyLeaderIds ?? []).includes(r.userId)).map((r) => r.userId);
    if (notDeputies.length > 0) {
      throw unprocessable('GROUP.REMIT_NOT_DEPUTY', 'A remit belongs to a deputy leader of the group.', { userIds: notDeputies });
    }
    const offices = new Set((await this.organisations.listSubOffices(tx, record.unitId)).map((o) => o.id));
    const foreignOffices = remits.flatMap((r) => r.subOfficeIds ?? []).filter((id) => !offices.has(id));
    if (foreignOffices.length > 0) {
      throw unprocessable('GROUP.REMIT_OUTSIDE_UNIT', "A remit names sub-offices that are not this unit's.", { subOfficeIds: foreignOffices });
    }
    const codes = remits.flatMap((r) => r.sectionCodes ?? []);
    if (codes.length > 0) {
      const known = new Set((await this.cases.sections(tx, record.id)).map((section) => section.code));
      const unknown = codes.filter((code) => !known.has(code));
      if (unknown.length > 0) throw unprocessable('SECTION.UNKNOWN', 'A remit names sections this report does not have.', { codes: unknown });
    }
  }
}
