import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { Tx } from '../data-source';
import { OrganisationEntity, type OrganisationKind, type UnitType } from '../entities/organisation.entity';
import { SubOfficeEntity, type SubOfficeKind } from '../entities/sub-office.entity';

@Injectable()
export class OrganisationStore {
  /** A unit names its bureau (`bureauId`) and may name its 主管部门 (`parentId`), type and contacts. */
  create(
    tx: Tx,
    input: {
      kind: OrganisationKind;
      name: string;
      code: string;
      bureauId?: string | null;
      parentId?: string | null;
      unitType?: UnitType | null;
      contactName?: string | null;
      contactPhone?: string | null;
      contactEmail?: string | null;
    },
  ): Promise<OrganisationEntity> {
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

  /** Of `ids`, those of the bureau's active (not archived) budget units: what its campaigns may cover. */
  async activeUnitIdsOfBureau(tx: Tx, bureauId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const found = await tx
      .getRepository(OrganisationEntity)
      .createQueryBuilder('o')
      .select('o.id')
      .where(`o.kind = 'unit' AND o.bureau_id = :bureauId AND o.archived_at IS NULL AND o.id IN (:...ids)`, { bureauId, ids: [...ids] })
      .getMany();
    return new Set(found.map((o) => o.id));
  }

  /** The bureau's active budget units whose code or name is one of those given, for matching the rows of an imported list. */
  async findUnitsByCodesOrNames(tx: Tx, bureauId: string, codes: readonly string[], names: readonly string[]): Promise<OrganisationEntity[]> {
    return tx
      .getRepository(OrganisationEntity)
      .createQueryBuilder('o')
      .where(`o.kind = 'unit' AND o.bureau_id = :bureauId AND o.archived_at IS NULL AND (o.code = ANY(:codes) OR o.name = ANY(:names))`, {
        bureauId,
        codes: [...codes],
        names: [...names],
      })
      .getMany();
  }

  /** The bureau's active budget units, by name, optionally those whose name or code contains `search`. */
  async searchUnits(tx: Tx, bureauId: string, search: string | undefined, page: { limit: number; offset: number }): Promise<{ items: OrganisationEntity[]; total: number }> {
    const query = tx
      .getRepository(OrganisationEntity)
      .createQueryBuilder('o')
      .where(`o.kind = 'unit' AND o.bureau_id = :bureauId AND o.archived_at IS NULL`, { bureauId });
    if (search) {
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere('(o.name ILIKE :pattern OR o.code ILIKE :pattern)', { pattern });
    }
    const [items, total] = await query.orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC').take(page.limit).skip(page.offset).getManyAndCount();
    return { items, total };
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
