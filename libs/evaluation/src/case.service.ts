import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  CaseStore,
  OrganisationStore,
  SealedVersionStore,
  SectionStore,
  Transactor,
  UserStore,
  type CaseRecord,
  type CaseSummary,
  type GroupMember,
  type GroupRole,
  type Remit,
  type Tx,
} from '@jixiao/persistence';
import {
  contextOf,
  decide,
  decideSection,
  LIFECYCLE_RULES,
  eventsAvailableTo,
  persistLifecycle,
  restoreLifecycle,
  type Actor,
  type ApprovalFacts,
  type LifecycleEvent,
  type LifecycleEventType,
  type LifecycleSnapshot,
  type SectionEventType,
  type SectionState,
} from '@jixiao/workflow';
import { AccessPolicy } from './access-policy';
import { Clock, shanghaiDate } from './clock';
import { conflict, DomainError, forbidden, machineCode, notFound, unprocessable } from './errors';
import { Idempotency, type Outcome } from './idempotency';
import type { Principal } from './principal';
import { ReportFacts } from './report-facts';
import { DueItemsService } from './reminders/due-items.service';
import { approvalFacts } from './task-rules';
import { buildSnapshot, canonicalJson, comparePublication, renderDocx, renderHtml, type PublicationDifference, type SealedSnapshot } from './rendering';

export interface RemitInput extends Remit {
  userId: string;
}

export interface GroupInput {
  leaderId: string;
  deputyLeaderIds?: string[];
  /** What each deputy leader approves; a deputy without one approves every section. */
  remits?: RemitInput[];
  memberIds: string[];
  compilerIds: string[];
  sealKeeperIds?: string[];
  publisherIds?: string[];
}

export interface EventCommand {
  type: LifecycleEventType;
  comment?: string;
  reason?: string;
  sectionCodes?: string[];
  group?: GroupInput;
  publishedSha256?: string;
  publishedUrl?: string;
  /** With PUBLISH: the published report's text or HTML, compared with the sealed version when no matching SHA-256 is given. */
  publishedText?: string;
  /** With PUBLISH: the published document itself (the .docx bytes, base64); its SHA-256 is compared with the sealed one. */
  publishedDocumentBase64?: string;
  /** The case version the client saw; a different current version is a conflict. */
  expectedVersion?: number;
  /** Act for this person under a delegation (代理) in force today. */
  actingFor?: string;
}

export interface CaseView extends CaseSummary {
  contentVersion: number;
  approvals: string[];
  sealedVersion: number | null;
  sealedDigest: string | null;
  submittedLate: boolean | null;
  returns: number;
  /** The content version that was sealed, submitted, accepted and published; null for a step not (yet) reached in the current version. */
  versions: { sealed: number | null; submitted: number | null; accepted: number | null; published: number | null };
  /** Events the caller may send now as far as role and state go. */
  allowedEvents: LifecycleEventType[];
}

export interface CaseDetail extends CaseView {
  group: GroupMember[];
  sections: SectionView[];
}

export interface SectionView {
  code: string;
  title: string;
  assigneeId: string | null;
  dueDate: string | null;
  state: SectionState;
  version: number;
}

/** Who approves a case's current version in internal review, and who has. */
export interface ApprovalView {
  caseId: string;
  contentVersion: number;
  mode: ApprovalFacts['mode'];
  approverIds: string[];
  /** Added by the group leader (加签) for this version. */
  extraApproverIds: string[];
  approvals: string[];
}

export interface HistoryView {
  seq: number;
  event: string;
  fromState: string | null;
  toState: string;
  actorId: string | null;
  /** The person the actor stood in for under a delegation, if any. */
  onBehalfOfId: string | null;
  comment: string | null;
  details: Record<string, unknown>;
  contentVersion: number;
  at: string;
}

export interface TransitionResult {
  transition: { event: LifecycleEventType; from: string; to: string };
  case: CaseView;
}

interface Loaded {
  record: CaseRecord;
  snapshot: LifecycleSnapshot;
  actor: Actor;
  /** The delegator, when the principal acts for someone. */
  onBehalfOfId: string | null;
}

