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
  passwordHash: string;
  roles: readonly Role[];
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

  async countUsers(tx: Tx): Promise<number> {
    return tx.getRepository(UserEntity).count();
  }

  /** Sets a new password hash. */
  async changePassword(tx: Tx, userId: string, passwordHash: string, now: Date): Promise<void> {
    await queryRows(
      tx,
      `UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1`,
      [userId, passwordHash, now],
    );
  }
}
