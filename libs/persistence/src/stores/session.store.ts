import { Injectable } from '@nestjs/common';
import type { Role } from '@jixiao/workflow';
import type { Tx } from '../data-source';
import { queryRows } from './rows';
import type { OrganisationKind } from '../entities/organisation.entity';

/** The signed-in person behind a bearer token, with the roles of their own organisation. */
export interface SessionPrincipal {
  sessionId: string;
  userId: string;
  username: string;
  displayName: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  organisationName: string;
  roles: Role[];
}

/** The session an access token names, live or not, so a refusal can say why. */
export interface SessionLookup {
  principal: SessionPrincipal;
  accessExpiresAt: Date;
  refreshExpiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
  userDisabled: boolean;
  /** The account's password was chosen by someone else and must be changed before anything else. */
  mustChangePassword: boolean;
}

/** The session a refresh token names: the current one, or one already rotated away. */
export interface RefreshLookup {
  sessionId: string;
  userId: string;
  username: string;
  /** False when the token was already rotated away: presenting it again is a reuse. */
  current: boolean;
  refreshExpiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
  userDisabled: boolean;
}

export interface NewSession {
  userId: string;
  accessTokenHash: string;
  accessExpiresAt: Date;
  refreshTokenHash: string;
  refreshExpiresAt: Date;
  sourceAddress: string | null;
  now: Date;
}

export interface Rotation {
  refreshTokenHash: string;
  newAccessTokenHash: string;
  newRefreshTokenHash: string;
  /** Capped at the session's refresh end. */
  accessExpiresAt: Date;
  now: Date;
  /** A session last seen at or before this is idle and cannot be refreshed. */
  idleCutoff: Date;
}

/** How many rotated-away refresh tokens a session remembers for theft detection. */
const ROTATED_KEPT = 100;

interface LiveRow {
  session_id: string;
  user_id: string;
  username: string;
  display_name: string;
  organisation_id: string;
  organisation_kind: OrganisationKind;
  organisation_name: string;
  roles: Role[] | null;
  access_expires_at: Date;
  refresh_expires_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
  disabled_at: Date | null;
  must_change_password: boolean;
  touched_at: Date | null;
}

/** What a session lookup is asked: the access token's hash, and the clock's cut-offs. */
export interface SessionQuery {
  accessTokenHash: string;
  now: Date;
  /** A session last seen at or before this is idle. */
  idleCutoff: Date;
  /** A live session last recorded at or before this records `now` as its last activity. */
  touchCutoff: Date;
}

/**
 * The session an access token names as two CTEs, `found` (the session, its user, organisation and
 * roles, live or not) and `touched`: in the same statement the session's last activity moves to
 * `now` when it is live and was last recorded at or before the touch cut-off, so a busy session
 * writes once a minute. The arguments are SQL expressions (parameter references). Shared by
 * `findLive` and the statements that look the session up beside their own read
 * (`LifecycleStore.readAs`).
 */
export function liveSessionCtes(p: { accessTokenHash: string; now: string; idleCutoff: string; touchCutoff: string }): string {
  return `found AS (
         SELECT s.id AS session_id, u.id AS user_id, u.username, u.display_name, o.id AS organisation_id,
                o.kind AS organisation_kind, o.name AS organisation_name, s.access_expires_at, s.refresh_expires_at,
                s.last_seen_at, s.revoked_at, u.disabled_at, u.must_change_password,
                (SELECT array_agg(r.role ORDER BY r.role) FROM role_assignments r
                  WHERE r.user_id = u.id AND r.organisation_id = u.organisation_id) AS roles
           FROM sessions s
           JOIN users u ON u.id = s.user_id
           JOIN organisations o ON o.id = u.organisation_id
          WHERE s.access_token_hash = ${p.accessTokenHash}
       ), touched AS (
         UPDATE sessions SET last_seen_at = ${p.now}::timestamptz
          WHERE id = (SELECT session_id FROM found
                       WHERE revoked_at IS NULL AND disabled_at IS NULL AND access_expires_at > ${p.now}::timestamptz
                         AND last_seen_at > ${p.idleCutoff}::timestamptz AND last_seen_at <= ${p.touchCutoff}::timestamptz)
         RETURNING last_seen_at
       )`;
}

/** The columns `liveSessionOf` reads, selected from `found`. */
export const LIVE_SESSION_COLUMNS = 'found.*, (SELECT last_seen_at FROM touched) AS touched_at';

/** Those of `LIVE_SESSION_COLUMNS` that are timestamps (for a statement that reads them through JSON). */
export const LIVE_SESSION_TIMESTAMPS = ['access_expires_at', 'refresh_expires_at', 'last_seen_at', 'revoked_at', 'disabled_at', 'touched_at'] as const;

/** A row of `LIVE_SESSION_COLUMNS` as the session it names. */
export function liveSessionOf(row: object): SessionLookup {
  const live = row as unknown as LiveRow;
  return {
    principal: {
      sessionId: live.session_id,
      userId: live.user_id,
      username: live.username,
      displayName: live.display_name,
      organisationId: live.organisation_id,
      organisationKind: live.organisation_kind,
      organisationName: live.organisation_name,
      roles: live.roles ?? [],
    },
    accessExpiresAt: live.access_expires_at,
    refreshExpiresAt: live.refresh_expires_at,
    lastSeenAt: live.touched_at ?? live.last_seen_at,
    revokedAt: live.revoked_at,
    userDisabled: live.disabled_at !== null,
    mustChangePassword: live.must_change_password,
  };
}

