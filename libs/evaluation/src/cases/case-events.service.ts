import { Injectable } from '@nestjs/common';
import {
  caseChangeOf,
  dueItemsJson,
  HistoryJournal,
  LifecycleStore,
  notificationsJson,
  SessionStore,
  Transactor,
  type CaseDueFacts,
  type LifecycleRead,
  type SessionLookup,
  type SessionQuery,
  type Tx,
} from '@jixiao/persistence';
import { contextOf, decide, eventsAvailableTo, lifecycleEventRefusals, persistLifecycle, restoreLifecycle, type Decision } from '@jixiao/workflow';
import { AccessPolicy } from '../access-policy';
import { notFound } from '../errors';
import { Clock } from '../clock';
import { Idempotency, type IdempotencyRequest, type Outcome } from '../idempotency';
import { NotificationWriter } from '../notifications/notification-writer';
import type { Principal } from '../principal';
import { changedDueItems } from '../reminders/due-items.service';
import { refusalError } from '../rulebook';
import { versionConflict } from './case.conflicts';
import { CaseLoader } from './case.loader';
import { CaseRecorder } from './case.recorder';
import { caseView, type EventCommand, type LoadedCase, type TransitionResult } from './case.view';
import { LifecycleEventBuilder, type BuiltEvent, type PlannedEffects } from './lifecycle-event.builder';
import { SealingService } from './sealing.service';

/**
 * How often an event is read and decided again when its write found the case's due facts moved on
 * (a role, a deadline or a reminder sweep changed them in between; the case itself did not move).
 * A case that moved on answers 409 at once, as it always has.
 */
const ATTEMPTS = 3;

/** The events decided on the report's content (REQUEST_REVIEW's gate, SEAL's rendering): their read brings the content along. */
const DECIDED_ON_THE_REPORT = new Set<string>(['REQUEST_REVIEW', 'SEAL']);

/** Thrown inside an attempt: read and decide again. */
class ReadAgain {}

/** PostgreSQL's codes for a unique violation (a concurrent request with the same Idempotency-Key landed first) and a deadlock. */
const RETRYABLE = new Set(['23505', '40P01']);

/**
 * The lifecycle event path. Every event but FORM_GROUP takes two statements: one read of
 * everything the event is decided on (`LifecycleStore.readAs`, which looks the person's session up
 * too, when the api hands over the access token as a `SessionCheck`) and one write of all its
 * effects (`LifecycleStore.write`: the version-checked move of the case with its history record, the
 * event's own rows, the case's due items, the notices and the Idempotency-Key), which lands whole
 * or not at all. Between them nothing is locked; the write checks that the case is still at the
 * version read (409 otherwise, as before) and its due facts at the revision read (else the event is
 * read and decided again). FORM_GROUP, which replaces the working group, keeps one transaction.
 */
@Injectable()
export class CaseEvents {
  constructor(
    private readonly transactor: Transactor,
    private readonly idempotency: Idempotency,
    private readonly loader: CaseLoader,
    private readonly events: LifecycleEventBuilder,
    private readonly recorder: CaseRecorder,
    private readonly lifecycle: LifecycleStore,
    private readonly journal: HistoryJournal,
    private readonly policy: AccessPolicy,
    private readonly notifications: NotificationWriter,
    private readonly clock: Clock,
    private readonly sealing: SealingService,
    private readonly sessions: SessionStore,
  ) {}

