import { Injectable } from '@nestjs/common';
import type { Role } from '@jixiao/workflow';
import type { Tx } from '../data-source';
import { CampaignOfficerEntity } from '../entities/campaign-officer.entity';
import { RoleAssignmentEntity } from '../entities/role-assignment.entity';
import { SubOfficeEntity } from '../entities/sub-office.entity';
import { UserEntity } from '../entities/user.entity';
import { queryRows } from './rows';

export interface PersonRow {
  id: string;
  organisationId: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  subOfficeId: string | null;
  roles: Role[];
  disabledAt: Date | null;
  /** False for an invited account whose person has not set a password yet. */
  hasPassword: boolean;
}

/** People, their roles and places in organisations, and finance officers' campaign bindings. */
@Injectable()
export class PeopleStore {
  async people(tx: Tx, organisationId: string): Promise<PersonRow[]> {
    const found = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT u.id, u.organisation_id, u.username, u.display_name, u.email, u.phone, u.sub_office_id, u.disabled_at, u.password_hash IS NOT NULL AS has_password,
              ARRAY(SELECT r.role FROM role_assignments r WHERE r.user_id = u.id AND r.organisation_id = u.organisation_id ORDER BY r.role) AS roles
         FROM users u WHERE u.organisation_id = $1 ORDER BY u.username`,
      [organisationId],
    );
    return found.map(toPerson);
  }

  async person(tx: Tx, userId: string): Promise<PersonRow | null> {
    const found = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT u.id, u.organisation_id, u.username, u.display_name, u.email, u.phone, u.sub_office_id, u.disabled_at, u.password_hash IS NOT NULL AS has_password,
              ARRAY(SELECT r.role FROM role_assignments r WHERE r.user_id = u.id AND r.organisation_id = u.organisation_id ORDER BY r.role) AS roles
         FROM users u WHERE u.id = $1`,
      [userId],
    );
    return found[0] ? toPerson(found[0]) : null;
  }

  /**
   * Which of these user names exist, with the organisation each belongs to. In a transaction that
   * goes on to create accounts, the names stay locked until it ends: of two requests creating the
   * same name at once, the second waits, then finds it taken (409) instead of failing on the
   * UNIQUE index. Locked in name order, so two imports sharing names cannot deadlock.
   */
  async usernamesTaken(tx: Tx, usernames: readonly string[]): Promise<Map<string, string>> {
    if (usernames.length === 0) return new Map();
    await lockUsernames(tx, usernames);
    const rows = await queryRows<{ username: string; organisation_id: string }>(tx, `SELECT username, organisation_id FROM users WHERE username = ANY($1::text[])`, [[...usernames]]);
    return new Map(rows.map((row) => [row.username, row.organisation_id]));
  }

  /** The finance bureau whose directory holds a unit; null for anything else. */
  async bureauOfUnit(tx: Tx, organisationId: string): Promise<string | null> {
    const rows = await queryRows<{ bureau_id: string | null }>(tx, `SELECT bureau_id FROM organisations WHERE id = $1 AND kind = 'unit'`, [organisationId]);
    return rows[0]?.bureau_id ?? null;
  }

  /** Whether the name exists; locked like `usernamesTaken`. */
  async usernameTaken(tx: Tx, username: string): Promise<boolean> {
    await lockUsernames(tx, [username]);
    return (await tx.getRepository(UserEntity).countBy({ username })) > 0;
  }

  /** Name and contact details as a people import sets them. */
  async setContact(tx: Tx, userId: string, contact: { displayName: string; email: string | null; phone: string | null }): Promise<void> {
    await queryRows(tx, `UPDATE users SET display_name = $2, email = $3, phone = $4 WHERE id = $1`, [userId, contact.displayName, contact.email, contact.phone]);
  }

  /** Holds the organisation's row for the caller's transaction: two imports into one unit run one after the other. */
  async lockOrganisation(tx: Tx, organisationId: string): Promise<void> {
    await queryRows(tx, `SELECT id FROM organisations WHERE id = $1 FOR UPDATE`, [organisationId]);
  }

  async setRoles(tx: Tx, userId: string, organisationId: string, roles: readonly Role[]): Promise<void> {
    await tx.getRepository(RoleAssignmentEntity).delete({ userId, organisationId });
    if (roles.length > 0) await tx.getRepository(RoleAssignmentEntity).insert(roles.map((role) => ({ userId, organisationId, role })));
  }

  async setSubOffice(tx: Tx, userId: string, subOfficeId: string | null): Promise<void> {
    await tx.getRepository(UserEntity).update({ id: userId }, { subOfficeId });
  }

  subOffice(tx: Tx, id: string): Promise<SubOfficeEntity | null> {
    return tx.getRepository(SubOfficeEntity).findOneBy({ id });
  }

  /** The user's roles in their organisation and in one case's working group, for acting on their behalf. */
  async rolesForCase(tx: Tx, userId: string, caseId: string): Promise<Role[]> {
    const found = await queryRows<{ role: Role }>(
      tx,
      `SELECT r.role FROM role_assignments r JOIN users u ON u.id = r.user_id AND u.organisation_id = r.organisation_id WHERE r.user_id = $1
       UNION
       SELECT g.role FROM case_group_members g WHERE g.user_id = $1 AND g.case_id = $2`,
      [userId, caseId],
    );
    return found.map((row) => row.role);
  }

  async bindOfficer(tx: Tx, campaignId: string, userId: string): Promise<void> {
    await tx.getRepository(CampaignOfficerEntity).upsert({ campaignId, userId }, ['campaignId', 'userId']);
  }

  async officers(tx: Tx, campaignId: string): Promise<string[]> {
    const rows = await tx.getRepository(CampaignOfficerEntity).findBy({ campaignId });
    return rows.map((row) => row.userId);
  }

  /** Whether the officer is bound to a campaign that covers the unit. */
  async officerCoversUnit(tx: Tx, userId: string, unitId: string): Promise<boolean> {
    const found = await queryRows(
      tx,
      `SELECT 1 FROM campaign_officers co JOIN campaign_units cu ON cu.campaign_id = co.campaign_id
        WHERE co.user_id = $1 AND cu.unit_id = $2 LIMIT 1`,
      [userId, unitId],
    );
    return found.length > 0;
  }
}

function toPerson(row: Record<string, unknown>): PersonRow {
  return {
    id: row.id as string,
    organisationId: row.organisation_id as string,
    username: row.username as string,
    displayName: row.display_name as string,
    email: row.email as string | null,
    phone: (row.phone as string | null) ?? null,
    subOfficeId: row.sub_office_id as string | null,
    roles: row.roles as Role[],
    disabledAt: row.disabled_at as Date | null,
    hasPassword: row.has_password as boolean,
  };
}

/** Transaction-scoped advisory locks on user names (outside a transaction they end with the statement). */
async function lockUsernames(tx: Tx, usernames: readonly string[]): Promise<void> {
  await queryRows(tx, `SELECT pg_advisory_xact_lock(hashtextextended('jixiao:username:' || name, 0)) FROM (SELECT DISTINCT unnest($1::text[]) AS name ORDER BY 1) AS names`, [
    [...usernames],
  ]);
}
