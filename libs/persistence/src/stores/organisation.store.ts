import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { Tx } from '../data-source';
import { OrganisationEntity, type OrganisationKind } from '../entities/organisation.entity';
import { SubOfficeEntity, type SubOfficeKind } from '../entities/sub-office.entity';

@Injectable()
export class OrganisationStore {
  create(tx: Tx, input: { kind: OrganisationKind; name: string; code: string }): Promise<OrganisationEntity> {
    return tx.getRepository(OrganisationEntity).save(tx.getRepository(OrganisationEntity).create(input));
  }

  findById(tx: Tx, id: string): Promise<OrganisationEntity | null> {
    return tx.getRepository(OrganisationEntity).findOneBy({ id });
  }

  findByCode(tx: Tx, code: string): Promise<OrganisationEntity | null> {
    return tx.getRepository(OrganisationEntity).findOneBy({ code });
  }

  findByIds(tx: Tx, ids: readonly string[]): Promise<OrganisationEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return tx.getRepository(OrganisationEntity).findBy({ id: In([...ids]) });
  }

  listUnits(tx: Tx): Promise<OrganisationEntity[]> {
    return tx.getRepository(OrganisationEntity).find({ where: { kind: 'unit' }, order: { name: 'ASC' } });
  }

  async addSubOffices(tx: Tx, unitId: string, offices: readonly { kind: SubOfficeKind; name: string }[], after = 0): Promise<void> {
    if (offices.length === 0) return;
    await tx
      .getRepository(SubOfficeEntity)
      .insert(offices.map((office, index) => ({ unitId, kind: office.kind, name: office.name, position: after + index + 1 })));
  }

  listSubOffices(tx: Tx, unitId: string): Promise<SubOfficeEntity[]> {
    return tx.getRepository(SubOfficeEntity).find({ where: { unitId }, order: { position: 'ASC' } });
  }
}
