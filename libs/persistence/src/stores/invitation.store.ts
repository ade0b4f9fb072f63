import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

export interface InvitationRow {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  invitedBy: string | null;
}

/** The latest invitation of an account: its times, from which the use case tells its state. */
export interface InvitationSummary {
  userId: string;
  sentAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export interface InvitationListScope {
  organisationIds: readonly string[];
  unitAdminsOfBureau: string | null;
  bureauPeople: boolean;
}

/** One line of the invitations an administrator manages. */
export interface InvitationListRow extends InvitationSummary {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  organisationId: string;
  organisationName: string;
  sentById: string | null;
  sentByName: string | null;
}

function toSummary(row: Record<string, unknown>): InvitationSummary {
  return {
    userId: row.user_id as string,
    sentAt: row.created_at as Date,
    expiresAt: row.expires_at as Date,
    usedAt: (row.used_at as Date | null) ?? null,
    revokedAt: (row.revoked_at as Date | null) ?? null,
  };
}

function toRow(row: Record<string, unknown>): InvitationRow {
  return {
    id: row.id as string,
    userId: row.user_id as string,
    createdAt: row.created_at as Date,
    expiresAt: row.expires_at as Date,
    usedAt: (row.used_at as Date | null) ?? null,
    revokedAt: (row.revoked_at as Date | null) ?? null,
    invitedBy: (row.invited_by as string | null) ?? null,
  };
}

/** Invitation links: only the SHA-256 of each token is stored. */
@Injectable()
export class InvitationStore {
  async create(tx: Tx, input: { userId: string; tokenHash: string; createdAt: Date; expiresAt: Date; invitedBy: string | null }): Promise<string> {
    const rows = await queryRows<{ id: string }>(
      tx,
      `INSERT INTO invitations (user_id, token_hash, created_at, expires_at, invited_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [input.userId, input.tokenHash, input.createdAt, input.expiresAt, input.invitedBy],
    );
    return rows[0]!.id;
  }

  /**
   * Revokes the account's links still open (neither used nor revoked); answers how many. The
   * account's row is locked first: of two sends at once, the second waits and revokes the first's
   * link, so an account never has two open links.
   */
  async revokeOpen(tx: Tx, userId: string, now: Date): Promise<number> {
    await queryRows(tx, `SELECT id FROM users WHERE id = $1 FOR UPDATE`, [userId]);
    const rows = await queryRows(tx, `UPDATE invitations SET revoked_at = $2 WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING id`, [userId, now]);
    return rows.length;
  }

  async findByTokenHash(tx: Tx, tokenHash: string): Promise<InvitationRow | null> {
    const rows = await queryRows<Record<string, unknown>>(tx, `SELECT * FROM invitations WHERE token_hash = $1`, [tokenHash]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** The same, with the row locked for the caller's transaction: of two accepts, the second waits and sees the first's. */
  async findByTokenHashLocked(tx: Tx, tokenHash: string): Promise<InvitationRow | null> {
    const rows = await queryRows<Record<string, unknown>>(tx, `SELECT * FROM invitations WHERE token_hash = $1 FOR UPDATE`, [tokenHash]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async markUsed(tx: Tx, id: string, now: Date): Promise<void> {
    await queryRows(tx, `UPDATE invitations SET used_at = $2 WHERE id = $1`, [id, now]);
  }

  /**
   * Each account's latest invitation, for the accounts given. Sending again revokes the open link,
   * so the one not revoked is the latest, even when both were sent within the same instant.
   */
  async latest(tx: Tx, userIds: readonly string[]): Promise<Map<string, InvitationSummary>> {
    if (userIds.length === 0) return new Map();
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT DISTINCT ON (i.user_id) i.user_id, i.created_at, i.expires_at, i.used_at, i.revoked_at
         FROM invitations i WHERE i.user_id = ANY($1::uuid[])
        ORDER BY i.user_id, (i.revoked_at IS NULL) DESC, i.created_at DESC, i.id DESC`,
      [[...userIds]],
    );
    return new Map(rows.map((row) => [row.user_id as string, toSummary(row)]));
  }

  /**
   * The latest invitation of each account in the scope, newest first.
   * The scope: every person of `organisationIds`; the unit administrators of the units of
   * `unitAdminsOfBureau`; with `bureauPeople`, the people of every finance bureau.
   */
  async list(tx: Tx, scope: InvitationListScope): Promise<InvitationListRow[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT * FROM (
         SELECT DISTINCT ON (i.user_id) i.id, i.user_id, i.created_at, i.expires_at, i.used_at, i.revoked_at, i.invited_by,
                u.username, u.display_name, u.email, u.organisation_id, o.name AS organisation_name, s.display_name AS sent_by_name
           FROM invitations i
           JOIN users u ON u.id = i.user_id
           JOIN organisations o ON o.id = u.organisation_id
           LEFT JOIN users s ON s.id = i.invited_by
          WHERE u.organisation_id = ANY($1::uuid[])
             OR ($2::uuid IS NOT NULL AND o.kind = 'unit' AND o.bureau_id = $2 AND EXISTS (
                   SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.organisation_id = u.organisation_id AND r.role = 'unit_admin'))
             OR ($3::boolean AND o.kind = 'finance_bureau')
          ORDER BY i.user_id, (i.revoked_at IS NULL) DESC, i.created_at DESC, i.id DESC
       ) latest
       ORDER BY latest.created_at DESC, latest.id DESC`,
      [[...scope.organisationIds], scope.unitAdminsOfBureau, scope.bureauPeople],
    );
    return rows.map((row) => ({
      id: row.id as string,
      ...toSummary(row),
      username: row.username as string,
      displayName: row.display_name as string,
      email: (row.email as string | null) ?? null,
      organisationId: row.organisation_id as string,
      organisationName: row.organisation_name as string,
      sentById: (row.invited_by as string | null) ?? null,
      sentByName: (row.sent_by_name as string | null) ?? null,
    }));
  }
}
