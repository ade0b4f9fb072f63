import { Inject, Injectable } from '@nestjs/common';
import type { WorkingDays } from '@jixiao/calendar';
import { DueItemStore, TrackingStore, Transactor, UserStore } from '@jixiao/persistence';
import { Clock, shanghaiDate } from '../clock';
import { notFound } from '../errors';
import type { Principal } from '../principal';
import { CampaignAccess } from './campaign-access';
import { latenessParts, type UnitLateness } from './unit-lateness';
import { TRACKING_WORKING_DAYS } from './working-days';

/**
 * Who inside a unit is late with what, for the campaign's finance officers: the open due items of
 * the unit's case (the same items the reminders and 催办 use), by section and person, with the
 * unit-level steps and who holds them.
 */
@Injectable()
export class UnitLatenessService {
  constructor(
    private readonly transactor: Transactor,
    private readonly access: CampaignAccess,
    private readonly tracking: TrackingStore,
    private readonly dueItems: DueItemStore,
    private readonly users: UserStore,
    private readonly clock: Clock,
    @Inject(TRACKING_WORKING_DAYS) private readonly workingDays: WorkingDays,
  ) {}

  async lateness(principal: Principal, campaignId: string, unitId: string): Promise<UnitLateness> {
    const tx = this.transactor.manager;
    await this.access.managedCampaign(tx, principal, campaignId);
    const found = await this.tracking.caseOfUnit(tx, campaignId, unitId);
    if (!found) throw notFound('organisation', unitId);
    const [facts] = await this.dueItems.facts(tx, [found.caseId], { lock: false });
    const items = await this.dueItems.openOfCase(tx, found.caseId);
    const sections = facts?.sections ?? [];
    const ids = new Set([...items.map((i) => i.recipientId), ...sections.flatMap((s) => (s.assigneeId ? [s.assigneeId] : []))]);
    const names = new Map((await this.users.findByIds(tx, [...ids])).map((u) => [u.id, u.displayName]));
    const today = shanghaiDate(this.clock.now());
    return {
      campaignId,
      caseId: found.caseId,
      unitId,
      unitName: found.unitName,
      state: found.state,
      deadline: found.deadline,
      today,
      ...latenessParts({ items, sections, names, today, calendar: this.workingDays }),
    };
  }
}
