import { Injectable } from '@nestjs/common';
import { ReminderStore, Transactor } from '@jixiao/persistence';
import { CampaignService } from '../campaign.service';
import type { Principal } from '../principal';
import { checkLadder, DEFAULT_LADDER, ladderOf, type ReminderLadder } from './ladder';

export interface LadderView {
  campaignId: string;
  /** True while the campaign uses the default ladder. */
  isDefault: boolean;
  ladder: ReminderLadder;
}

/** The reminder ladder of a campaign: read by whoever sees the campaign, set by its finance officers. */
@Injectable()
export class ReminderLadderService {
  constructor(
    private readonly transactor: Transactor,
    private readonly campaigns: CampaignService,
    private readonly reminders: ReminderStore,
  ) {}

  async get(principal: Principal, campaignId: string): Promise<LadderView> {
    const tx = this.transactor.manager;
    await this.campaigns.loadFor(tx, principal, campaignId, false);
    const stored = (await this.reminders.ladder(tx, campaignId))?.ladder ?? null;
    return { campaignId, isDefault: stored === null, ladder: ladderOf(stored) };
  }

  /** Replaces the ladder after checking it; nothing is stored when a check fails. */
  async put(principal: Principal, campaignId: string, input: ReminderLadder): Promise<LadderView> {
    return this.transactor.run(async (tx) => {
      await this.campaigns.loadFor(tx, principal, campaignId, true);
      const ladder = checkLadder(input);
      await this.reminders.setLadder(tx, campaignId, ladder);
      return { campaignId, isDefault: false, ladder };
    });
  }

  /** Goes back to the default ladder. */
  async reset(principal: Principal, campaignId: string): Promise<LadderView> {
    return this.transactor.run(async (tx) => {
      await this.campaigns.loadFor(tx, principal, campaignId, true);
      await this.reminders.setLadder(tx, campaignId, null);
      return { campaignId, isDefault: true, ladder: DEFAULT_LADDER };
    });
  }
}
