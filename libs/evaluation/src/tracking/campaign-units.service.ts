import { Injectable } from '@nestjs/common';
import { CampaignStore, OrganisationStore, Transactor } from '@jixiao/persistence';
import { AccessPolicy } from '../access-policy';
import { DomainError, forbidden, unprocessable } from '../errors';
import type { Principal } from '../principal';
import { CampaignAccess } from './campaign-access';
import type { SheetFormat } from './named-sheet';
import type { UnitSheetProblem } from './unit-sheet';
import { SheetReader } from './sheet-reader';

export interface CampaignUnitsView {
  campaignId: string;
  unitCount: number;
  unitIds: string[];
}

/** The budget units a draft campaign covers: chosen from the bureau's list, or imported from a spreadsheet. */
@Injectable()
export class CampaignUnitsService {
  constructor(
    private readonly transactor: Transactor,
    private readonly campaigns: CampaignStore,
    private readonly organisations: OrganisationStore,
    private readonly policy: AccessPolicy,
    private readonly access: CampaignAccess,
    private readonly sheets: SheetReader,
  ) {}

  /** Answers 404 or 403 unless the principal manages the campaign: checked before an upload is read. */
  async authorise(principal: Principal, campaignId: string): Promise<void> {
    await this.access.managedCampaign(this.transactor.manager, principal, campaignId);
  }

  /** The budget units a finance officer may choose from, by name: the active units of their bureau's directory. */
  async units(principal: Principal, search: string | undefined, page: { limit: number; offset: number }) {
    if (!this.policy.isFinanceOfficer(principal)) {
      throw forbidden('CAMPAIGN.ROLE_NOT_ALLOWED', 'Only a finance officer lists the budget units.');
    }
    const result = await this.organisations.searchUnits(this.transactor.manager, principal.organisationId, search, page);
    return { items: result.items.map((o) => ({ id: o.id, name: o.name, code: o.code })), total: result.total, ...page };
  }

  /** Replaces the units a draft campaign covers with units chosen from the bureau's list. */
  async setUnits(principal: Principal, campaignId: string, unitIds: readonly string[]): Promise<CampaignUnitsView> {
    const duplicates = unitIds.filter((id, index) => unitIds.indexOf(id) !== index);
    if (duplicates.length > 0) throw unprocessable('CAMPAIGN.DUPLICATE_UNIT', 'A unit is listed more than once.', { unitIds: [...new Set(duplicates)] });
    return this.transactor.run(async (tx) => {
      const campaign = await this.access.draftCampaign(tx, principal, campaignId);
      const found = await this.organisations.activeUnitIdsOfBureau(tx, campaign.bureauId, unitIds);
      const unknown = unitIds.filter((id) => !found.has(id));
      if (unknown.length > 0) {
        throw unprocessable('CAMPAIGN.UNKNOWN_UNIT', `${unknown.length} of the listed units are not budget units known to the bureau.`, { unitIds: unknown });
      }
      await this.campaigns.replaceUnits(tx, campaignId, unitIds);
      return { campaignId, unitCount: unitIds.length, unitIds: [...unitIds] };
    });
  }

  /**
   * Replaces the units a draft campaign covers with those of a spreadsheet (.xlsx or CSV). Every
   * row is checked; with any problem nothing is written and every problem is answered with its row
   * and column.
   */
  async importUnits(principal: Principal, campaignId: string, bytes: Buffer, format: SheetFormat): Promise<CampaignUnitsView> {
    await this.transactor.run((tx) => this.access.draftCampaign(tx, principal, campaignId));
    // Read in a worker thread and outside the transaction: a slow file holds neither the event loop nor a connection.
    const sheet = await this.sheets.readUnits(bytes, format);
    if (!sheet.ok) throw importInvalid(sheet.problems);
    return this.transactor.run(async (tx) => {
      const campaign = await this.access.draftCampaign(tx, principal, campaignId);
      const codes = sheet.rows.map((r) => r.code).filter((c) => c !== '');
      const names = sheet.rows.map((r) => r.name).filter((n) => n !== '');
      const units = await this.organisations.findUnitsByCodesOrNames(tx, campaign.bureauId, codes, names);
      const byCode = new Map(units.map((u) => [u.code, u]));
      const problems: UnitSheetProblem[] = [];
      const firstRowOf = new Map<string, number>();
      const unitIds: string[] = [];
      for (const row of sheet.rows) {
        const rowProblems: UnitSheetProblem[] = [];
        if (sheet.columns.code && row.code === '') rowProblems.push({ row: row.row, field: '单位代码', code: 'IMPORT.EMPTY_CELL', message: `第${row.row}行：单位代码为空。` });
        if (sheet.columns.name && row.name === '') rowProblems.push({ row: row.row, field: '单位名称', code: 'IMPORT.EMPTY_CELL', message: `第${row.row}行：单位名称为空。` });
        let unit = row.code !== '' ? byCode.get(row.code) : undefined;
        if (row.code !== '' && !unit) {
          rowProblems.push({ row: row.row, field: '单位代码', code: 'IMPORT.UNKNOWN_UNIT', message: `第${row.row}行：单位代码“${row.code}”不是本局名录中的预算单位。` });
        } else if (unit && row.name !== '' && unit.name !== row.name) {
          rowProblems.push({
            row: row.row,
            field: '单位名称',
            code: 'IMPORT.NAME_MISMATCH',
            message: `第${row.row}行：单位代码“${row.code}”对应的单位是“${unit.name}”，不是“${row.name}”。`,
          });
        } else if (row.code === '' && row.name !== '') {
          const named = units.filter((u) => u.name === row.name);
          if (named.length === 0) {
            rowProblems.push({ row: row.row, field: '单位名称', code: 'IMPORT.UNKNOWN_UNIT', message: `第${row.row}行：“${row.name}”不是本局名录中的预算单位。` });
          } else if (named.length > 1) {
            rowProblems.push({ row: row.row, field: '单位名称', code: 'IMPORT.AMBIGUOUS_NAME', message: `第${row.row}行：名为“${row.name}”的单位不止一个，请填写单位代码。` });
          } else {
            unit = named[0];
          }
        }
        if (unit && rowProblems.length === 0) {
          const first = firstRowOf.get(unit.id);
          if (first !== undefined) {
            rowProblems.push({
              row: row.row,
              field: sheet.columns.code ? '单位代码' : '单位名称',
              code: 'IMPORT.DUPLICATE_UNIT',
              message: `第${row.row}行：“${unit.name}”已在第${first}行列出。`,
            });
          } else {
            firstRowOf.set(unit.id, row.row);
            unitIds.push(unit.id);
          }
        }
        problems.push(...rowProblems);
      }
      if (problems.length > 0) throw importInvalid(problems);
      await this.campaigns.replaceUnits(tx, campaignId, unitIds);
      return { campaignId, unitCount: unitIds.length, unitIds };
    });
  }
}

function importInvalid(problems: readonly UnitSheetProblem[]): DomainError {
  const shown = problems.slice(0, 5).map((p) => p.message).join('');
  return unprocessable('CAMPAIGN.IMPORT_INVALID', `单位名单有 ${problems.length} 处问题，未导入：${shown}${problems.length > 5 ? '……' : ''}`, { problems });
}