const GROUP_FIELDS: ReadonlyArray<[keyof GroupInput, GroupRole]> = [
  ['leaderId', 'group_leader'],
  ['deputyLeaderIds', 'deputy_leader'],
  ['memberIds', 'member'],
  ['compilerIds', 'compiler'],
  ['sealKeeperIds', 'seal_keeper'],
  ['publisherIds', 'publisher'],
];

function groupCounts(group: GroupInput) {
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

function sha256(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

interface RenderedVersion {
  snapshot: SealedSnapshot;
  docx: Buffer;
  html: string;
  sha256: string;
  snapshotSha256: string;
}

/** A SEAL event's rendering, from deciding it to writing it in the same transaction. */
const renderedSeals = new WeakMap<LifecycleEvent, RenderedVersion>();

export interface SealedVersionView {
  version: number;
  sha256: string;
  sealedBy: string;
  sealedAt: string;
}

export interface SealedDocument {
  version: number;
  sha256: string;
  docx: Buffer;
  html: string;
  fileName: string;
}

@Injectable()
export class CaseService {
  constructor(
    private readonly transactor: Transactor,
    private readonly cases: CaseStore,
    private readonly users: UserStore,
    private readonly organisations: OrganisationStore,
    private readonly policy: AccessPolicy,
    private readonly reportFacts: ReportFacts,
    private readonly idempotency: Idempotency,
    private readonly clock: Clock,
    private readonly sealedVersions: SealedVersionStore,
    private readonly sectionContent: SectionStore,
    private readonly dueItems: DueItemsService,
  ) {}

  async list(principal: Principal, filter: { campaignId?: string; state?: string }, page: { limit: number; offset: number }) {
    const scope = this.policy.listScope(principal);
    if (!scope) return { items: [], total: 0, ...page };
    const result = await this.cases.list(this.transactor.manager, scope, filter, page);
    return { items: result.items, total: result.total, ...page };
  }

  async get(principal: Principal, caseId: string, tx: Tx = this.transactor.manager): Promise<CaseDetail> {
    const loaded = await this.load(tx, principal, caseId);
    const group = await this.cases.group(tx, caseId);
    const sections = await this.cases.sections(tx, caseId);
    return { ...view(loaded), group, sections: sections.map(sectionView) };
  }

  async history(principal: Principal, caseId: string): Promise<HistoryView[]> {
    const tx = this.transactor.manager;
    await this.load(tx, principal, caseId);
    const rows = await this.cases.history(tx, caseId);
    return rows.map((row) => ({
      seq: row.seq,
      event: row.event,
      fromState: row.fromState,
      toState: row.toState,
      actorId: row.actorId,
      onBehalfOfId: row.onBehalfOfId,
      comment: row.comment,
      details: row.details,
      contentVersion: row.contentVersion,
      at: row.createdAt.toISOString(),
    }));
  }

  /**
   * Decide, persist, answer, in one transaction: the writes that belong to the event, the case's
   * version-checked update with its history record, then the case's due items (who has what due
   * now), so reminders never lag behind the case. With an Idempotency-Key the key is stored in the
   * same transaction.
   */
  async send(principal: Principal, caseId: string, command: EventCommand, idempotencyKey: string | null): Promise<Outcome<TransitionResult>> {
    const request = idempotencyKey
      ? { userId: principal.userId, key: idempotencyKey, scope: `POST /cases/${caseId}/events`, body: command }
      : null;
    return this.transactor.run((tx) => this.idempotency.run(tx, request, 200, () => this.transition(tx, principal, caseId, command)));
  }

  private async transition(tx: Tx, principal: Principal, caseId: string, command: EventCommand): Promise<TransitionResult> {
    const loaded = await this.load(tx, principal, caseId, command.actingFor);
    const { record, snapshot, actor } = loaded;
    if (command.expectedVersion !== undefined && command.expectedVersion !== record.version) {
      throw this.versionConflict(record.version, snapshot, actor);
    }
    const event = await this.buildEvent(tx, loaded, command);
    const decision = decide(snapshot, event);
    if (decision.outcome === 'not_accepted_in_state') {
      throw conflict('CASE.TRANSITION_NOT_ALLOWED', `A case in state ${decision.state} does not take ${command.type}.`, {
        state: decision.state,
        allowedEvents: eventsAvailableTo(snapshot, actor),
      });
    }
    if (decision.outcome === 'refused') {
      const byWho = decision.refusals.filter((r) => r.kind !== 'condition');
      if (byWho.length > 0) throw forbidden('CASE.ROLE_NOT_ALLOWED', byWho[0]!.message, { state: decision.state });
      throw conflict('CASE.CONDITIONS_NOT_MET', `${command.type} cannot be done yet: ${decision.refusals.map((r) => r.message).join(' ')}`, {
        state: decision.state,
        reasons: decision.refusals.map(({ code, message }) => ({ code, message })),
      });
    }
    const details = await this.applyEffects(tx, loaded, command, event);
    const persisted = persistLifecycle(decision.next);
    const updated = await this.cases.advance(
      tx,
      { caseId, expectedVersion: record.version, change: { state: decision.to, snapshot: persisted.snapshot, machineVersion: persisted.machineVersion } },
      {
        event: command.type,
        fromState: decision.from,
        toState: decision.to,
        actorId: principal.userId,
        onBehalfOfId: loaded.onBehalfOfId,
        comment: command.reason ?? command.comment ?? null,
        details,
        contentVersion: contextOf(snapshot).contentVersion,
        at: this.clock.now(),
      },
    );
    if (updated === null) throw this.versionConflict(record.version + 1, snapshot, actor);
    await this.dueItems.refresh(tx, [caseId], { casesLocked: true });
    const after: Loaded = { ...loaded, record: { ...record, ...updated, state: decision.to }, snapshot: decision.next };
    return { transition: { event: command.type, from: decision.from, to: decision.to }, case: view(after) };
  }

  async assignSection(
    principal: Principal,
    caseId: string,
    code: string,
    input: { assigneeId: string; dueDate: string; expectedVersion?: number },
  ): Promise<SectionView> {
    return this.transactor.run(async (tx) => {
      const loaded = await this.load(tx, principal, caseId);
      const { record, actor } = loaded;
      if (!actor.roles.includes('group_leader') || actor.organisationId !== record.unitId) {
        throw forbidden('SECTION.ROLE_NOT_ALLOWED', 'Only the group leader assigns sections.');
      }
      if (!['group_formed', 'self_assessment'].includes(record.state)) {
        throw conflict('SECTION.ASSIGNMENT_CLOSED', `Sections are assigned after the group is formed and before review; the case is ${record.state}.`);
      }
      const section = await this.section(tx, caseId, code, input.expectedVersion);
      const [assignee] = await this.users.findByIds(tx, [input.assigneeId]);
      if (!assignee || assignee.organisationId !== record.unitId) {
        throw unprocessable('SECTION.ASSIGNEE_NOT_IN_UNIT', 'The assignee must be a person of this unit.', { fields: ['assigneeId'] });
      }
      const today = shanghaiDate(this.clock.now());
      if (input.dueDate < today || input.dueDate > record.submissionDeadline) {
        throw unprocessable(
          'SECTION.DUE_DATE_OUT_OF_RANGE',
          `The due date must fall between today (${today}) and the submission deadline (${record.submissionDeadline}).`,
          { fields: ['dueDate'] },
        );
      }
      if (!(await this.cases.updateSection(tx, { caseId, code, expectedVersion: section.version }, { assigneeId: input.assigneeId, dueDate: input.dueDate }))) {
        throw this.sectionConflict(section.version + 1);
      }
      await this.cases.advance(tx, { caseId, expectedVersion: null }, {
        event: 'ASSIGN_SECTION',
        fromState: record.state,
        toState: record.state,
        actorId: principal.userId,
        onBehalfOfId: null,
        comment: null,
        details: { section: code, assigneeId: input.assigneeId, dueDate: input.dueDate },
        contentVersion: contextOf(loaded.snapshot).contentVersion,
        at: this.clock.now(),
      });
      await this.dueItems.refresh(tx, [caseId], { casesLocked: true });
      return sectionView({ ...section, assigneeId: input.assigneeId, dueDate: input.dueDate, version: section.version + 1 });
    });
  }

  async sendSectionEvent(
    principal: Principal,
    caseId: string,
    code: string,
    input: { type: SectionEventType; reason?: string; expectedVersion?: number; actingFor?: string },
  ): Promise<SectionView> {
    return this.transactor.run(async (tx) => {
      const loaded = await this.load(tx, principal, caseId, input.actingFor);
      const { record, actor } = loaded;
      if (record.state !== 'self_assessment') {
        throw conflict('SECTION.NOT_IN_SELF_ASSESSMENT', `Sections are drafted and approved during self-assessment; the case is ${record.state}.`);
      }
      if (actor.organisationId !== record.unitId) throw forbidden('SECTION.ROLE_NOT_ALLOWED', 'Only people of the unit work on its sections.');
      const section = await this.section(tx, caseId, code, input.expectedVersion);
      const approverIds = this.policy.sectionApprovers(await this.cases.group(tx, caseId), section);
      const event =
        input.type === 'RETURN' ? { type: input.type, actor, reason: input.reason ?? '' } : { type: input.type, actor };
      const decision = decideSection({ state: section.state, assigneeId: section.assigneeId, approverIds }, event);
      if (decision.outcome === 'refused') {
        if (decision.kind === 'role') throw forbidden(machineCode(decision.code), decision.message);
        if (decision.kind === 'state') throw conflict(machineCode(decision.code), decision.message, { state: section.state });
        throw unprocessable(machineCode(decision.code), decision.message);
      }
      if (!(await this.cases.updateSection(tx, { caseId, code, expectedVersion: section.version }, { state: decision.to }))) {
        throw this.sectionConflict(section.version + 1);
      }
      await this.cases.advance(tx, { caseId, expectedVersion: null }, {
        event: `SECTION_${input.type}`,
        fromState: record.state,
        toState: record.state,
        actorId: principal.userId,
        onBehalfOfId: loaded.onBehalfOfId,
        comment: input.reason ?? null,
        details: { section: code, from: decision.from, to: decision.to },
        contentVersion: contextOf(loaded.snapshot).contentVersion,
        at: this.clock.now(),
      });
      await this.dueItems.refresh(tx, [caseId], { casesLocked: true });
      return sectionView({ ...section, state: decision.to, version: section.version + 1 });
    });
  }

  /**
   * Changes the working group of a formed group (the unit admin's job), with the same rules as
   * FORM_GROUP; recorded in the history with the old and the new group.
   */
  async changeGroup(principal: Principal, caseId: string, group: GroupInput, expectedVersion?: number): Promise<CaseDetail> {
    return this.transactor.run(async (tx) => {
      const loaded = await this.load(tx, principal, caseId);
      const { record, actor, snapshot } = loaded;
      if (!actor.roles.includes('unit_admin') || actor.organisationId !== record.unitId) {
        throw forbidden('GROUP.ROLE_NOT_ALLOWED', "Only the unit admin changes the working group.");
      }
      if (record.state === 'notice_issued' || record.state === 'published') {
        throw conflict('GROUP.CHANGE_NOT_ALLOWED', record.state === 'published' ? 'The case is published; its group is final.' : 'Form the group first (FORM_GROUP).', {
          state: record.state,
        });
      }
      if (expectedVersion !== undefined && expectedVersion !== record.version) throw this.versionConflict(record.version, snapshot, actor);
      await this.validateGroup(tx, record, group);
      const refusals = LIFECYCLE_RULES.mayFormGroup.conditions(contextOf(snapshot), { type: 'FORM_GROUP', actor, group: groupCounts(group) });
      if (refusals.length > 0) {
        throw unprocessable('GROUP.INCOMPLETE', refusals.map((r) => r.message).join(' '), { reasons: refusals.map(({ code, message }) => ({ code, message })) });
      }
      const before = await this.cases.group(tx, caseId);
      await this.cases.replaceGroup(tx, caseId, groupMembers(group));
      const updated = await this.cases.advance(
        tx,
        { caseId, expectedVersion: record.version },
        {
          event: 'CHANGE_GROUP',
          fromState: record.state,
          toState: record.state,
          actorId: principal.userId,
          onBehalfOfId: null,
          comment: null,
          details: { before: before.map(({ userId, role, remit }) => ({ userId, role, remit })), after: group },
          contentVersion: contextOf(snapshot).contentVersion,
          at: this.clock.now(),
        },
      );
      if (updated === null) throw this.versionConflict(record.version + 1, snapshot, actor);
      await this.dueItems.refresh(tx, [caseId], { casesLocked: true });
      return this.get(principal, caseId, tx);
    });
  }

  /**
   * 加签: the group leader adds an approver, a person of the unit who is not one yet, to the version
   * in internal review. Recorded in the history; the case's own version moves on, so a SEAL decided
   * on the approvers before the addition meets a version conflict instead of passing.
   */
  async addApprover(principal: Principal, caseId: string, input: { userId: string; reason: string }): Promise<ApprovalView> {
    return this.transactor.run(async (tx) => {
      const loaded = await this.load(tx, principal, caseId);
      const { record, actor, snapshot } = loaded;
      if (!actor.roles.includes('group_leader') || actor.organisationId !== record.unitId) {
        throw forbidden('REVIEW.ROLE_NOT_ALLOWED', 'Only the group leader adds an approver (加签).');
      }
      if (record.state !== 'internal_review') {
        throw conflict('REVIEW.NOT_IN_REVIEW', `Approvers are added during internal review; the case is ${record.state}.`, { state: record.state });
      }
      const [user] = await this.users.findByIds(tx, [input.userId]);
      if (!user || user.organisationId !== record.unitId) {
        throw unprocessable('REVIEW.APPROVER_NOT_IN_UNIT', 'An added approver must be a person of this unit.', { fields: ['userId'] });
      }
      const contentVersion = contextOf(snapshot).contentVersion;
      const alreadyApprover = approvalFacts(record).approverIds.includes(input.userId);
      if (alreadyApprover || !(await this.cases.addExtraApprover(tx, { caseId, contentVersion, userId: input.userId, reason: input.reason, addedBy: principal.userId }))) {
        throw unprocessable('REVIEW.ALREADY_AN_APPROVER', 'This person already approves this report.', { fields: ['userId'] });
      }
      await this.cases.advance(tx, { caseId, expectedVersion: null }, {
        event: 'ADD_APPROVER',
        fromState: record.state,
        toState: record.state,
        actorId: principal.userId,
        onBehalfOfId: null,
        comment: input.reason,
        details: { userId: input.userId },
        contentVersion,
        at: this.clock.now(),
      });
      await this.dueItems.refresh(tx, [caseId], { casesLocked: true });
      const facts = approvalFacts({ ...record, extraApproverIds: [...record.extraApproverIds, input.userId] });
      return { caseId, contentVersion, mode: facts.mode, approverIds: [...facts.approverIds], extraApproverIds: [...record.extraApproverIds, input.userId], approvals: contextOf(snapshot).approvals };
    });
  }

  /** Everyone in the group belongs to the case's unit; remits name deputies, the unit's sub-offices and known sections. */
  private async validateGroup(tx: Tx, record: CaseRecord, group: GroupInput): Promise<void> {
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

  /** A case the principal may see (404 otherwise), with the actor and the content version in force. */
  async loadVisible(tx: Tx, principal: Principal, caseId: string) {
    const { record, snapshot, actor } = await this.load(tx, principal, caseId);
    return { record, actor, contentVersion: contextOf(snapshot).contentVersion };
  }

  /** Answers 404 unless the principal may see the case, by the same rule as every other read of it. */
  async assertVisible(principal: Principal, caseId: string): Promise<void> {
    await this.load(this.transactor.manager, principal, caseId);
  }

  /**
   * A case and one of its sections for a use case on the section's content: 404 outside the
   * principal's scope (case or section), with the actor resolved as for every event, including a
   * delegation when `actingFor` is given.
   */
  async loadForSection(tx: Tx, principal: Principal, caseId: string, code: string, actingFor?: string) {
    const { record, snapshot, actor, onBehalfOfId } = await this.load(tx, principal, caseId, actingFor);
    const section = await this.cases.findSection(tx, caseId, code);
    if (!section) throw notFound('section', code);
    return { record, actor, onBehalfOfId, contentVersion: contextOf(snapshot).contentVersion, section: sectionView(section) };
  }

  /** Loads a case the principal may see, or answers 404 so that existence does not leak. */
  private async load(tx: Tx, principal: Principal, caseId: string, actingFor?: string): Promise<Loaded> {
    const record = await this.cases.loadRecord(tx, caseId, principal.userId);
    if (!record || !this.policy.seesCase(principal, record)) throw notFound('case', caseId);
    const { actor, onBehalfOfId } = await this.policy.caseActor(tx, principal, record, actingFor);
    return { record, actor, onBehalfOfId, snapshot: restoreLifecycle({ machineVersion: record.machineVersion, snapshot: record.snapshot }) };
  }

  private async buildEvent(tx: Tx, loaded: Loaded, command: EventCommand): Promise<LifecycleEvent> {
    const { record, actor } = loaded;
    switch (command.type) {
      case 'FORM_GROUP': {
        await this.validateGroup(tx, record, command.group!);
        return { type: 'FORM_GROUP', actor, group: groupCounts(command.group!) };
      }
      case 'START_SELF_ASSESSMENT':
        return { type: 'START_SELF_ASSESSMENT', actor, sections: record.sections };
      case 'REQUEST_REVIEW':
        return {
          type: 'REQUEST_REVIEW',
          actor,
          sections: record.sections,
          tables: await this.reportFacts.tables(tx, record.id),
        };
      case 'APPROVE':
        return { type: 'APPROVE', actor, approval: approvalFacts(record) };
      case 'RETURN': {
        const codes = command.sectionCodes ?? [];
        if (codes.length > 0) {
          const known = new Set((await this.cases.sections(tx, record.id)).map((s) => s.code));
          const unknown = codes.filter((code) => !known.has(code));
          if (unknown.length > 0) throw unprocessable('SECTION.UNKNOWN', 'The return names sections this report does not have.', { codes: unknown });
        }
        return { type: 'RETURN', actor, reason: command.reason ?? '', sectionCodes: codes };
      }
      case 'SEAL': {
        const rendered = await this.renderVersion(tx, record, contextOf(loaded.snapshot).contentVersion);
        const event: LifecycleEvent = { type: 'SEAL', actor, approval: approvalFacts(record), contentDigest: rendered.sha256 };
        renderedSeals.set(event, rendered);
        return event;
      }
      case 'SUBMIT':
        return { type: 'SUBMIT', actor, late: shanghaiDate(this.clock.now()) > record.submissionDeadline };
      case 'ACCEPT':
        return { type: 'ACCEPT', actor };
      case 'PUBLISH':
        return { type: 'PUBLISH', actor, publishedDigest: await this.publishedDigest(tx, loaded, command) };
    }
  }

  /** Writes that belong to the accepted event, in the same transaction; returns what the history keeps of it. */
  private async applyEffects(tx: Tx, loaded: Loaded, command: EventCommand, event: LifecycleEvent): Promise<Record<string, unknown>> {
    switch (event.type) {
      case 'FORM_GROUP':
        await this.cases.replaceGroup(tx, loaded.record.id, groupMembers(command.group!));
        return { group: command.group };
      case 'RETURN': {
        const reopened = await this.cases.reopenSections(tx, loaded.record.id, event.sectionCodes);
        return { sectionCodes: event.sectionCodes, reopened };
      }
      case 'SEAL': {
        const rendered = renderedSeals.get(event)!;
        await this.sealedVersions.insert(tx, {
          caseId: loaded.record.id,
          contentVersion: rendered.snapshot.contentVersion,
          snapshot: rendered.snapshot,
          docx: rendered.docx,
          html: rendered.html,
          sha256: rendered.sha256,
          sealedBy: loaded.actor.userId,
        });
        return { contentDigest: event.contentDigest, snapshotSha256: rendered.snapshotSha256 };
      }
      case 'SUBMIT':
        return { late: event.late, deadline: loaded.record.submissionDeadline };
      case 'PUBLISH':
        return {
          publishedSha256: event.publishedDigest,
          matchedBy: command.publishedDocumentBase64 !== undefined ? 'document' : command.publishedSha256 === event.publishedDigest ? 'sha256' : 'text',
          url: command.publishedUrl ?? null,
          publishedOn: shanghaiDate(this.clock.now()),
        };
      default:
        return {};
    }
  }

  /**
   * The canonical snapshot of a content version, rendered: the .docx, whose SHA-256 is the
   * document hash the seal records, the HTML preview, and the SHA-256 of the snapshot's JSON.
   */
  private async renderVersion(tx: Tx, record: CaseRecord, contentVersion: number): Promise<RenderedVersion> {
    const context = await this.reportFacts.context(tx, record.id);
    const outline = await this.cases.sections(tx, record.id);
    const contents = new Map((await this.sectionContent.latestOfCase(tx, record.id)).map((c) => [c.code, c]));
    const snapshot = buildSnapshot({
      caseId: record.id,
      contentVersion,
      unitName: record.unitName,
      fiscalYear: record.fiscalYear,
      documentNumber: record.documentNumber,
      date: shanghaiDate(this.clock.now()),
      sections: outline.map((s) => ({ code: s.code, title: s.title, revision: contents.get(s.code)?.revision ?? 0, blocks: contents.get(s.code)?.blocks ?? [] })),
      dataTableInput: (await this.reportFacts.dataTable(tx, record.id, context)).input,
      indicatorConfig: context.indicatorConfig,
      scoresInput: (await this.reportFacts.indicatorScores(tx, record.id, context)).input,
    });
    const docx = await renderDocx(snapshot);
    return { snapshot, docx, html: renderHtml(snapshot), sha256: sha256(docx), snapshotSha256: sha256(canonicalJson(snapshot)) };
  }

  /**
   * The digest PUBLISH is decided on: the SHA-256 sent, when it is the sealed one; otherwise, when
   * the published text is given, the sealed digest if the text agrees with the sealed version, and
   * a 409 listing what differs if not (only for someone who may publish now, so nothing leaks).
   */
  private async publishedDigest(tx: Tx, loaded: Loaded, command: EventCommand): Promise<string> {
    const context = contextOf(loaded.snapshot);
    if (command.publishedDocumentBase64 !== undefined) return this.publishedDocumentDigest(loaded, command);
    if (command.publishedSha256 !== undefined && command.publishedSha256 === context.sealedDigest) return command.publishedSha256;
    if (command.publishedText === undefined || context.sealedVersion === null || !eventsAvailableTo(loaded.snapshot, loaded.actor).includes('PUBLISH')) {
      return command.publishedSha256 ?? '';
    }
    const sealed = await this.sealedVersions.find(tx, loaded.record.id, context.sealedVersion);
    if (!sealed) return command.publishedSha256 ?? '';
    const differences: PublicationDifference[] = comparePublication(sealed.snapshot as SealedSnapshot, command.publishedText);
    if (differences.length > 0) {
      throw conflict('PUBLICATION.MISMATCH', `发布的报告与报送的第${context.sealedVersion}版不一致（${differences.length}处），未记录发布。`, {
        sealedVersion: context.sealedVersion,
        sealedSha256: context.sealedDigest,
        differences,
      });
    }
    return context.sealedDigest ?? '';
  }

  /**
   * The digest of the published file sent with PUBLISH. A file that differs from the sealed one is
   * refused here with both digests (only for someone who may publish now; anyone else gets the
   * machine's refusal, so nothing leaks).
   */
  private publishedDocumentDigest(loaded: Loaded, command: EventCommand): string {
    const context = contextOf(loaded.snapshot);
    const digest = sha256(Buffer.from(command.publishedDocumentBase64!, 'base64'));
    if (command.publishedSha256 !== undefined && command.publishedSha256 !== digest) {
      throw unprocessable('PUBLICATION.SHA256_DISAGREES', 'publishedSha256 is not the SHA-256 of publishedDocumentBase64.', {
        fields: ['publishedSha256', 'publishedDocumentBase64'],
        documentSha256: digest,
      });
    }
    if (digest !== context.sealedDigest && context.sealedVersion !== null && eventsAvailableTo(loaded.snapshot, loaded.actor).includes('PUBLISH')) {
      throw conflict('PUBLICATION.MISMATCH', `发布的文件与报送的第${context.sealedVersion}版不一致（SHA-256 不同），未记录发布。`, {
        sealedVersion: context.sealedVersion,
        sealedSha256: context.sealedDigest,
        publishedSha256: digest,
      });
    }
    return digest;
  }

  /** The sealed versions of a case the principal may see, oldest first. */
  async listSealedVersions(principal: Principal, caseId: string): Promise<SealedVersionView[]> {
    const tx = this.transactor.manager;
    await this.load(tx, principal, caseId);
    return (await this.sealedVersions.list(tx, caseId)).map((v) => ({ version: v.contentVersion, sha256: v.sha256, sealedBy: v.sealedBy, sealedAt: v.sealedAt.toISOString() }));
  }

  /** One sealed version's rendered report, with a file name of the unit and year; 404 when that version was never sealed. */
  async sealedDocument(principal: Principal, caseId: string, version: number): Promise<SealedDocument> {
    const tx = this.transactor.manager;
    const { record } = await this.load(tx, principal, caseId);
    const sealed = await this.sealedVersions.find(tx, caseId, version);
    if (!sealed) throw notFound('sealed version', String(version));
    return {
      version,
      sha256: sealed.sha256,
      docx: sealed.docx,
      html: sealed.html,
      fileName: `${record.unitName}${record.fiscalYear}年度整体绩效自评报告（第${version}版）.docx`,
    };
  }

  private async section(tx: Tx, caseId: string, code: string, expectedVersion: number | undefined) {
    const section = await this.cases.findSection(tx, caseId, code);
    if (!section) throw notFound('section', code);
    if (expectedVersion !== undefined && expectedVersion !== section.version) throw this.sectionConflict(section.version);
    return section;
  }

  private versionConflict(current: number, snapshot: LifecycleSnapshot, actor: Actor): DomainError {
    return conflict('CASE.VERSION_CONFLICT', 'Someone else changed this case first. Reload it and try again.', {
      currentVersion: current,
      allowedEvents: eventsAvailableTo(snapshot, actor),
    });
  }

  private sectionConflict(current: number): DomainError {
    return conflict('SECTION.VERSION_CONFLICT', 'Someone else changed this section first. Reload it and try again.', { currentVersion: current });
  }
}

function sectionView(section: { code: string; title: string; assigneeId: string | null; dueDate: string | null; state: SectionState; version: number }): SectionView {
  return {
    code: section.code,
    title: section.title,
    assigneeId: section.assigneeId,
    dueDate: section.dueDate,
    state: section.state,
    version: section.version,
  };
}

function view({ record, snapshot, actor }: Loaded): CaseView {
  const context = contextOf(snapshot);
  const summary: CaseSummary = {
    id: record.id,
    campaignId: record.campaignId,
    documentNumber: record.documentNumber,
    fiscalYear: record.fiscalYear,
    unitId: record.unitId,
    unitName: record.unitName,
    state: record.state,
    version: record.version,
    submissionDeadline: record.submissionDeadline,
    updatedAt: record.updatedAt,
  };
  return {
    ...summary,
    contentVersion: context.contentVersion,
    approvals: context.approvals,
    sealedVersion: context.sealedVersion,
    sealedDigest: context.sealedDigest,
    submittedLate: context.submittedLate,
    returns: context.returns,
    versions: versionsOf(record.state, context.sealedVersion),
    allowedEvents: eventsAvailableTo(snapshot, actor),
  };
}

/**
 * Which content version went through each step. A return by the finance bureau voids the seal and
 * starts the next version, so the sealed version is the one submitted, accepted and published once
 * the case has reached those states.
 */
function versionsOf(state: string, sealed: number | null): CaseView['versions'] {
  const reached = (...states: string[]) => (sealed !== null && states.includes(state) ? sealed : null);
  return {
    sealed,
    submitted: reached('submitted.awaiting_acceptance', 'submitted.accepted', 'published'),
    accepted: reached('submitted.accepted', 'published'),
    published: reached('published'),
  };
}