@Injectable()
export class SessionStore {
  async create(tx: Tx, input: NewSession): Promise<string> {
    const rows = await queryRows<{ id: string }>(
      tx,
      `INSERT INTO sessions (user_id, access_token_hash, access_expires_at, refresh_token_hash, refresh_expires_at,
                             last_seen_at, created_at, source_address)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id`,
      [input.userId, input.accessTokenHash, input.accessExpiresAt, input.refreshTokenHash, input.refreshExpiresAt, input.now, input.sourceAddress],
    );
    return rows[0]!.id;
  }

  /**
   * One round trip per request: the session an access token names, its user, organisation and
   * roles, live or not (`LIVE_SESSION_CTES`).
   */
  async findLive(tx: Tx, query: SessionQuery): Promise<SessionLookup | null> {
    const rows = await queryRows<LiveRow>(
      tx,
      `WITH ${liveSessionCtes({ accessTokenHash: '$1', now: '$2', idleCutoff: '$3', touchCutoff: '$4' })}
       SELECT ${LIVE_SESSION_COLUMNS} FROM found`,
      [query.accessTokenHash, query.now, query.idleCutoff, query.touchCutoff],
      'session.live.v4',
    );
    const row = rows[0];
    return row ? liveSessionOf(row) : null;
  }

  /**
   * Swaps both tokens of the live, not idle session the refresh token names, in one statement: of
   * two refreshes with the same token, the second finds nothing to swap. Null when nothing matched.
   */
  async rotate(tx: Tx, input: Rotation): Promise<{ sessionId: string; accessExpiresAt: Date; refreshExpiresAt: Date } | null> {
    const rows = await queryRows<{ id: string; access_expires_at: Date; refresh_expires_at: Date }>(
      tx,
      `UPDATE sessions s
          SET access_token_hash = $2,
              refresh_token_hash = $3,
              access_expires_at = LEAST($4::timestamptz, s.refresh_expires_at),
              rotated_refresh_hashes = (ARRAY[s.refresh_token_hash] || s.rotated_refresh_hashes)[1:${ROTATED_KEPT}],
              last_seen_at = $5
         FROM users u
        WHERE s.refresh_token_hash = $1 AND u.id = s.user_id AND u.disabled_at IS NULL
          AND s.revoked_at IS NULL AND s.refresh_expires_at > $5 AND s.last_seen_at > $6
        RETURNING s.id, s.access_expires_at, s.refresh_expires_at`,
      [input.refreshTokenHash, input.newAccessTokenHash, input.newRefreshTokenHash, input.accessExpiresAt, input.now, input.idleCutoff],
    );
    const row = rows[0];
    return row ? { sessionId: row.id, accessExpiresAt: row.access_expires_at, refreshExpiresAt: row.refresh_expires_at } : null;
  }

  /** The session a refresh token belongs to now or belonged to before a rotation, to explain a refusal. */
  async findByRefreshToken(tx: Tx, refreshTokenHash: string): Promise<RefreshLookup | null> {
    const rows = await queryRows<{
      id: string;
      user_id: string;
      username: string;
      current: boolean;
      refresh_expires_at: Date;
      last_seen_at: Date;
      revoked_at: Date | null;
      disabled_at: Date | null;
    }>(
      tx,
      `SELECT s.id, s.user_id, u.username, s.refresh_token_hash IS NOT DISTINCT FROM $1 AS current,
              s.refresh_expires_at, s.last_seen_at, s.revoked_at, u.disabled_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.refresh_token_hash = $1 OR s.rotated_refresh_hashes @> ARRAY[$1::text]
        LIMIT 1`,
      [refreshTokenHash],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      sessionId: row.id,
      userId: row.user_id,
      username: row.username,
      current: row.current,
      refreshExpiresAt: row.refresh_expires_at,
      lastSeenAt: row.last_seen_at,
      revokedAt: row.revoked_at,
      userDisabled: row.disabled_at !== null,
    };
  }

  /** Ends a session: its access and refresh tokens stop working. False when it had already ended. */
  async revoke(tx: Tx, sessionId: string, now: Date, reason: string): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `UPDATE sessions SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [sessionId, now, reason],
    );
    return rows.length > 0;
  }

  /** Ends every live session of the person (their account was disabled); answers how many ended. */
  async revokeAll(tx: Tx, userId: string, now: Date, reason: string): Promise<number> {
    const rows = await queryRows(
      tx,
      `UPDATE sessions SET revoked_at = $2, revoked_reason = $3 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId, now, reason],
    );
    return rows.length;
  }

  /** Ends every live session of the person but one; answers how many ended. */
  async revokeOthers(tx: Tx, userId: string, keepSessionId: string, now: Date, reason: string): Promise<number> {
    const rows = await queryRows(
      tx,
      `UPDATE sessions SET revoked_at = $3, revoked_reason = $4
        WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id`,
      [userId, keepSessionId, now, reason],
    );
    return rows.length;
  }
}
