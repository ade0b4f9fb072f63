import { Injectable } from '@nestjs/common';
import type { Role } from '@jixiao/workflow';
import type { Tx } from '../data-source';
import { queryRows } from './rows';
import type { OrganisationKind } from '../entities/organisation.entity';
import { SessionEntity } from '../entities/session.entity';

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
  expiresAt: Date;
}

@Injectable()
export class SessionStore {
  async create(tx: Tx, input: { userId: string; tokenHash: string; expiresAt: Date; sourceAddress: string | null }): Promise<SessionEntity> {
    return tx.getRepository(SessionEntity).save(tx.getRepository(SessionEntity).create(input));
  }

  /** One round trip per request: the live session, its user, organisation and roles. */
  async findLive(tx: Tx, tokenHash: string, now: Date): Promise<SessionPrincipal | null> {
    const rows: Array<{
      session_id: string;
      user_id: string;
      username: string;
      display_name: string;
      organisation_id: string;
      organisation_kind: OrganisationKind;
      organisation_name: string;
      roles: Role[] | null;
      expires_at: Date;
    }> = await queryRows(tx, 
      `SELECT s.id AS session_id, u.id AS user_id, u.username, u.display_name, o.id AS organisation_id,
              o.kind AS organisation_kind, o.name AS organisation_name, s.expires_at,
              (SELECT array_agg(r.role ORDER BY r.role) FROM role_assignments r
                WHERE r.user_id = u.id AND r.organisation_id = u.organisation_id) AS roles
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         JOIN organisations o ON o.id = u.organisation_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.disabled_at IS NULL`,
      [tokenHash, now],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      sessionId: row.session_id,
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      organisationId: row.organisation_id,
      organisationKind: row.organisation_kind,
      organisationName: row.organisation_name,
      roles: row.roles ?? [],
      expiresAt: row.expires_at,
    };
  }

  async revoke(tx: Tx, sessionId: string, now: Date): Promise<void> {
    await tx.getRepository(SessionEntity).update({ id: sessionId }, { revokedAt: now });
  }
}