  /**
   * `who`: the person, or the session check of the access token they sent (`SessionCheck`): then
   * the session is looked up in the event's read, and admitted before anything else is looked at.
   */
  async send(who: Principal | SessionCheck, caseId: string, command: EventCommand, idempotencyKey: string | null): Promise<Outcome<TransitionResult>> {
    if (command.type === 'FORM_GROUP') {
      const principal = isSessionCheck(who) ? await who.admit(await this.sessions.findLive(this.transactor.manager, who.query)) : who;
      const request = idempotencyRequest(principal, caseId, command, idempotencyKey);
      return this.transactor.run((tx) => this.idempotency.run(tx, request, 200, () => this.transition(tx, principal, caseId, command)));
    }
    // Once admitted, the session is not looked up again by the attempts that follow.
    const admitted = { who };
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.attempt(admitted, caseId, command, idempotencyKey);
      } catch (error) {
        const again = error instanceof ReadAgain || RETRYABLE.has((error as { code?: string }).code ?? '');
        if (!again || attempt >= ATTEMPTS) {
          // A ReadAgain comes after the read: the session was admitted by then.
          throw error instanceof ReadAgain ? await this.conflictNow(admitted.who as Principal, caseId, command) : error;
        }
      }
    }
  }

  /** The read, as the person or with their session looked up in it: the person, and what the event is decided on. */
  private async read(
    admitted: { who: Principal | SessionCheck },
    caseId: string,
    key: string | null,
    withContent: boolean,
  ): Promise<{ principal: Principal; read: LifecycleRead | null }> {
    const tx = this.transactor.manager;
    const { who } = admitted;
    if (!isSessionCheck(who)) return { principal: who, read: await this.lifecycle.read(tx, caseId, who.userId, key, withContent) };
    const found = await this.lifecycle.readAs(tx, caseId, who.query, key, withContent);
    const principal = await who.admit(found.session);
    admitted.who = principal;
    return { principal, read: found.read };
  }

  /** One read, one decision, one write. */
  private async attempt(
    admitted: { who: Principal | SessionCheck },
    caseId: string,
    command: EventCommand,
    idempotencyKey: string | null,
  ): Promise<Outcome<TransitionResult>> {
    const tx = this.transactor.manager;
    const { principal, read } = await this.read(admitted, caseId, idempotencyKey, DECIDED_ON_THE_REPORT.has(command.type));
    if (!read || !this.policy.seesCase(principal, read.record)) throw notFound('case', caseId);
    const request = idempotencyRequest(principal, caseId, command, idempotencyKey);
    if (request !== null && read.idempotencyKey !== null) return this.idempotency.replay(request, read.idempotencyKey);
    const { actor, onBehalfOfId } = await this.policy.caseActor(tx, principal, read.record, command.actingFor);
    const snapshot = restoreLifecycle({ machineVersion: read.record.machineVersion, snapshot: read.record.snapshot });
    const loaded: LoadedCase = { record: read.record, actor, onBehalfOfId, snapshot };
    if (command.expectedVersion !== undefined && command.expectedVersion !== read.record.version) {
      throw versionConflict(read.record.version, snapshot, actor);
    }
    // A SEAL's report is rendered before its write (in a worker thread unless it was rendered today).
    const rendering = command.type === 'SEAL' ? await this.sealing.prepare(loaded, read.content) : null;
    const built = await this.events.build(tx, loaded, command, { sections: read.due.sections, content: read.content }, rendering);
    const decision = this.decide(loaded, command, built);
    const effects = this.events.effects(loaded, command, built, read.due.sections);
    const persisted = persistLifecycle(decision.next);
    const at = this.clock.now();
    const entry = {
      event: command.type,
      fromState: decision.from,
      toState: decision.to,
      actorId: principal.userId,
      onBehalfOfId,
      comment: command.reason ?? command.comment ?? null,
      details: effects.details,
      contentVersion: contextOf(snapshot).contentVersion,
      at,
    };
    const change = caseChangeOf(decision.from, { state: decision.to, snapshot: persisted.snapshot, machineVersion: persisted.machineVersion });
    const journal = this.journal.prepare(read.head, { ...entry, caseId, change }, read.factsRevision);
    const after: LoadedCase = { ...loaded, record: { ...read.record, version: journal.appended.version, updatedAt: at, state: decision.to }, snapshot: decision.next };
    const body: TransitionResult = { transition: { event: command.type, from: decision.from, to: decision.to }, case: caseView(after) };
    const facts = factsAfter(read, { state: decision.to, snapshot: persisted.snapshot, machineVersion: persisted.machineVersion, contentVersion: change.contentVersion }, effects);
    const desired = changedDueItems([facts], new Map([[caseId, decision.next]]));
    const notices = this.notifications.notices(
      { ...entry, caseId, seq: journal.appended.version },
      {
        ...read.notices,
        approvalMode: read.record.approvalMode,
        sections: facts.sections.map((s) => ({ code: s.code, title: s.title, assigneeId: s.assigneeId })),
        extraApproverIds: facts.extraApproverIds,
        extraApprovers: facts.extraApprovers,
        approvals: facts.approvals,
      },
    );
    const outcome = await this.lifecycle.write(tx, {
      caseId,
      journal,
      reopenSections: effects.reopenSections,
      sealedVersion: effects.sealedVersion,
      dueItems: desired === null ? null : dueItemsJson(desired),
      notices: notices.length === 0 ? null : notificationsJson(notices),
      idempotencyKey: request === null ? null : { userId: request.userId, key: request.key, scope: request.scope, requestHash: this.idempotency.requestHash(request), statusCode: 200, response: body },
    });
    if (outcome.written) return { replayed: false, statusCode: 200, body };
    if (outcome.version === read.record.version) {
      // The due facts moved, or a SEAL's rendering is no longer stored.
      if (rendering !== null) this.sealing.forget(rendering);
      throw new ReadAgain();
    }
    // Someone moved the case first. If it was this request's twin (the same Idempotency-Key, sent
    // at once), its answer is this one's too.
    if (request !== null) {
      const stored = (await this.lifecycle.read(tx, caseId, principal.userId, request.key))?.idempotencyKey ?? null;
      if (stored !== null) return this.idempotency.replay(request, stored);
    }
    throw versionConflict(outcome.version ?? read.record.version + 1, snapshot, actor);
  }

  /** The machine's decision, or the rulebook's refusal: who may send it, then the step, then the facts. */
  private decide(loaded: LoadedCase, command: EventCommand, built: BuiltEvent): Extract<Decision, { outcome: 'accepted' }> {
    const decision = decide(loaded.snapshot, built.event);
    if (decision.outcome === 'not_accepted_in_state') {
      throw refusalError(lifecycleEventRefusals(loaded.snapshot, loaded.actor, command.type), {
        state: decision.state,
        allowedEvents: eventsAvailableTo(loaded.snapshot, loaded.actor),
      });
    }
    if (decision.outcome === 'refused') throw refusalError(decision.refusals, { state: decision.state });
    return decision;
  }

  /** After the attempts ran out with the case's due facts still moving: 409 with where the case stands now. */
  private async conflictNow(principal: Principal, caseId: string, command: EventCommand) {
    const loaded = await this.loader.load(this.transactor.manager, principal, caseId, command.actingFor);
    return versionConflict(loaded.record.version, loaded.snapshot, loaded.actor);
  }

  /** FORM_GROUP: load, decide, write the group, the case's move and its history record, in the caller's transaction. */
  private async transition(tx: Tx, principal: Principal, caseId: string, command: EventCommand): Promise<TransitionResult> {
    const loaded = await this.loader.load(tx, principal, caseId, command.actingFor);
    const { record, snapshot, actor } = loaded;
    if (command.expectedVersion !== undefined && command.expectedVersion !== record.version) {
      throw versionConflict(record.version, snapshot, actor);
    }
    const built = await this.events.build(tx, loaded, command);
    const decision = this.decide(loaded, command, built);
    const details = await this.events.replaceGroup(tx, loaded, command);
    const persisted = persistLifecycle(decision.next);
    const updated = await this.recorder.record(
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
      },
    );
    if (updated === null) throw versionConflict(record.version + 1, snapshot, actor);
    const after: LoadedCase = { ...loaded, record: { ...record, ...updated, state: decision.to }, snapshot: decision.next };
    return { transition: { event: command.type, from: decision.from, to: decision.to }, case: caseView(after) };
  }
}

