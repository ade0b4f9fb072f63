import { Injectable } from '@nestjs/common';
import { HistoryJournal, Transactor, type HistoryBreak } from '@jixiao/persistence';
import { CaseLoader } from './cases/case.loader';
import type { Principal } from './principal';

export interface HistoryVerification {
  caseId: string;
  valid: boolean;
  records: number;
  /** The first record that breaks the chain, and why; null when the history is intact. */
  firstBroken: { seq: number; reason: HistoryBreak } | null;
  /** Whether every record was proven with a key; false without HISTORY_KEY, or for records from before the keyed chain. */
  authenticated: boolean;
}

/**
 * Checks that a case's history is the one that was written: it recomputes the chain with the keys
 * that linked it and names the first record that does not fit.
 */
@Injectable()
export class HistoryVerifier {
  constructor(
    private readonly transactor: Transactor,
    private readonly journal: HistoryJournal,
    private readonly loader: CaseLoader,
  ) {}

  /** One case, for someone who may see it (404 otherwise, as for its history). */
  async verifyCase(principal: Principal, caseId: string): Promise<HistoryVerification> {
    await this.loader.assertVisible(principal, caseId);
    const [result] = await this.verify(caseId);
    // The case was visible a moment ago; cases are never deleted.
    return result!;
  }

  /** One case, or every case with null: for operators, without a principal. */
  async verify(caseId: string | null): Promise<HistoryVerification[]> {
    const checks = await this.journal.check(this.transactor.manager, caseId);
    return checks.map((check) => ({
      caseId: check.caseId,
      valid: check.firstBroken === null,
      records: check.records,
      firstBroken: check.firstBroken,
      authenticated: check.authenticated,
    }));
  }
}
