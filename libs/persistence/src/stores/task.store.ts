import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

/**
 * Which cases a person's tasks are looked for on: the open cases of their unit, or of the
 * campaigns a finance officer is bound to. The facts themselves are read by `DueItemStore.facts`.
 */
@Injectable()
export class TaskStore {
  async openCaseIds(tx: Tx, scope: { unitId: string } | { officerId: string }): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      tx,
      'unitId' in scope
        ? `SELECT id FROM evaluation_cases WHERE unit_id = $1 AND state <> 'published' ORDER BY id`
        : `SELECT e.id FROM evaluation_cases e JOIN campaign_officers co ON co.campaign_id = e.campaign_id
            WHERE co.user_id = $1 AND e.state <> 'published' ORDER BY e.id`,
      ['unitId' in scope ? scope.unitId : scope.officerId],
    );
    return rows.map((row) => row.id);
  }
}
