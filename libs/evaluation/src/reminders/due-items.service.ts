import { Injectable } from '@nestjs/common';
import { DueItemStore, Transactor, type CaseDueFacts, type DesiredDueItem, type DueItemChanges, type DueItemRow, type Tx } from '@jixiao/persistence';
import type { LifecycleSnapshot } from '@jixiao/workflow';
import { deriveDueItems } from './due-items';

type ItemShape = { itemKey: string; recipientId: string; dueDate: string; escalateTo: readonly string[] };

function sameItems(a: readonly ItemShape[], b: readonly ItemShape[]): boolean {
  if (a.length !== b.length) return false;
  const key = (i: ItemShape) => `${i.itemKey}|${i.recipientId}|${i.dueDate}|${[...i.escalateTo].sort().join(',')}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.every((k, index) => k === right[index]);
}

/**
 * The open due items these cases' facts call for, or null when they are the ones stored already:
 * most changes before self-assessment (forming the group, assigning sections) leave nothing due,
 * and then nothing is written. `restored`: cases' snapshots the caller holds restored already.
 */
export function changedDueItems(facts: readonly CaseDueFacts[], restored?: ReadonlyMap<string, LifecycleSnapshot>): DesiredDueItem[] | null {
  const desired = facts.flatMap((f) => deriveDueItems(f, restored?.get(f.caseId)));
  return sameItems(facts.flatMap((f) => f.openItems), desired) ? null : desired;
}

/**
 * Keeps the stored due items of cases in step with the cases. Every write that changes who has
 * what due calls `refresh` in its own transaction, after its writes: items are opened, closed and
 * moved there, and mails already queued for a closed or moved item are cancelled with them.
 */
@Injectable()
export class DueItemsService {
  constructor(
    private readonly transactor: Transactor,
    private readonly dueItems: DueItemStore,
  ) {}

  /**
   * Recomputes the due items of these cases. `casesLocked`: the transaction already updated the
   * cases' rows (as `CaseStore.advance` does), so they are locked until it ends; otherwise they
   * are locked here first, so two refreshes of one case never interleave.
   */
  async refresh(tx: Tx, caseIds: readonly string[], options: { casesLocked?: boolean } = {}): Promise<DueItemChanges> {
    const ids = [...new Set(caseIds)].sort();
    if (ids.length === 0) return { opened: 0, closed: 0, moved: 0, cancelled: 0 };
    if (!options.casesLocked) await this.dueItems.lockCases(tx, ids);
    const facts = await this.dueItems.facts(tx, ids);
    const desired = changedDueItems(facts);
    if (desired === null) return { opened: 0, closed: 0, moved: 0, cancelled: 0 };
    return this.dueItems.apply(tx, ids, desired);
  }

  /** Refreshes every case of a unit that is not published, e.g. after a person's roles or sub-office changed. */
  async refreshUnit(tx: Tx, unitId: string): Promise<DueItemChanges> {
    return this.refresh(tx, await this.dueItems.openCaseIds(tx, { unitId }));
  }

  /** Refreshes every case of a campaign that is not published, e.g. after an officer was bound to it. */
  async refreshCampaign(tx: Tx, campaignId: string): Promise<DueItemChanges> {
    return this.refresh(tx, await this.dueItems.openCaseIds(tx, { campaignId }));
  }

  /** Rebuilds the due items of every case not yet published, e.g. once after upgrading a database that had cases before due items existed. */
  async rebuildAll(): Promise<DueItemChanges> {
    return this.transactor.run(async (tx) => this.refresh(tx, await this.dueItems.allOpenCaseIds(tx)));
  }

  openOfCase(tx: Tx, caseId: string): Promise<DueItemRow[]> {
    return this.dueItems.openOfCase(tx, caseId);
  }
}
