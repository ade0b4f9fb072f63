import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

export type IdempotencyClaim =
  | { claimed: true }
  | { claimed: false; scope: string; requestHash: string; statusCode: number | null; response: unknown };

@Injectable()
export class IdempotencyStore {
  /**
   * Claims a key inside the caller's transaction. A concurrent claim of the same key waits on the
   * unique index until the first transaction ends, then sees its stored answer.
   */
  async claim(tx: Tx, input: { userId: string; key: string; scope: string; requestHash: string }): Promise<IdempotencyClaim> {
    const inserted: unknown[] = await queryRows(tx, 
      `INSERT INTO idempotency_keys (user_id, key, scope, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
      [input.userId, input.key, input.scope, input.requestHash],
    );
    if (inserted.length > 0) return { claimed: true };
    const rows: Array<{ scope: string; request_hash: string; status_code: number | null; response: unknown }> = await queryRows(tx, 
      `SELECT scope, request_hash, status_code, response FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [input.userId, input.key],
    );
    const row = rows[0]!;
    return { claimed: false, scope: row.scope, requestHash: row.request_hash, statusCode: row.status_code, response: row.response };
  }

  async complete(tx: Tx, input: { userId: string; key: string; statusCode: number; response: unknown }): Promise<void> {
    await queryRows(tx, `UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE user_id = $1 AND key = $2`, [
      input.userId,
      input.key,
      input.statusCode,
      JSON.stringify(input.response),
    ]);
  }
}
