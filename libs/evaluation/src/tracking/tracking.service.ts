import { Inject, Injectable } from '@nestjs/common';
import type { WorkingDays } from '@jixiao/calendar';
import {
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
import { Clock, shanghaiDate } from '../clock';
import type { Principal } from '../principal';
import { CampaignAccess } from './campaign-access';
import { plainScore } from './plain-score';
import { buildTrackingExport, type ExportFormat } from './tracking-export';
import type { PublicationStatus, SubmissionStatus, TrackingItem } from './tracking-item';
import { CONSOLE_URL } from './console-url';
import { TRACKING_WORKING_DAYS, workingDaysFrom } from './working-days';

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

/** Exports list every unit: a campaign covers at most 5,000. */
const EXPORT_LIMIT = 5000;

/**
 * The tracking view of a campaign for its finance officers: one row per unit, its export, and the
 * campaign's statistics.
 */
@Injectable()
export class TrackingService {
  constructor(
    private readonly transactor: Transactor,
    private readonly tracking: TrackingStore,
    private readonly access: CampaignAccess,
    private readonly clock: Clock,
    @Inject(TRACKING_WORKING_DAYS) private readonly workingDays: WorkingDays,
    @Inject(CONSOLE_URL) private readonly consoleUrl: string,
  ) {}

  async page(principal: Principal, campaignId: string, request: TrackingRequest): Promise<TrackingPage> {
    const tx = this.transactor.manager;
    await this.access.managedCampaign(tx, principal, campaignId);
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
    const workingDaysLeft = workingDaysFrom(this.workingDays, today);
    return { campaignId, today, items: rows.map((row) => this.item(row, today, workingDaysLeft)), total, limit: request.limit, offset: request.offset };
  }

  /** The filtered, sorted view, every row, as an .xlsx workbook or a CSV file. */
  async export(principal: Principal, campaignId: string, request: Omit<TrackingRequest, 'limit' | 'offset'>, format: ExportFormat) {
    const tx = this.transactor.manager;
    const campaign = await this.access.managedCampaign(tx, principal, campaignId);
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
    const workingDaysLeft = workingDaysFrom(this.workingDays, today);
    const bytes = await buildTrackingExport(rows.map((row) => this.item(row, today, workingDaysLeft)), format);
    const fileName = `${campaign.documentNumber}跟踪表${today}.${format}`;
    return { bytes, fileName, contentType: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8' };
  }

  async statistics(principal: Principal, campaignId: string, compareWithId: string | undefined): Promise<StatisticsView> {
    const tx = this.transactor.manager;
    const today = shanghaiDate(this.clock.now());
    const campaign = await this.access.managedCampaign(tx, principal, campaignId);
    const other = compareWithId === undefined ? null : await this.access.managedCampaign(tx, principal, compareWithId);
    return {
      campaign: await this.figures(tx, campaign, today),
      compareWith: other === null ? null : await this.figures(tx, other, today),
    };
  }

  private item(row: TrackingRow, today: string, workingDaysLeft: (deadline: string) => number): TrackingItem {
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
      workingDaysLeft: workingDaysLeft(row.deadline),
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
      link: `${this.consoleUrl}/cases/${row.caseId}`,
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
}
