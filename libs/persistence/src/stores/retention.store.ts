import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

/** What may be removed, each as an instant: rows older than it go. */
export interface RetentionCutoffs {
  securityEvents: Date;
  endedSessions: Date;
  idempotencyKeys: Date;
  mailBodies: Date;
}

export interface PurgeCounts {
  securityEvents: number;
  sessions: number;
  idempotencyKeys: number;
  mailBodies: number;
}

export interface PurgeBatch extends PurgeCounts {
  /** Mail of the batch delivered into the local mailbox, whose kept copies go too. */
  mailboxIds: string[];
}

/** Rows per statement: a purge after a long pause proceeds in short transactions, never one long lock. */
const BATCH = 5000;

/**
 * The purge of what may expire. It has no statement on case_history, sealed versions or anything
 * else the history proves: those are kept for good.
 */
@Injectable()
export class RetentionStore {
  /** One batch of each kind; answers how many rows each removed (a full batch means there may be more). */
  async purgeBatch(tx: Tx, cutoffs: RetentionCutoffs): Promise<PurgeBatch> {
    const events = await queryRows(
      tx,
      `DELETE FROM security_events WHERE id IN (SELECT id FROM security_events WHERE at < $1 ORDER BY at LIMIT $2) RETURNING 1`,
      [cutoffs.securityEvents, BATCH],
    );
    const sessions = await queryRows(
      tx,
      `DELETE FROM sessions WHERE id IN (
         SELECT id FROM sessions WHERE refresh_expires_at < $1 OR revoked_at < $1 LIMIT $2
       ) RETURNING 1`,
      [cutoffs.endedSessions, BATCH],
    );
    const keys = await queryRows(
      tx,
      `DELETE FROM idempotency_keys WHERE (user_id, key) IN (SELECT user_id, key FROM idempotency_keys WHERE created_at < $1 LIMIT $2) RETURNING 1`,
      [cutoffs.idempotencyKeys, BATCH],
    );
    // The row stays (the delivery log counts it); only the text it was rendered from goes.
    const bodies = await queryRows<{ id: string; transport: string | null }>(
      tx,
      `UPDATE mail_outbox SET payload = '{"purged": true}'::jsonb
        WHERE id IN (SELECT id FROM mail_outbox
                      WHERE status IN ('sent', 'cancelled', 'digested') AND coalesce(sent_at, cancelled_at, created_at) < $1
                        AND payload <> '{"purged": true}'::jsonb
                      LIMIT $2)
        RETURNING id, transport`,
      [cutoffs.mailBodies, BATCH],
    );
    return {
      securityEvents: events.length,
      sessions: sessions.length,
      idempotencyKeys: keys.length,
      mailBodies: bodies.length,
      mailboxIds: bodies.filter((row) => row.transport === 'mailbox').map((row) => row.id),
    };
  }
}

export const RETENTION_BATCH = BATCH;
