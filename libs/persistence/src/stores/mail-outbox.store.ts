import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

export type OutboxKind = 'reminder' | 'overdue' | 'escalation' | 'urge' | 'digest' | 'invitation';
export const OUTBOX_KINDS: readonly OutboxKind[] = ['reminder', 'overdue', 'escalation', 'urge', 'digest', 'invitation'];
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'digested';
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sending', 'sent', 'failed', 'cancelled', 'digested'];

/** The kinds a digest user receives in the day's digest rather than one by one; 催办 always goes at once. */
export const DIGESTIBLE_KINDS: readonly OutboxKind[] = ['reminder', 'overdue', 'escalation'];

export interface NewOutboxRow {
  dedupeKey: string;
  kind: OutboxKind;
  recipientId: string;
  campaignId?: string | null;
  caseId?: string | null;
  itemKey?: string | null;
  dueDate?: string | null;
  rule?: string | null;
  payload: unknown;
  sendAfter: Date;
}

/** A row taken by one worker for one attempt; `claimToken` proves the claim is still its own. */
export interface ClaimedMail {
  id: string;
  kind: OutboxKind;
  recipientId: string;
  recipientName: string;
  recipientEmail: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  claimToken: string;
}

export interface OutboxRow {
  id: string;
  dedupeKey: string;
  kind: OutboxKind;
  status: OutboxStatus;
  recipientId: string;
  recipientName: string;
  recipientOrganisationId: string;
  caseId: string | null;
  dueDate: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  messageId: string | null;
  digestId: string | null;
  transport: 'smtp' | 'mailbox' | null;
  sentAt: Date | null;
  createdAt: Date;
}

/** Whose mail an admin may see: the people of one organisation, and for a finance officer the units of their campaigns. */
export interface MailScope {
  organisationId: string;
  /** A finance officer: also the people of every unit a campaign they are bound to covers. */
  officerId: string | null;
  /** Only this person's own mail. */
  recipientId: string | null;
}

export interface DigestCandidate {
  id: string;
  kind: OutboxKind;
  recipientId: string;
  payload: Record<string, unknown>;
}

const ROW_COLUMNS = `o.id, o.dedupe_key, o.kind, o.status, o.recipient_id, u.display_name AS recipient_name, u.organisation_id AS recipient_organisation_id,
       o.case_id, o.due_date::text AS due_date, o.payload, o.attempts, o.next_attempt_at, o.last_error, o.message_id, o.digest_id,
       o.transport, o.sent_at, o.created_at`;

const SCOPE = `(u.organisation_id = $1
            OR ($2::uuid IS NOT NULL AND EXISTS (
                  SELECT 1 FROM campaign_officers co JOIN campaign_units cu ON cu.campaign_id = co.campaign_id
                   WHERE co.user_id = $2 AND cu.unit_id = u.organisation_id)))
        AND ($3::uuid IS NULL OR o.recipient_id = $3)`;

function toRow(row: Record<string, unknown>): OutboxRow {
  return {
    id: row.id as string,
    dedupeKey: row.dedupe_key as string,
    kind: row.kind as OutboxKind,
    status: row.status as OutboxStatus,
    recipientId: row.recipient_id as string,
    recipientName: row.recipient_name as string,
    recipientOrganisationId: row.recipient_organisation_id as string,
    caseId: (row.case_id as string | null) ?? null,
    dueDate: (row.due_date as string | null) ?? null,
    payload: row.payload as Record<string, unknown>,
    attempts: row.attempts as number,
    nextAttemptAt: row.next_attempt_at as Date,
    lastError: (row.last_error as string | null) ?? null,
    messageId: (row.message_id as string | null) ?? null,
    digestId: (row.digest_id as string | null) ?? null,
    transport: (row.transport as 'smtp' | 'mailbox' | null) ?? null,
    sentAt: (row.sent_at as Date | null) ?? null,
    createdAt: row.created_at as Date,
  };
}

/**
 * The mail outbox as the worker delivers it: claim due rows (skipping rows another worker holds),
 * then mark each sent, retried later, failed or put off to its next window, each write checked
 * against the claim so that a worker whose lease ran out cannot overwrite its successor.
 */
