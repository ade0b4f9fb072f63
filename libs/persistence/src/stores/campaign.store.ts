import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';
import { CampaignUnitEntity } from '../entities/campaign-unit.entity';
import { CampaignEntity } from '../entities/campaign.entity';

export type NewCampaign = Omit<CampaignEntity, 'id' | 'createdAt' | 'issuedAt' | 'status'>;

export interface CampaignRow extends CampaignEntity {
  unitCount: number;
}

@Injectable()
export class CampaignStore {
  async create(tx: Tx, input: NewCampaign, unitIds: readonly string[]): Promise<CampaignEntity> {
    const repository = tx.getRepository(CampaignEntity);
    const campaign = await repository.save(repository.create({ ...input, status: 'draft', issuedAt: null }));
    await tx.getRepository(CampaignUnitEntity).insert(unitIds.map((unitId) => ({ campaignId: campaign.id, unitId })));
    return campaign;
  }

  findById(tx: Tx, id: string): Promise<CampaignEntity | null> {
    return tx.getRepository(CampaignEntity).findOneBy({ id });
  }

  /** Locks the campaign row until the transaction ends, so two issuers cannot both issue it. */
  findForUpdate(tx: Tx, id: string): Promise<CampaignEntity | null> {
    return tx.getRepository(CampaignEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findByDocumentNumber(tx: Tx, bureauId: string, documentNumber: string): Promise<CampaignEntity | null> {
    return tx.getRepository(CampaignEntity).findOneBy({ bureauId, documentNumber });
  }

  /** Writes the terms of a draft campaign. */
  async updateTerms(tx: Tx, id: string, terms: Omit<NewCampaign, 'bureauId' | 'createdBy'>): Promise<void> {
    await queryRows(
      tx,
      `UPDATE campaigns SET document_number = $2, title = $3, fiscal_year = $4, submission_deadline = $5, publication_deadline = $6,
              approval_mode = $7, outline = $8::jsonb, indicator_config = $9::jsonb, rounding_tolerance = $10::numeric,
              rule_pack = $11::jsonb, public_seal_verification = $12
        WHERE id = $1 AND status = 'draft'`,
      [
        id,
        terms.documentNumber,
        terms.title,
        terms.fiscalYear,
        terms.submissionDeadline,
        terms.publicationDeadline,
        terms.approvalMode,
        JSON.stringify(terms.outline),
        terms.indicatorConfig === null ? null : JSON.stringify(terms.indicatorConfig),
        terms.roundingTolerance,
        terms.rulePack === null || terms.rulePack === undefined ? null : JSON.stringify(terms.rulePack),
        terms.publicSealVerification,
      ],
    );
  }

  async markIssued(tx: Tx, id: string, issuedAt: Date): Promise<void> {
    await tx.getRepository(CampaignEntity).update({ id }, { status: 'issued', issuedAt });
  }

  async unitIds(tx: Tx, campaignId: string): Promise<string[]> {
    const rows = await tx.getRepository(CampaignUnitEntity).find({ where: { campaignId }, order: { unitId: 'ASC' } });
    return rows.map((row) => row.unitId);
  }

  /** Campaigns an officer is bound to, or the campaigns that cover one unit. */
  async list(tx: Tx, scope: { officerId: string } | { unitId: string }, page: { limit: number; offset: number }): Promise<{ items: CampaignRow[]; total: number }> {
    const where =
      'officerId' in scope
        ? { sql: 'EXISTS (SELECT 1 FROM campaign_officers co WHERE co.campaign_id = c.id AND co.user_id = $1)', value: scope.officerId }
        : { sql: 'EXISTS (SELECT 1 FROM campaign_units cu WHERE cu.campaign_id = c.id AND cu.unit_id = $1)', value: scope.unitId };
    const rows: Array<Record<string, unknown>> = await queryRows(tx, 
      `SELECT c.*, (SELECT count(*) FROM campaign_units cu WHERE cu.campaign_id = c.id)::int AS unit_count,
              count(*) OVER ()::int AS total
         FROM campaigns c
        WHERE ${where.sql}
        ORDER BY c.created_at DESC, c.id
        LIMIT $2 OFFSET $3`,
      [where.value, page.limit, page.offset],
    );
    const total = rows.length > 0 ? Number(rows[0]!.total) : 0;
    return { items: rows.map(toCampaignRow), total };
  }

  /**
   * Replaces the units a draft campaign covers, in two set-based statements. A unit kept keeps its
   * row, and with it its key projects and whether it files the department-wide report.
   */
  async replaceUnits(tx: Tx, campaignId: string, unitIds: readonly string[]): Promise<void> {
    await queryRows(tx, `DELETE FROM campaign_units WHERE campaign_id = $1 AND unit_id <> ALL($2::uuid[])`, [campaignId, [...unitIds]]);
    await queryRows(tx, `INSERT INTO campaign_units (campaign_id, unit_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [campaignId, [...unitIds]]);
  }

  async unitCount(tx: Tx, campaignId: string): Promise<number> {
    return tx.getRepository(CampaignUnitEntity).countBy({ campaignId });
  }
}

function toCampaignRow(row: Record<string, unknown>): CampaignRow {
  return {
    id: row.id as string,
    bureauId: row.bureau_id as string,
    documentNumber: row.document_number as string,
    title: row.title as string,
    fiscalYear: row.fiscal_year as number,
    submissionDeadline: row.submission_deadline as string,
    publicationDeadline: row.publication_deadline as string,
    approvalMode: row.approval_mode as CampaignEntity['approvalMode'],
    outline: row.outline as CampaignEntity['outline'],
    indicatorConfig: row.indicator_config ?? null,
    roundingTolerance: String(row.rounding_tolerance),
    rulePack: row.rule_pack ?? null,
    publicSealVerification: row.public_seal_verification as boolean,
    status: row.status as CampaignEntity['status'],
    issuedAt: row.issued_at as Date | null,
    createdBy: row.created_by as string,
    createdAt: row.created_at as Date,
    unitCount: row.unit_count as number,
  };
}
