import { Injectable } from '@nestjs/common';
import { Transactor, type Tx } from '@jixiao/persistence';
import { contextOf, decide, eventsAvailableTo, lifecycleEventRefusals, persistLifecycle } from '@jixiao/workflow';
import { Idempotency, type Outcome } from '../idempotency';
import type { Principal } from '../principal';
import { refusalError } from '../rulebook';
import { versionConflict } from './case.conflicts';
import { CaseLoader } from './case.loader';
import { CaseRecorder } from './case.recorder';
import { caseView, type EventCommand, type LoadedCase, type TransitionResult } from './case.view';
import { LifecycleEventBuilder } from './lifecycle-event.builder';
import { SealingService } from './sealing.service';
import type { PreparedRendering } from './version.renderer';

/** The lifecycle event path: load, decide with the machine, write the event's effects and the case's history record. */
@Injectable()
export class CaseEvents {
  constructor(
    private readonly transactor: Transactor,
    private readonly idempotency: Idempotency,
    private readonly loader: CaseLoader,
    private readonly events: LifecycleEventBuilder,
    private readonly recorder: CaseRecorder,
    private readonly sealing: SealingService,
  ) {}

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
    // A SEAL's report is rendered before the transaction, outside it (see SealingService.prepare).
    const prepared = command.type === 'SEAL' ? await this.sealing.prepare(principal, caseId, command.actingFor) : null;
    return this.transactor.run((tx) => this.idempotency.run(tx, request, 200, () => this.transition(tx, principal, caseId, command, prepared)));
  }

  private async transition(tx: Tx, principal: Principal, caseId: string, command: EventCommand, prepared: PreparedRendering | null): Promise<TransitionResult> {
    const loaded = await this.loader.load(tx, principal, caseId, command.actingFor);
    const { record, snapshot, actor } = loaded;
    if (command.expectedVersion !== undefined && command.expectedVersion !== record.version) {
      throw versionConflict(record.version, snapshot, actor);
    }
    const built = await this.events.build(tx, loaded, command, prepared);
    const decision = decide(snapshot, built.event);
    // Refused with the rulebook's reasons: who may send it, then the step, then the facts.
    if (decision.outcome === 'not_accepted_in_state') {
      throw refusalError(lifecycleEventRefusals(snapshot, actor, command.type), { state: decision.state, allowedEvents: eventsAvailableTo(snapshot, actor) });
    }
    if (decision.outcome === 'refused') throw refusalError(decision.refusals, { state: decision.state });
    const details = await this.events.applyEffects(tx, loaded, command, built);
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
