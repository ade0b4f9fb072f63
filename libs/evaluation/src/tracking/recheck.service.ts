import { Injectable } from '@nestjs/common';
import { CaseStore, TrackingStore, Transactor } from '@jixiao/persistence';
import { Clock } from '../clock';
import { conflict, unprocessable } from '../errors';
import type { Principal } from '../principal';
import { CampaignAccess } from './campaign-access';
import { plainScore } from './plain-score';
import { RECHECK_STATES } from '@jixiao/workflow';

export interface RecheckResult {
  caseId: string;
  recheckScore: string;
  previousScore: string | null;
  selfScore: string | null;
  remarks: string;
}

/** Re-checked only once submitted: awaiting acceptance, accepted, or published. */

const SCORE = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;

/** 复核: the finance bureau's adjusted score on a submitted report. */
@Injectable()
export class RecheckService {
  constructor(
    private readonly transactor: Transactor,
    private readonly caseStore: CaseStore,
    private readonly tracking: TrackingStore,
    private readonly access: CampaignAccess,
    private readonly clock: Clock,
  ) {}

  /**
   * 复核: a bound finance officer records an adjusted score (0-100, two decimals at most) and
   * remarks on a submitted case; a later re-check replaces it. Recorded in the case's history.
   */
  async recheck(principal: Principal, caseId: string, input: { score: string; remarks: string }): Promise<RecheckResult> {
    const remarks = input.remarks.trim();
    if (!SCORE.test(input.score)) {
      throw unprocessable('RECHECK.SCORE_OUT_OF_RANGE', 'The re-check score must be a number from 0 to 100 with at most two decimals.', { fields: ['score'] });
    }
    if (remarks === '') throw unprocessable('RECHECK.REMARKS_REQUIRED', 'A re-check needs remarks (复核意见).', { fields: ['remarks'] });
    return this.transactor.run(async (tx) => {
      const { record, contentVersion } = await this.access.boundCase(tx, principal, caseId);
      const recorded = await this.tracking.recordRecheck(tx, { caseId, states: [...RECHECK_STATES], score: input.score, remarks, userId: principal.userId, at: this.clock.now() });
      if (recorded === null) {
        throw conflict('RECHECK.NOT_SUBMITTED', `Only a submitted report is re-checked; this case is ${record.state}.`, { state: record.state });
      }
      await this.caseStore.advance(tx, { caseId, expectedVersion: null }, {
        event: 'RECHECK',
        fromState: record.state,
        toState: record.state,
        actorId: principal.userId,
        onBehalfOfId: null,
        comment: remarks,
        details: { score: plainScore(input.score), previousScore: plainScore(recorded.previousScore), selfScore: plainScore(recorded.selfScore) },
        contentVersion,
        at: this.clock.now(),
      });
      return { caseId, recheckScore: plainScore(input.score)!, previousScore: plainScore(recorded.previousScore), selfScore: plainScore(recorded.selfScore), remarks };
    });
  }
}
