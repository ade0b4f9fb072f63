import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { DelegationEntity, type DelegationKind, type ReassignedTask } from '../entities/delegation.entity';
import { queryRows } from './rows';

export interface NewDelegation {
  kind: DelegationKind;
  organisationId: string;
  delegatorId: string;
  delegateId: string;
  caseId: string | null;
  task: ReassignedTask | null;
  startsOn: string | null;
  endsOn: string | null;
  reason: string;
  createdBy: string;
}

@Injectable()
export class DelegationStore {
  create(tx: Tx, input: NewDelegation): Promise<DelegationEntity> {
    const repository = tx.getRepository(DelegationEntity);
    return repository.save(repository.create({ ...input, revokedAt: null, revokedBy: null }));
  }

  findById(tx: Tx, id: string): Promise<DelegationEntity | null> {
    return tx.getRepository(DelegationEntity).findOneBy({ id });
  }

  /** Serialises delegations by one delegator, so two overlapping ones cannot both be created. */
  async lockDelegator(tx: Tx, delegatorId: string): Promise<void> {
    await queryRows(tx, `SELECT id FROM users WHERE id = $1 FOR UPDATE`, [delegatorId]);
  }

  /** The delegator's live delegations whose dates meet [startsOn, endsOn]. */
  async overlapping(tx: Tx, delegatorId: string, startsOn: string, endsOn: string): Promise<DelegationEntity[]> {
    return tx
      .getRepository(DelegationEntity)
      .createQueryBuilder('d')
      .where(`d.delegator_id = :delegatorId AND d.kind = 'delegation' AND d.revoked_at IS NULL`, { delegatorId })
      .andWhere('d.starts_on <= :endsOn AND d.ends_on >= :startsOn', { startsOn, endsOn })
      .getMany();
  }

  /** The delegation in force on `day` by which `delegateId` stands in for `delegatorId`, if any. */
  async inForce(tx: Tx, delegatorId: string, delegateId: string, day: string): Promise<DelegationEntity | null> {
    const found = await queryRows<{ id: string }>(
      tx,
      `SELECT id FROM delegations
        WHERE kind = 'delegation' AND delegator_id = $1 AND delegate_id = $2 AND revoked_at IS NULL
          AND starts_on <= $3::date AND ends_on >= $3::date
        LIMIT 1`,
      [delegatorId, delegateId, day],
    );
    return found[0] ? this.findById(tx, found[0].id) : null;
  }

  /** Delegations in an organisation, or those a person gave or received; newest first. */
  list(tx: Tx, filter: { organisationId: string; userId?: string }): Promise<DelegationEntity[]> {
    const query = tx
      .getRepository(DelegationEntity)
      .createQueryBuilder('d')
      .where('d.organisation_id = :organisationId', { organisationId: filter.organisationId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'ASC')
      .limit(500);
    if (filter.userId) query.andWhere('(d.delegator_id = :userId OR d.delegate_id = :userId)', { userId: filter.userId });
    return query.getMany();
  }

  /** Revokes a live delegation; false when it was revoked already (by someone else, first). */
  async revoke(tx: Tx, id: string, by: string, at: Date): Promise<boolean> {
    const result = await queryRows<{ id: string }>(
      tx,
      `UPDATE delegations SET revoked_at = $3, revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [id, by, at],
    );
    return result.length === 1;
  }
}
