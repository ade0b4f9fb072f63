import { Injectable, Logger } from '@nestjs/common';
import { TrackingStore, Transactor } from '@jixiao/persistence';
import { codeText, textParams, type Code } from '@jixiao/workflow';
import { CaseEvents } from '../cases/case-events.service';
import { DomainError, notFound, unprocessable } from '../errors';
import type { Principal } from '../principal';
import { CampaignAccess } from './campaign-access';

/** The most units one batch decides on: beyond this one request would hold a person waiting too long. */
export const BATCH_DECISION_LIMIT = 200;

export type BatchDecisionType = 'ACCEPT' | 'RETURN';

export interface BatchDecisionInput {
  type: BatchDecisionType;
  /** With RETURN: one reason for every unit. */
  reason?: string;
  caseIds: string[];
}

/** What happened to one unit: its own transaction, its own answer. */
export interface BatchDecisionOutcome {
  caseId: string;
  unitId: string | null;
  unitName: string | null;
  outcome: 'accepted' | 'returned' | 'refused';
  /** The case's state after the attempt (null for a case outside the campaign). */
  state: string | null;
  /** The answer was replayed from an earlier attempt with the same Idempotency-Key: nothing changed now. */
  replayed: boolean;
  /** Why it was refused: the rulebook's code and its Chinese text. */
  code: Code | null;
  message: string | null;
}

export interface BatchDecisionResult {
  campaignId: string;
  type: BatchDecisionType;
  done: number;
  refused: number;
  outcomes: BatchDecisionOutcome[];
}

/**
 * 接收 or 退回 several submitted reports at once. Every unit goes through the lifecycle event path
 * on its own (CaseEvents, one transaction each), so its history, due items and mails are exactly
 * those of a single decision, and a unit someone else acted on first is refused with the
 * rulebook's reason while the others go through. With an Idempotency-Key each unit's answer is
 * kept under that key and the case, so a retried batch replays what was done and tries only the rest.
 */
@Injectable()
export class BatchDecisionService {
  private readonly logger = new Logger(BatchDecisionService.name);

  constructor(
    private readonly transactor: Transactor,
    private readonly access: CampaignAccess,
    private readonly tracking: TrackingStore,
    private readonly events: CaseEvents,
  ) {}

  async decide(principal: Principal, campaignId: string, input: BatchDecisionInput, idempotencyKey: string | null): Promise<BatchDecisionResult> {
    const caseIds = [...new Set(input.caseIds.map((id) => id.toLowerCase()))];
    if (caseIds.length > BATCH_DECISION_LIMIT) {
      throw unprocessable('BATCH.TOO_MANY_UNITS', `At most ${BATCH_DECISION_LIMIT} units a batch.`, { limit: BATCH_DECISION_LIMIT, count: caseIds.length, fields: ['caseIds'] });
    }
    const reason = input.type === 'RETURN' ? (input.reason ?? '').trim() : undefined;
    if (input.type === 'RETURN' && !reason) throw unprocessable('RETURN.REASON_REQUIRED', 'A batch return needs one reason.', { fields: ['reason'] });
    await this.access.managedCampaign(this.transactor.manager, principal, campaignId);
    const cases = new Map((await this.tracking.campaignCases(this.transactor.manager, campaignId, caseIds)).map((c) => [c.caseId, c]));
    const outcomes: BatchDecisionOutcome[] = [];
    // One after the other: each case locks only itself, and the answers come back in a stable order.
    for (const caseId of caseIds) {
      const found = cases.get(caseId);
      if (!found) {
        outcomes.push(refused(caseId, null, null, null, notFound('case', caseId)));
        continue;
      }
      const command = input.type === 'RETURN' ? { type: 'RETURN' as const, reason } : { type: 'ACCEPT' as const };
      try {
        const answer = await this.events.send(principal, caseId, command, idempotencyKey === null ? null : `${idempotencyKey}#${caseId}`);
        outcomes.push({
          caseId,
          unitId: found.unitId,
          unitName: found.unitName,
          outcome: input.type === 'ACCEPT' ? 'accepted' : 'returned',
          state: answer.body.transition.to,
          replayed: answer.replayed,
          code: null,
          message: null,
        });
      } catch (error) {
        if (!(error instanceof DomainError)) this.logger.error({ err: error, caseId }, 'A batch decision failed unexpectedly on one case');
        const state = await this.tracking.caseState(this.transactor.manager, caseId).catch(() => null);
        outcomes.push(refused(caseId, found.unitId, found.unitName, state, error));
      }
    }
    const done = outcomes.filter((o) => o.outcome !== 'refused').length;
    return { campaignId, type: input.type, done, refused: outcomes.length - done, outcomes };
  }
}

function refused(caseId: string, unitId: string | null, unitName: string | null, state: string | null, error: unknown): BatchDecisionOutcome {
  const code: Code = error instanceof DomainError ? error.code : 'SERVER.UNEXPECTED';
  const details = error instanceof DomainError ? error.details : {};
  return { caseId, unitId, unitName, outcome: 'refused', state, replayed: false, code, message: codeText(code, textParams(code, details)) };
}
