import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

/** The count of one key in its current window, after an attempt was counted. */
export interface CountedAttempt {
  key: string;
  windowStart: Date;
  attempts: number;
}

/**
 * Fixed-window attempt counters in PostgreSQL, so that every api process counts alike. A window
 * starts at the first attempt after the previous one ended.
 */
@Injectable()
export class AttemptCounterStore {
  /**
   * Counts one attempt on each key in one statement. Keys are taken in sorted order, so two
   * transactions counting the same keys lock them in the same order and never deadlock. A window
   * that began at or before `windowCutoff`, or after `now` (a clock set back), starts again at `now`.
   */
  async count(tx: Tx, keys: readonly string[], now: Date, windowCutoff: Date): Promise<CountedAttempt[]> {
    const sorted = [...new Set(keys)].sort();
    const rows = await queryRows<{ key: string; window_start: Date; attempts: number }>(
      tx,
      `INSERT INTO attempt_counters AS c (key, window_start, attempts)
       SELECT key, $2, 1 FROM unnest($1::text[]) WITH ORDINALITY AS k(key, n) ORDER BY n
       ON CONFLICT (key) DO UPDATE
          SET attempts = CASE WHEN c.window_start <= $3 OR c.window_start > $2 THEN 1 ELSE c.attempts + 1 END,
              window_start = CASE WHEN c.window_start <= $3 OR c.window_start > $2 THEN $2 ELSE c.window_start END
       RETURNING key, window_start, attempts`,
      [sorted, now, windowCutoff],
      'attempts.count.v1',
    );
    return rows.map((row) => ({ key: row.key, windowStart: row.window_start, attempts: row.attempts }));
  }

  /** Takes back attempts that turned out well, each only while its window is the one it was counted in. */
  async uncount(tx: Tx, counted: ReadonlyArray<{ key: string; windowStart: Date }>): Promise<void> {
    if (counted.length === 0) return;
    const sorted = [...counted].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    await queryRows(
      tx,
      `UPDATE attempt_counters c SET attempts = c.attempts - 1
         FROM unnest($1::text[], $2::timestamptz[]) AS k(key, window_start)
        WHERE c.key = k.key AND c.window_start = k.window_start AND c.attempts > 0`,
      [sorted.map((entry) => entry.key), sorted.map((entry) => entry.windowStart)],
    );
  }

  /** Forgets a key's count altogether. */
  async clear(tx: Tx, key: string): Promise<void> {
    await queryRows(tx, `DELETE FROM attempt_counters WHERE key = $1`, [key]);
  }

  /**
   * True for the first caller only in each window of the key: the one that writes the refusal to
   * the security log.
   */
  async claimReport(tx: Tx, key: string, windowStart: Date): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `UPDATE attempt_counters SET reported_window = window_start
        WHERE key = $1 AND window_start = $2 AND reported_window IS DISTINCT FROM window_start
        RETURNING key`,
      [key, windowStart],
    );
    return rows.length > 0;
  }

  /** Deletes the counters whose window began a day or more ago by the database's clock; answers how many. */
  async pruneOlderThanADay(tx: Tx): Promise<number> {
    const rows = await queryRows(tx, `DELETE FROM attempt_counters WHERE window_start < now() - interval '1 day' RETURNING key`);
    return rows.length;
  }
}
