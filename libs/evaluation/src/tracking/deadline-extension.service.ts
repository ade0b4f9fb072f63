import { Injectable } from '@nestjs/common';
import { TrackingStore, Transactor } from '@jixiao/persistence';
import { OPEN_STATES } from '@jixiao/workflow';
import { Clock, shanghaiDate } from '../clock';
import { conflict, DomainError, notFound, unprocessable } from '../errors';
import type { Principal } from '../principal';
import { DueItemsService } from '../reminders/due-items.service';
import { CampaignAccess } from './campaign-access';

export interface ExtensionResult {
  campaignId: string;
  deadline: string;
  extended: Array<{ caseId: string; from: string }>;
}

/** The finance bureau moves submission deadlines later, for one unit or for every open one. */
@Injectable()
export class DeadlineExtensionService {
  constructor(
    private readonly transactor: Transactor,
    private readonly tracking: TrackingStore,
    private readonly access: CampaignAccess,
    private readonly clock: Clock,
    private readonly dueItems: DueItemsService,
  ) {}

  /**
   * Moves one unit's submission deadline (or every open unit's) to a later date, with a reason,
   * recorded in each case's history. Shortening is refused: for one unit, a date not after its
   * deadline in force; for all, a date before the campaign's deadline. Units that already submitted,
   * and units whose own deadline is already later, keep theirs.
   */
  async extend(principal: Principal, campaignId: string, input: { caseId?: string; deadline: string; reason: string }): Promise<ExtensionResult> {
    const reason = input.reason.trim();
    if (reason === '') throw unprocessable('DEADLINE.REASON_REQUIRED', 'An extension needs a reason.', { fields: ['reason'] });
    const today = shanghaiDate(this.clock.now());
    return this.transactor.run(async (tx) => {
      const campaign = await this.access.managedCampaign(tx, principal, campaignId);
      if (campaign.status !== 'issued') throw conflict('CAMPAIGN.NOT_ISSUED', 'Deadlines of units are extended once the campaign is issued; change the draft instead.');
      if (input.caseId !== undefined) {
        const current = await this.tracking.caseDeadline(tx, campaignId, input.caseId);
        if (!current) throw notFound('case', input.caseId);
        if (!(OPEN_STATES as readonly string[]).includes(current.state)) {
          throw conflict('DEADLINE.ALREADY_SUBMITTED', `This unit has already submitted (the case is ${current.state}); its deadline no longer applies.`, { state: current.state });
        }
        if (input.deadline <= current.deadline) throw shortening(input.deadline, current.deadline, current.deadline < today);
      } else if (input.deadline <= campaign.submissionDeadline) {
        throw shortening(input.deadline, campaign.submissionDeadline, campaign.submissionDeadline < today);
      }
      if (input.deadline < today) {
        throw unprocessable('DEADLINE.IN_THE_PAST', `The new deadline ${input.deadline} has already passed (today is ${today}).`, { fields: ['deadline'] });
      }
      const extended = await this.tracking.extendDeadlines(tx, {
        campaignId,
        caseId: input.caseId ?? null,
        deadline: input.deadline,
        actorId: principal.userId,
        reason,
        at: this.clock.now(),
      });
      if (input.caseId !== undefined && extended.length === 0) {
        throw conflict('CASE.VERSION_CONFLICT', 'Someone else changed this case first. Reload it and try again.');
      }
      // The new deadline moves the due dates of every task that follows it: reminders queued for the
      // old date are cancelled here, and the sweep queues the ladder of the new one.
      await this.dueItems.refresh(tx, extended.map((row) => row.caseId));
      return { campaignId, deadline: input.deadline, extended };
    });
  }
}

function shortening(requested: string, current: string, passed: boolean): DomainError {
  return unprocessable(
    'DEADLINE.SHORTENED',
    passed
      ? `The deadline ${current} has already passed; it can only move to a later date, not to ${requested}.`
      : `An extension must move the deadline later than ${current}; ${requested} would shorten or keep it.`,
    { fields: ['deadline'], currentDeadline: current },
  );
}
