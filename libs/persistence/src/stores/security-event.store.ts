import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

export interface NewSecurityEvent {
  at: Date;
  kind: string;
  outcome: string;
  userId: string | null;
  username: string | null;
  sourceAddress: string | null;
  details: Record<string, unknown>;
}

export interface SecurityEventRow extends NewSecurityEvent {
  id: string;
}

interface Row {
  id: string;
  at: Date;
  kind: string;
  outcome: string;
  user_id: string | null;
  username: string | null;
  source_address: string | null;
  details: Record<string, unknown>;
}

/** The security log: appended to, read back newest first; never updated. */
@Injectable()
export class SecurityEventStore {
  async append(tx: Tx, event: NewSecurityEvent): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO security_events (at, kind, outcome, user_id, username, source_address, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [event.at, event.kind, event.outcome, event.userId, event.username, event.sourceAddress, JSON.stringify(event.details)],
      'security_event.append',
    );
  }

  /**
   * Every event in [from, to), oldest first, for an auditor's export; at most `limit` + 1 rows, so
   * that the caller can tell a range that holds more than it may export.
   */
  async listRange(tx: Tx, from: Date, to: Date, limit: number): Promise<SecurityEventRow[]> {
    const rows = await queryRows<Row>(
      tx,
      `SELECT id, at, kind, outcome, user_id, username, source_address, details
         FROM security_events WHERE at >= $1 AND at < $2
        ORDER BY at, id LIMIT $3`,
      [from, to, limit + 1],
    );
    return rows.map(toEvent);
  }

  /** Events of the people of one organisation, newest first. */
  async listForOrganisation(tx: Tx, organisationId: string, limit: number, offset: number): Promise<{ items: SecurityEventRow[]; total: number }> {
    const rows = await queryRows<Row>(
      tx,
      `SELECT e.id, e.at, e.kind, e.outcome, e.user_id, e.username, e.source_address, e.details
         FROM security_events e JOIN users u ON u.id = e.user_id
        WHERE u.organisation_id = $1
        ORDER BY e.at DESC, e.id DESC
        LIMIT $2 OFFSET $3`,
      [organisationId, limit, offset],
    );
    const counted = await queryRows<{ total: string }>(
      tx,
      `SELECT count(*) AS total FROM security_events e JOIN users u ON u.id = e.user_id WHERE u.organisation_id = $1`,
      [organisationId],
    );
    return {
      items: rows.map(toEvent),
      total: Number(counted[0]?.total ?? 0),
    };
  }
}

function toEvent(row: Row): SecurityEventRow {
  return {
    id: String(row.id),
    at: row.at,
    kind: row.kind,
    outcome: row.outcome,
    userId: row.user_id,
    username: row.username,
    sourceAddress: row.source_address,
    details: row.details,
  };
}