/**
 * The case's due facts as the event leaves them, worked out from the facts read before it: its new
 * state, snapshot and content version (a new content version has no added approvers yet), the
 * approvals its snapshot holds, and the sections it reopened. The same facts `DueItemStore.facts`
 * would read after the write.
 */
function factsAfter(
  read: LifecycleRead,
  moved: { state: string; snapshot: unknown; machineVersion: number; contentVersion: number },
  effects: PlannedEffects,
): CaseDueFacts {
  const reopened = new Set(effects.reopenSections);
  const sameContent = moved.contentVersion === read.due.contentVersion;
  const approvals = (moved.snapshot as { context?: { approvals?: string[] } }).context?.approvals ?? [];
  return {
    ...read.due,
    state: moved.state,
    snapshot: moved.snapshot,
    machineVersion: moved.machineVersion,
    contentVersion: moved.contentVersion,
    approvals,
    extraApproverIds: sameContent ? read.due.extraApproverIds : [],
    extraApprovers: sameContent ? read.due.extraApprovers : [],
    sections: read.due.sections.map((s) => (reopened.has(s.code) ? { ...s, state: 'drafting', reopenRequestedBy: null } : s)),
  };
}

/**
 * An access token's session, to be looked up in the event's read: what to look it up with, and
 * how the caller admits what was found (the person, or the refusal it throws; the api also applies
 * its per-session request limit there).
 */
export interface SessionCheck {
  query: SessionQuery;
  admit(found: SessionLookup | null): Promise<Principal>;
}

function isSessionCheck(who: Principal | SessionCheck): who is SessionCheck {
  return 'query' in who;
}

function idempotencyRequest(principal: Principal, caseId: string, command: EventCommand, key: string | null): IdempotencyRequest | null {
  return key ? { userId: principal.userId, key, scope: `POST /cases/${caseId}/events`, body: command } : null;
}
