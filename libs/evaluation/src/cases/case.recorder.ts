import { Injectable } from '@nestjs/common';
import { CaseStore, type HistoryEntry, type Tx } from '@jixiao/persistence';
import { Clock } from '../clock';
import { DueItemsService } from '../reminders/due-items.service';
import { NotificationWriter } from '../notifications/notification-writer';

/**
 * Records a change of a case, the last step of every use case that moves one: the case's version
 * moves on (from `expectedVersion` when given) with its history record, stamped by the clock, then
 * the case's due items follow in the same transaction, so reminders never lag behind the case.
 */
@Injectable()
export class CaseRecorder {
  constructor(
    private readonly cases: CaseStore,
    private readonly clock: Clock,
    private readonly dueItems: DueItemsService,
    private readonly notifications: NotificationWriter,
  ) {}

  /** Answers null, and refreshes nothing, when the case is no longer at `expectedVersion`. */
  async record(
    tx: Tx,
    input: { caseId: string; expectedVersion: number | null; change?: { state: string; snapshot: unknown; machineVersion: number } },
    entry: Omit<HistoryEntry, 'at'>,
  ): Promise<{ version: number; updatedAt: Date } | null> {
    const updated = await this.cases.advance(tx, input, { ...entry, at: this.clock.now() });
    if (updated === null) return null;
    await this.dueItems.refresh(tx, [input.caseId], { casesLocked: true });
    await this.notifications.recorded(tx, { ...entry, caseId: input.caseId, seq: updated.version });
    return updated;
  }
}
