import { Injectable } from '@nestjs/common';
import type { Role } from '@jixiao/workflow';
import { In } from 'typeorm';
import type { Tx } from '../data-source';
import { RoleAssignmentEntity } from '../entities/role-assignment.entity';
import { UserEntity } from '../entities/user.entity';
import { queryRows } from './rows';

export interface NewUser {
  organisationId: string;
  username: string;
  displayName: string;
  email: string | null;
  phone?: string | null;
  /** Null for an invited account: its person sets the password through the invitation link. */
  passwordHash: string | null;
  roles: readonly Role[];
  /** The password was chosen for the person, who must change it at first sign-in. */
  mustChangePassword?: boolean;
}

@Injectable()
export class UserStore {
  async create(tx: Tx, input: NewUser): Promise<UserEntity> {
    const { roles, ...fields } = input;
    const user = await tx.getRepository(UserEntity).save(tx.getRepository(UserEntity).create(fields));
    if (roles.length > 0) {
      await tx
        .getRepository(RoleAssignmentEntity)
        .insert(roles.map((role) => ({ userId: user.id, organisationId: input.organisationId, role })));
    }
    return user;
  }

  findByUsername(tx: Tx, username: string): Promise<UserEntity | null> {
    return tx.getRepository(UserEntity).findOneBy({ username });
  }

  findByIds(tx: Tx, ids: readonly string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return tx.getRepository(UserEntity).findBy({ id: In([...ids]) });
  }

  async rolesIn(tx: Tx, userId: string, organisationId: string): Promise<Role[]> {
    const rows = await tx.getRepository(RoleAssignmentEntity).findBy({ userId, organisationId });
    return rows.map((row) => row.role);
  }

  /**
   * Holds a transaction-long lock that every start taking the decision "the database has no
   * accounts yet" takes first: of two processes starting at once, the second waits and then sees
   * the first one's accounts.
   */
  async lockForFirstAccount(tx: Tx): Promise<void> {
    await queryRows(tx, `SELECT pg_advisory_xact_lock(hashtext('jixiao:first-account'))`);
  }

  async countUsers(tx: Tx): Promise<number> {
    return tx.getRepository(UserEntity).count();
  }

  /** Sets a new password hash and lifts the demand to change the password. */
  async changePassword(tx: Tx, userId: string, passwordHash: string, now: Date): Promise<void> {
    await queryRows(
      tx,
      `UPDATE users SET password_hash = $2, password_changed_at = $3, must_change_password = false WHERE id = $1`,
      [userId, passwordHash, now],
    );
  }

  /**
   * Switches an account off (a time) or on again (null). False when it already was in that state,
   * so that only a real change is logged.
   */
  async setDisabled(tx: Tx, userId: string, disabledAt: Date | null): Promise<boolean> {
    const rows = await queryRows(
      tx,
      disabledAt
        ? `UPDATE users SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL RETURNING id`
        : `UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL RETURNING id`,
      disabledAt ? [userId, disabledAt] : [userId],
    );
    return rows.length > 0;
  }

  /**
   * The active holders of a role in an organisation, with the organisation's row locked first, so
   * that two admins switching each other off at once cannot both pass a "someone else is left" check.
   */
  async activeHoldersLocked(tx: Tx, organisationId: string, role: Role): Promise<string[]> {
    await queryRows(tx, `SELECT id FROM organisations WHERE id = $1 FOR UPDATE`, [organisationId]);
    const rows = await queryRows<{ id: string }>(
      tx,
      `SELECT u.id FROM users u JOIN role_assignments r ON r.user_id = u.id AND r.organisation_id = u.organisation_id
        WHERE u.organisation_id = $1 AND r.role = $2 AND u.disabled_at IS NULL`,
      [organisationId, role],
    );
    return rows.map((row) => row.id);
  }
}