@Injectable()
export class MailOutboxStore {
  /** Adds a row unless one with the same dedupe key exists; answers the new id, or null for a duplicate. */
  async insert(tx: Tx, row: NewOutboxRow): Promise<string | null> {
    const inserted = await queryRows<{ id: string }>(
      tx,
      `INSERT INTO mail_outbox (dedupe_key, kind, recipient_id, campaign_id, case_id, item_key, due_date, rule, payload, send_after, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [row.dedupeKey, row.kind, row.recipientId, row.campaignId ?? null, row.caseId ?? null, row.itemKey ?? null, row.dueDate ?? null, row.rule ?? null, JSON.stringify(row.payload), row.sendAfter],
    );
    return inserted[0]?.id ?? null;
  }

  /**
   * Takes up to `limit` due rows for one attempt: pending rows whose time has come, and rows still
   * 'sending' whose lease ran out (their worker died). The lease is written as the row's next
   * attempt time, so one index serves both. Rows of digest users that the digest will carry stay.
   * One statement: the claim is committed before anything is sent.
   */
  async claim(
    tx: Tx,
    claim: { now: Date; token: string; leaseSeconds: number; limit: number; organisationIds: readonly string[] | null },
  ): Promise<ClaimedMail[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `WITH due AS (
         SELECT o.id FROM mail_outbox o
          WHERE o.status IN ('pending', 'sending') AND o.next_attempt_at <= $1
            AND ($5::uuid[] IS NULL OR o.recipient_id IN (SELECT id FROM users WHERE organisation_id = ANY($5::uuid[])))
            AND NOT (o.status = 'pending' AND o.kind = ANY($6::text[])
                     AND EXISTS (SELECT 1 FROM notification_preferences p WHERE p.user_id = o.recipient_id AND p.digest))
          ORDER BY o.next_attempt_at
          LIMIT $4
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE mail_outbox o
            SET status = 'sending', attempts = o.attempts + 1, claimed_at = $1, claimed_by = $2,
                next_attempt_at = $1::timestamptz + make_interval(secs => $3)
           FROM due WHERE o.id = due.id
         RETURNING o.id, o.kind, o.recipient_id, o.payload, o.attempts, o.claimed_by, o.next_attempt_at
       )
       SELECT c.*, u.display_name, u.email FROM claimed c JOIN users u ON u.id = c.recipient_id
        ORDER BY c.next_attempt_at`,
      [claim.now, claim.token, claim.leaseSeconds, claim.limit, claim.organisationIds, DIGESTIBLE_KINDS],
    );
    return rows.map((row) => ({
      id: row.id as string,
      kind: row.kind as OutboxKind,
      recipientId: row.recipient_id as string,
      recipientName: row.display_name as string,
      recipientEmail: (row.email as string | null) ?? null,
      payload: row.payload as Record<string, unknown>,
      attempts: row.attempts as number,
      claimToken: row.claimed_by as string,
    }));
  }

  /** True while the row is still this claim's to send: not cancelled, not taken over after the lease. */
  async stillClaimed(tx: Tx, id: string, token: string): Promise<boolean> {
    const rows = await queryRows(tx, `SELECT 1 FROM mail_outbox WHERE id = $1 AND status = 'sending' AND claimed_by = $2`, [id, token]);
    return rows.length > 0;
  }

  /**
   * An invitation's payload carries the raw token of its link only until the mail is out: marking
   * it sent drops the token, so the database keeps no usable link once it is no longer needed.
   */
  async markSent(tx: Tx, id: string, token: string, sent: { messageId: string; at: Date; transport: 'smtp' | 'mailbox' }): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `UPDATE mail_outbox SET status = 'sent', message_id = $3, sent_at = $4, transport = $5, last_error = NULL,
              payload = CASE WHEN kind = 'invitation' THEN payload - 'token' ELSE payload END
        WHERE id = $1 AND status = 'sending' AND claimed_by = $2 RETURNING id`,
      [id, token, sent.messageId, sent.at, sent.transport],
    );
    return rows.length > 0;
  }

  /** A failed attempt: try again at `retryAt`, or with no retry left mark the row failed. */
  async markAttemptFailed(tx: Tx, id: string, token: string, failure: { error: string; retryAt: Date | null }): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `UPDATE mail_outbox
          SET status = CASE WHEN $4::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
              next_attempt_at = coalesce($4::timestamptz, next_attempt_at), last_error = $3, claimed_by = NULL, claimed_at = NULL
        WHERE id = $1 AND status = 'sending' AND claimed_by = $2 RETURNING id`,
      [id, token, failure.error.slice(0, 2000), failure.retryAt],
    );
    return rows.length > 0;
  }

  /** Puts a claimed row back untouched until `at` (outside its window): the claim does not count as an attempt. */
  async defer(tx: Tx, id: string, token: string, at: Date): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `UPDATE mail_outbox SET status = 'pending', attempts = greatest(attempts - 1, 0), next_attempt_at = $3, claimed_by = NULL, claimed_at = NULL
        WHERE id = $1 AND status = 'sending' AND claimed_by = $2 RETURNING id`,
      [id, token, at],
    );
    return rows.length > 0;
  }

  /** Pending rows due by `now` that digest users receive in their digest, locked for the caller's transaction. */
  async digestCandidates(tx: Tx, now: Date, organisationIds: readonly string[] | null, limit: number): Promise<DigestCandidate[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT o.id, o.kind, o.recipient_id, o.payload
         FROM mail_outbox o JOIN notification_preferences p ON p.user_id = o.recipient_id AND p.digest
        WHERE o.status = 'pending' AND o.kind = ANY($2::text[]) AND o.next_attempt_at <= $1
          AND ($3::uuid[] IS NULL OR o.recipient_id IN (SELECT id FROM users WHERE organisation_id = ANY($3::uuid[])))
        ORDER BY o.recipient_id, o.next_attempt_at
        LIMIT $4
        FOR UPDATE OF o SKIP LOCKED`,
      [now, DIGESTIBLE_KINDS, organisationIds, limit],
    );
    return rows.map((row) => ({ id: row.id as string, kind: row.kind as OutboxKind, recipientId: row.recipient_id as string, payload: row.payload as Record<string, unknown> }));
  }

