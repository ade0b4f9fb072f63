import { Inject, Injectable } from '@nestjs/common';
import type { WorkingDays } from '@jixiao/calendar';
import {
  CampaignStore,
  CaseStore,
  OrganisationStore,
  PeopleStore,
  TrackingStore,
  Transactor,
  type CampaignEntity,
  type CampaignStatisticsRow,
  type TrackingFilter,
  type TrackingRow,
  type TrackingSort,
  type Tx,
} from '@jixiao/persistence';
import { DEFAULT_GRADE_BANDS, type IndicatorConfig } from '@jixiao/report';
import { OPEN_STATES, RECHECK_STATES } from '@jixiao/workflow';
import { AccessPolicy } from '../access-policy';
import { CaseService } from '../case.service';
import { Clock, shanghaiDate } from '../clock';
import { conflict, DomainError, forbidden, notFound, unprocessable } from '../errors';
import type { Principal } from '../principal';
import { DueItemsService } from '../reminders/due-items.service';
import { buildTrackingExport, type ExportFormat } from './tracking-export';
import type { PublicationStatus, SubmissionStatus, TrackingItem } from './tracking-item';
import type { SheetFormat, UnitSheetProblem } from './unit-sheet';
import { UnitSheetReader } from './unit-sheet-reader';
import { TRACKING_WORKING_DAYS, workingDaysUntil } from './working-days';