  /** Marks rows as carried by a digest; only rows still pending move. Answers how many did. */
  async markDigested(tx: Tx, digestId: string, ids: readonly string[]): Promise<number> {
    const rows = await queryRows(
      tx,
      `UPDATE mail_outbox SET status = 'digested', digest_id = $1 WHERE id = ANY($2::uuid[]) AND status = 'pending' RETURNING id`,
      [digestId, [...ids]],
    );
    return rows.length;
  }

  /** Moves pending rows to a later attempt time (e.g. the next day's digest). */
  async postpone(tx: Tx, ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await queryRows(tx, `UPDATE mail_outbox SET next_attempt_at = $2 WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [[...ids], at]);
  }

  async find(tx: Tx, id: string): Promise<OutboxRow | null> {
    const rows = await queryRows<Record<string, unknown>>(tx, `SELECT ${ROW_COLUMNS} FROM mail_outbox o JOIN users u ON u.id = o.recipient_id WHERE o.id = $1`, [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Rows in an admin's scope, newest first, optionally of one status. */
  async list(tx: Tx, scope: MailScope, filter: { status: OutboxStatus | null; mailboxOnly: boolean }, limit: number, offset: number): Promise<{ items: OutboxRow[]; total: number }> {
    const where = `${SCOPE}
        AND ($4::text IS NULL OR o.status = $4)
        AND (NOT $5::boolean OR (o.transport = 'mailbox' AND o.status = 'sent'))`;
    const parameters = [scope.organisationId, scope.officerId, scope.recipientId, filter.status, filter.mailboxOnly];
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT ${ROW_COLUMNS} FROM mail_outbox o JOIN users u ON u.id = o.recipient_id
        WHERE ${where}
        ORDER BY coalesce(o.sent_at, o.created_at) DESC, o.id DESC
        LIMIT $6 OFFSET $7`,
      [...parameters, limit, offset],
    );
    const counted = await queryRows<{ total: string }>(tx, `SELECT count(*) AS total FROM mail_outbox o JOIN users u ON u.id = o.recipient_id WHERE ${where}`, parameters);
    return { items: rows.map(toRow), total: Number(counted[0]?.total ?? 0) };
  }

  /** Whether the row's recipient lies in the scope (the person's own mail, or an admin's people). */
  async inScope(tx: Tx, id: string, scope: MailScope): Promise<boolean> {
    const rows = await queryRows(tx, `SELECT 1 FROM mail_outbox o JOIN users u ON u.id = o.recipient_id WHERE ${SCOPE} AND o.id = $4`, [
      scope.organisationId,
      scope.officerId,
      scope.recipientId,
      id,
    ]);
    return rows.length > 0;
  }

  /** A failed row back to pending with its attempts reset; null when the row is not failed (any more). */
  async retry(tx: Tx, id: string, now: Date): Promise<OutboxRow | null> {
    const rows = await queryRows<{ id: string }>(
      tx,
      `UPDATE mail_outbox SET status = 'pending', attempts = 0, next_attempt_at = $2, last_error = NULL, claimed_by = NULL, claimed_at = NULL
        WHERE id = $1 AND status = 'failed' RETURNING id`,
      [id, now],
    );
    return rows[0] ? this.find(tx, id) : null;
  }

  /** Cancels a person's mails of one kind not yet taken for sending (an invitation whose link was revoked). */
  async cancelPending(tx: Tx, recipientId: string, kind: OutboxKind, reason: string, at: Date): Promise<void> {
    await queryRows(
      tx,
      `UPDATE mail_outbox SET status = 'cancelled', cancelled_at = $4, cancel_reason = $3,
              payload = CASE WHEN kind = 'invitation' THEN payload - 'token' ELSE payload END
        WHERE recipient_id = $1 AND kind = $2 AND status IN ('pending', 'failed')`,
      [recipientId, kind, reason, at],
    );
  }

  async digestPreference(tx: Tx, userId: string): Promise<boolean> {
    const rows = await queryRows<{ digest: boolean }>(tx, `SELECT digest FROM notification_preferences WHERE user_id = $1`, [userId]);
    return rows[0]?.digest ?? false;
  }

  async setDigestPreference(tx: Tx, userId: string, digest: boolean, at: Date): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO notification_preferences (user_id, digest, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET digest = EXCLUDED.digest, updated_at = EXCLUDED.updated_at`,
      [userId, digest, at],
    );
  }
}