export interface TrackingRequest {
  filter: TrackingFilter;
  sort?: TrackingSort;
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface TrackingPage {
  campaignId: string;
  today: string;
  items: TrackingItem[];
  total: number;
  limit: number;
  offset: number;
}

export interface CampaignStatistics extends Omit<CampaignStatisticsRow, 'grades'> {
  campaignId: string;
  documentNumber: string;
  fiscalYear: number;
  /** On-time submissions over all units covered; null with no units. */
  onTimeRate: number | null;
  /** Units per grade band, in the campaign's band order, then the units without a complete score sheet. */
  grades: Array<{ grade: string | null; from: string | null; to: string | null; units: number }>;
}

export interface StatisticsView {
  campaign: CampaignStatistics;
  compareWith: CampaignStatistics | null;
}

export interface ExtensionResult {
  campaignId: string;
  deadline: string;
  extended: Array<{ caseId: string; from: string }>;
}

export interface RecheckResult {
  caseId: string;
  recheckScore: string;
  previousScore: string | null;
  selfScore: string | null;
  remarks: string;
}

export interface CampaignUnitsView {
  campaignId: string;
  unitCount: number;
  unitIds: string[];
}

/** Exports list every unit: a campaign covers at most 5,000. */
const EXPORT_LIMIT = 5000;

/** Re-checked only once submitted: awaiting acceptance, accepted, or published. */

const SCORE = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;

/** '90.00' → '90', '85.50' → '85.5': scores as they are written. */
export function plainScore(value: string | null): string | null {
  if (value === null) return null;
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

/**
 * The finance bureau's side of a campaign: the tracking view and its export, re-checks, deadline
 * extensions, statistics and the units a draft covers. Only the finance officers bound to the
 * campaign act here; staff of a covered unit see the campaign but get 403, everyone else 404.
 */
@Injectable()
export class TrackingService {
  constructor(
    private readonly transactor: Transactor,
    private readonly campaigns: CampaignStore,
    private readonly caseStore: CaseStore,
    private readonly organisations: OrganisationStore,
    private readonly people: PeopleStore,
    private readonly tracking: TrackingStore,
    private readonly cases: CaseService,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
    @Inject(TRACKING_WORKING_DAYS) private readonly workingDays: WorkingDays,
    private readonly dueItems: DueItemsService,
    private readonly sheets: UnitSheetReader,
  ) {}

  async page(principal: Principal, campaignId: string, request: TrackingRequest): Promise<TrackingPage> {
    const tx = this.transactor.manager;
    await this.managedCampaign(tx, principal, campaignId);
    const today = shanghaiDate(this.clock.now());
    const { rows, total } = await this.tracking.page(tx, {
      campaignId,
      today,
      filter: request.filter,
      sort: request.sort ?? 'urgency',
      descending: request.order === 'desc',
      limit: request.limit,
      offset: request.offset,
    });
    return { campaignId, today, items: rows.map((row) => this.item(row, today)), total, limit: request.limit, offset: request.offset };
  }

  /** The filtered, sorted view, every row, as an .xlsx workbook or a CSV file. */
  async export(principal: Principal, campaignId: string, request: Omit<TrackingRequest, 'limit' | 'offset'>, format: ExportFormat) {
    const tx = this.transactor.manager;
    const campaign = await this.managedCampaign(tx, principal, campaignId);
    const today = shanghaiDate(this.clock.now());
    const { rows } = await this.tracking.page(tx, {
      campaignId,
      today,
      filter: request.filter,
      sort: request.sort ?? 'urgency',
      descending: request.order === 'desc',
      limit: EXPORT_LIMIT,
      offset: 0,
    });
    const bytes = await buildTrackingExport(rows.map((row) => this.item(row, today)), format);
    const fileName = `${campaign.documentNumber}跟踪表${today}.${format}`;
    return { bytes, fileName, contentType: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8' };
  }

  async statistics(principal: Principal, campaignId: string, compareWithId: string | undefined): Promise<StatisticsView> {
    const tx = this.transactor.manager;
    const today = shanghaiDate(this.clock.now());
    const campaign = await this.managedCampaign(tx, principal, campaignId);
    const other = compareWithId === undefined ? null : await this.managedCampaign(tx, principal, compareWithId);
    return {
      campaign: await this.figures(tx, campaign, today),
      compareWith: other === null ? null : await this.figures(tx, other, today),
    };
  }

  /**
   * 复核: a bound finance officer records an adjusted score (0-100, two decimals at most) and
   * remarks on a submitted case; a later re-check replaces it. Recorded in the case's history.
   */
  async recheck(principal: Principal, caseId: string, input: { score: string; remarks: string }): Promise<RecheckResult> {
    const remarks = input.remarks.trim();
    if (!SCORE.test(input.score)) {
      throw unprocessable('RECHECK.SCORE_OUT_OF_RANGE', 'The re-check score must be a number from 0 to 100 with at most two decimals.', { fields: ['score'] });
    }
    if (remarks === '') throw unprocessable('RECHECK.REMARKS_REQUIRED', 'A re-check needs remarks (复核意见).', { fields: ['remarks'] });
    return this.transactor.run(async (tx) => {
      const { record, contentVersion } = await this.boundCase(tx, principal, caseId);
      const recorded = await this.tracking.recordRecheck(tx, { caseId, states: [...RECHECK_STATES], score: input.score, remarks, userId: principal.userId, at: this.clock.now() });
      if (recorded === null) {
        throw conflict('RECHECK.NOT_SUBMITTED', `Only a submitted report is re-checked; this case is ${record.state}.`, { state: record.state });
      }
      await this.caseStore.advance(tx, { caseId, expectedVersion: null }, {
        event: 'RECHECK',
        fromState: record.state,
        toState: record.state,
        actorId: principal.userId,
        onBehalfOfId: null,
        comment: remarks,
        details: { score: plainScore(input.score), previousScore: plainScore(recorded.previousScore), selfScore: plainScore(recorded.selfScore) },
        contentVersion,
        at: this.clock.now(),
      });
      return { caseId, recheckScore: plainScore(input.score)!, previousScore: plainScore(recorded.previousScore), selfScore: plainScore(recorded.selfScore), remarks };
    });
  }

  /**
   * Moves one unit's submission deadline (or every open unit's) to a later date, with a reason,
   * recorded in each case's history. Shortening is refused: for one unit, a date not after its
   * deadline in force; for all, a date before the campaign's deadline. Units that already submitted,
   * and units whose own deadline is already later, keep theirs.
   */
  async extend(principal: Principal, campaignId: string, input: { caseId?: string; deadline: string; reason: string }): Promise<ExtensionResult> {
    const reason = input.reason.trim();
    if (reason === '') throw unprocessable('DEADLINE.REASON_REQUIRED', 'An extension needs a reason.', { fields: ['reason'] });
    const today = shanghaiDate(this.clock.now());
    return this.transactor.run(async (tx) => {
      const campaign = await this.managedCampaign(tx, principal, campaignId);
      if (campaign.status !== 'issued') throw conflict('CAMPAIGN.NOT_ISSUED', 'Deadlines of units are extended once the campaign is issued; change the draft instead.');
      if (input.caseId !== undefined) {
        const current = await this.tracking.caseDeadline(tx, campaignId, input.caseId);
        if (!current) throw notFound('case', input.caseId);
        if (!(OPEN_STATES as readonly string[]).includes(current.state)) {
          throw conflict('DEADLINE.ALREADY_SUBMITTED', `This unit has already submitted (the case is ${current.state}); its deadline no longer applies.`, { state: current.state });
        }
        if (input.deadline <= current.deadline) throw shortening(input.deadline, current.deadline, current.deadline < today);
      } else if (input.deadline <= campaign.submissionDeadline) {
        throw shortening(input.deadline, campaign.submissionDeadline, campaign.submissionDeadline < today);
      }
      if (input.deadline < today) {
        throw unprocessable('DEADLINE.IN_THE_PAST', `The new deadline ${input.deadline} has already passed (today is ${today}).`, { fields: ['deadline'] });
      }
      const extended = await this.tracking.extendDeadlines(tx, {
        campaignId,
        caseId: input.caseId ?? null,
        deadline: input.deadline,
        actorId: principal.userId,
        reason,
        at: this.clock.now(),
      });
      if (input.caseId !== undefined && extended.length === 0) {
        throw conflict('CASE.VERSION_CONFLICT', 'Someone else changed this case first. Reload it and try again.');
      }
      // The new deadline moves the due dates of every task that follows it: reminders queued for the
      // old date are cancelled here, and the sweep queues the ladder of the new one.
      await this.dueItems.refresh(tx, extended.map((row) => row.caseId));
      return { campaignId, deadline: input.deadline, extended };
    });
  }

  /** Answers 404 or 403 unless the principal manages the campaign: checked before an upload is read. */
  async authorise(principal: Principal, campaignId: string): Promise<void> {
    await this.managedCampaign(this.transactor.manager, principal, campaignId);
  }

  /** The budget units a finance officer may choose from, by name. */
  async units(principal: Principal, search: string | undefined, page: { limit: number; offset: number }) {
    if (!this.policy.isFinanceOfficer(principal)) {
      throw forbidden('CAMPAIGN.ROLE_NOT_ALLOWED', 'Only a finance officer lists the budget units.');
    }
    const result = await this.organisations.searchUnits(this.transactor.manager, search, page);
    return { items: result.items.map((o) => ({ id: o.id, name: o.name, code: o.code })), total: result.total, ...page };
  }

  /** Replaces the units a draft campaign covers with units chosen from the bureau's list. */
  async setUnits(principal: Principal, campaignId: string, unitIds: readonly string[]): Promise<CampaignUnitsView> {
    const duplicates = unitIds.filter((id, index) => unitIds.indexOf(id) !== index);
    if (duplicates.length > 0) throw unprocessable('CAMPAIGN.DUPLICATE_UNIT', 'A unit is listed more than once.', { unitIds: [...new Set(duplicates)] });
    return this.transactor.run(async (tx) => {
      await this.draftCampaign(tx, principal, campaignId);
      const found = new Set((await this.organisations.findByIds(tx, unitIds)).filter((o) => o.kind === 'unit').map((o) => o.id));
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
    await this.transactor.run((tx) => this.draftCampaign(tx, principal, campaignId));
    // Read in a worker thread and outside the transaction: a slow file holds neither the event loop nor a connection.
    const sheet = await this.sheets.read(bytes, format);
    if (!sheet.ok) throw importInvalid(sheet.problems);
    return this.transactor.run(async (tx) => {
      await this.draftCampaign(tx, principal, campaignId);
      const codes = sheet.rows.map((r) => r.code).filter((c) => c !== '');
      const names = sheet.rows.map((r) => r.name).filter((n) => n !== '');
      const units = await this.organisations.findUnitsByCodesOrNames(tx, codes, names);
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

  private item(row: TrackingRow, today: string): TrackingItem {
    const submissionStatus: SubmissionStatus = row.submittedAt === null ? 'not_submitted' : row.submittedLate ? 'late' : 'on_time';
    let publicationStatus: PublicationStatus = 'not_due';
    if (row.state === 'published') publicationStatus = 'published';
    else if (row.state === 'submitted.accepted') publicationStatus = today > row.publicationDeadline ? 'overdue' : 'pending';
    return {
      caseId: row.caseId,
      unitId: row.unitId,
      unitName: row.unitName,
      unitCode: row.unitCode,
      state: row.state,
      sectionsApproved: row.sectionsApproved,
      sectionsTotal: row.sectionsTotal,
      deadline: row.deadline,
      deadlineExtended: row.deadlineExtended,
      workingDaysLeft: workingDaysUntil(this.workingDays, today, row.deadline),
      overdue: row.overdue,
      submissionStatus,
      submittedAt: row.submittedAt?.toISOString() ?? null,
      selfScore: plainScore(row.selfScore),
      grade: row.selfGrade,
      recheckScore: plainScore(row.recheckScore),
      recheckRemarks: row.recheckRemarks,
      returns: row.returnCount,
      lastReturnReason: row.lastReturnReason,
      lastReturnedAt: row.lastReturnedAt?.toISOString() ?? null,
      publicationStatus,
      publishedAt: row.publishedAt?.toISOString() ?? null,
      link: `/api/cases/${row.caseId}`,
    };
  }

  private async figures(tx: Tx, campaign: CampaignEntity, today: string): Promise<CampaignStatistics> {
    const row = await this.tracking.statistics(tx, campaign.id, today);
    const bands = ((campaign.indicatorConfig as IndicatorConfig | null)?.bands ?? DEFAULT_GRADE_BANDS).map((b) => ({ grade: b.grade as string | null, from: b.from as string | null, to: b.to as string | null }));
    const counted = new Map(row.grades.map((g) => [g.grade, g.units]));
    const grades = [...bands, { grade: null, from: null, to: null }].map((band) => ({ ...band, units: counted.get(band.grade) ?? 0 }));
    const { grades: _ignored, ...rest } = row;
    return {
      campaignId: campaign.id,
      documentNumber: campaign.documentNumber,
      fiscalYear: campaign.fiscalYear,
      ...rest,
      onTimeRate: row.units === 0 ? null : Math.round((row.onTime / row.units) * 10_000) / 10_000,
      averageSelfScore: plainScore(row.averageSelfScore),
      averageRecheckScore: plainScore(row.averageRecheckScore),
      meanGap: plainScore(row.meanGap),
      meanAbsoluteGap: plainScore(row.meanAbsoluteGap),
      largestAbsoluteGap: plainScore(row.largestAbsoluteGap),
      grades,
    };
  }

  /** A case the principal sees (404 otherwise) whose campaign they are bound to as a finance officer (403 otherwise). */
  private async boundCase(tx: Tx, principal: Principal, caseId: string) {
    const loaded = await this.cases.loadVisible(tx, principal, caseId);
    if (!this.policy.managesCase(principal, loaded.record)) {
      throw forbidden('CAMPAIGN.ROLE_NOT_ALLOWED', 'Only a finance officer bound to the campaign may do this.');
    }
    return loaded;
  }

  /** The campaign, when the principal sees it (404 otherwise) and is a finance officer bound to it (403 otherwise). */
  private async managedCampaign(tx: Tx, principal: Principal, campaignId: string): Promise<CampaignEntity> {
    const campaign = await this.campaigns.findById(tx, campaignId);
    if (!campaign) throw notFound('campaign', campaignId);
    const officerIds = principal.organisationKind === 'finance_bureau' ? await this.people.officers(tx, campaignId) : [];
    const unitIds = principal.organisationKind === 'unit' ? await this.campaigns.unitIds(tx, campaignId) : [];
    if (!this.policy.seesCampaign(principal, { officerIds, unitIds })) throw notFound('campaign', campaignId);
    if (!this.policy.managesCampaign(principal, { officerIds })) {
      throw forbidden('CAMPAIGN.ROLE_NOT_ALLOWED', 'Only a finance officer bound to this campaign may do this.');
    }
    return campaign;
  }

  private async draftCampaign(tx: Tx, principal: Principal, campaignId: string): Promise<CampaignEntity> {
    const campaign = await this.managedCampaign(tx, principal, campaignId);
    const locked = await this.campaigns.findForUpdate(tx, campaignId);
    if (locked?.status !== 'draft') {
      throw conflict('CAMPAIGN.ALREADY_ISSUED', `Campaign ${campaign.documentNumber} is issued; the units it covers no longer change.`);
    }
    return locked;
  }
}

function shortening(requested: string, current: string, passed: boolean): DomainError {
  return unprocessable(
    'DEADLINE.SHORTENED',
    passed
      ? `The deadline ${current} has already passed; it can only move to a later date, not to ${requested}.`
      : `An extension must move the deadline later than ${current}; ${requested} would shorten or keep it.`,
    { fields: ['deadline'], currentDeadline: current },
  );
}

function importInvalid(problems: readonly UnitSheetProblem[]): DomainError {
  const shown = problems.slice(0, 5).map((p) => p.message).join('');
  return unprocessable('CAMPAIGN.IMPORT_INVALID', `单位名单有 ${problems.length} 处问题，未导入：${shown}${problems.length > 5 ? '……' : ''}`, { problems });
}
