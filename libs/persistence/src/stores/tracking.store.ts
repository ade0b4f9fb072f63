import { Injectable } from '@nestjs/common';
import { OPEN_STATES } from '@jixiao/workflow';
import type { Tx } from '../data-source';
import { HistoryJournal } from '../journal';
import { EFFECTIVE_DEADLINE_SQL } from './effective-deadline';
import { queryRows } from './rows';


export type TrackingSort = 'urgency' | 'unit' | 'state' | 'score' | 'deadline';

export interface TrackingFilter {
  /** A state, or its parent (`submitted` matches both submitted states). */
  state?: string;
  overdue?: boolean;
  /** Returned by the finance bureau at least once (true) or never (false). */
  returned?: boolean;
  grade?: string;
  /** Part of the unit's name or code. */
  unit?: string;
}

export interface TrackingQuery {
  campaignId: string;
  /** Today in Asia/Shanghai, 'YYYY-MM-DD': what "overdue" is measured against. */
  today: string;
  filter: TrackingFilter;
  sort: TrackingSort;
  descending: boolean;
  /** null: every row (the export). */
  limit: number | null;
  offset: number;
}

/** One unit's row of the tracking view, as stored; working days are counted by the caller. */
export interface TrackingRow {
  caseId: string;
  unitId: string;
  unitName: string;
  unitCode: string;
  state: string;
  sectionsApproved: number;
  sectionsTotal: number;
  deadline: string;
  deadlineExtended: boolean;
  publicationDeadline: string;
  overdue: boolean;
  submittedAt: Date | null;
  submittedLate: boolean | null;
  selfScore: string | null;
  selfGrade: string | null;
  recheckScore: string | null;
  recheckRemarks: string | null;
  returnCount: number;
  lastReturnReason: string | null;
  lastReturnedAt: Date | null;
  publishedAt: Date | null;
}

export interface CampaignStatisticsRow {
  units: number;
  submitted: number;
  onTime: number;
  late: number;
  overdue: number;
  returnedUnits: number;
  returns: number;
  selfScored: number;
  averageSelfScore: string | null;
  rechecked: number;
  averageRecheckScore: string | null;
  /** Over the units with both scores: re-check minus self-score. */
  meanGap: string | null;
  meanAbsoluteGap: string | null;
  largestAbsoluteGap: string | null;
  grades: Array<{ grade: string | null; units: number }>;
  returnReasons: Array<{ reason: string; returns: number }>;
}

const STATE_RANK = `CASE e.state WHEN 'notice_issued' THEN 1 WHEN 'group_formed' THEN 2 WHEN 'self_assessment' THEN 3 WHEN 'internal_review' THEN 4
                     WHEN 'sealed' THEN 5 WHEN 'submitted.awaiting_acceptance' THEN 6 WHEN 'submitted.accepted' THEN 7 WHEN 'published' THEN 8 ELSE 9 END`;

/**
 * Most urgent first: units past their deadline without a submission, then units still working
 * (nearest deadline first), then submissions awaiting the bureau, then accepted, then published.
 */
const URGENCY = `CASE WHEN e.state = ANY($3::text[]) AND ${EFFECTIVE_DEADLINE_SQL} < $2::date THEN 0
                      WHEN e.state = ANY($3::text[]) THEN 1
                      WHEN e.state = 'submitted.awaiting_acceptance' THEN 2
                      WHEN e.state = 'submitted.accepted' THEN 3 ELSE 4 END`;

function orderBy(sort: TrackingSort, descending: boolean, table: string): string {
  const dir = descending ? 'DESC' : 'ASC';
  switch (sort) {
    case 'urgency':
      return `${table}.urgency ${dir}, ${table}.deadline ${dir}, ${table}.unit_name, ${table}.id`;
    case 'unit':
      return `${table}.unit_name ${dir}, ${table}.id`;
    case 'state':
      return `${table}.state_rank ${dir}, ${table}.unit_name, ${table}.id`;
    case 'score':
      return `${table}.self_score ${dir} NULLS LAST, ${table}.unit_name, ${table}.id`;
    case 'deadline':
      return `${table}.deadline ${dir}, ${table}.unit_name, ${table}.id`;
  }
}

/** `%` and `_` typed by a person are searched for, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The tracking view's one statement: filtered, sorted and paged over the campaign's cases, the
 * section counts read for the returned page only. Exported so that bench/tracking can time the
 * bare statement beside the service.
 *
 * The matching rows are computed once (MATERIALIZED) and read twice: counted, and sorted under
 * the page's LIMIT, so PostgreSQL keeps only the best offset + limit rows while it reads (a top-N
 * sort) instead of sorting every unit of the campaign. The count is a scalar subquery, so it runs
 * once whatever the plan. (The statement before sorted every row under a row_number() window and
 * counted with count(*) OVER (); at 5,000 units the windows cost more than the rest of it.) The
 * order ends with the case id, so it is total; the page's rows are put back in it at the end.
 */
export function trackingPageStatement(query: TrackingQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [query.campaignId, query.today, [...OPEN_STATES]];
  const conditions = ['e.campaign_id = $1'];
  const { filter } = query;
  if (filter.state !== undefined) {
    values.push(filter.state);
    conditions.push(`(e.state = $${values.length} OR e.state LIKE $${values.length} || '.%')`);
  }
  if (filter.overdue !== undefined) {
    conditions.push(`${filter.overdue ? '' : 'NOT '}(e.state = ANY($3::text[]) AND ${EFFECTIVE_DEADLINE_SQL} < $2::date)`);
  }
  if (filter.returned !== undefined) conditions.push(filter.returned ? 'e.return_count > 0' : 'e.return_count = 0');
  if (filter.grade !== undefined) {
    values.push(filter.grade);
    conditions.push(`e.self_grade = $${values.length}`);
  }
  if (filter.unit !== undefined) {
    values.push(likePattern(filter.unit));
    conditions.push(`(o.name ILIKE $${values.length} OR o.code ILIKE $${values.length})`);
  }
  values.push(query.limit, query.offset);
  const order = (table: string) => orderBy(query.sort, query.descending, table);
  const text = `WITH f AS MATERIALIZED (
     SELECT e.id, e.unit_id, o.name AS unit_name, o.code AS unit_code, e.state, ${STATE_RANK} AS state_rank, ${URGENCY} AS urgency,
            ${EFFECTIVE_DEADLINE_SQL} AS deadline, e.submission_deadline_override IS NOT NULL AS deadline_extended,
            c.publication_deadline, e.state = ANY($3::text[]) AND ${EFFECTIVE_DEADLINE_SQL} < $2::date AS overdue,
            e.submitted_at, e.submitted_late, e.self_score, e.self_grade, e.recheck_score, e.recheck_remarks,
            e.return_count, e.last_return_reason, e.last_returned_at, e.published_at
       FROM evaluation_cases e
       JOIN campaigns c ON c.id = e.campaign_id
       JOIN organisations o ON o.id = e.unit_id
      WHERE ${conditions.join(' AND ')}
   ), page AS (
     SELECT f.* FROM f ORDER BY ${order('f')} LIMIT $${values.length - 1} OFFSET $${values.length}
   )
   SELECT page.*, (SELECT count(*) FROM f) AS total, s.total_sections, s.approved_sections
     FROM page
    CROSS JOIN LATERAL (
          SELECT count(*)::int AS total_sections, count(*) FILTER (WHERE x.state = 'approved')::int AS approved_sections
            FROM case_sections x WHERE x.case_id = page.id) s
    ORDER BY ${order('page')}`;
  return { text, values };
}

/**
 * The finance bureau's view of a campaign: one row per unit, filtered, sorted and paged in one
 * statement over the campaign's cases; the section counts are read for the returned page only.
 */
@Injectable()
export class TrackingStore {
  constructor(private readonly journal: HistoryJournal) {}

  async page(tx: Tx, query: TrackingQuery): Promise<{ rows: TrackingRow[]; total: number }> {
    const statement = trackingPageStatement(query);
    const rows = await queryRows<Record<string, unknown>>(tx, statement.text, statement.values);
    return { rows: rows.map(toTrackingRow), total: rows.length > 0 ? Number(rows[0]!.total) : 0 };
  }

  /** A campaign's figures in a few aggregate statements: submissions, lateness, grades, returns by reason, self-score against re-check. */
  async statistics(tx: Tx, campaignId: string, today: string): Promise<CampaignStatisticsRow> {
    const [summary] = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT count(*)::int AS units,
              count(*) FILTER (WHERE e.submitted_at IS NOT NULL)::int AS submitted,
              count(*) FILTER (WHERE e.submitted_at IS NOT NULL AND NOT e.submitted_late)::int AS on_time,
              count(*) FILTER (WHERE e.submitted_at IS NOT NULL AND e.submitted_late)::int AS late,
              count(*) FILTER (WHERE e.state = ANY($3::text[]) AND ${EFFECTIVE_DEADLINE_SQL} < $2::date)::int AS overdue,
              count(*) FILTER (WHERE e.return_count > 0)::int AS returned_units,
              coalesce(sum(e.return_count), 0)::int AS returns,
              count(e.self_score)::int AS self_scored,
              round(avg(e.self_score), 2)::text AS average_self_score,
              count(e.recheck_score)::int AS rechecked,
              round(avg(e.recheck_score), 2)::text AS average_recheck_score,
              round(avg(e.recheck_score - e.self_score), 2)::text AS mean_gap,
              round(avg(abs(e.recheck_score - e.self_score)), 2)::text AS mean_absolute_gap,
              max(abs(e.recheck_score - e.self_score))::text AS largest_absolute_gap
         FROM evaluation_cases e JOIN campaigns c ON c.id = e.campaign_id
        WHERE e.campaign_id = $1`,
      [campaignId, today, [...OPEN_STATES]],
    );
    const grades = await queryRows<{ grade: string | null; units: number }>(
      tx,
      `SELECT self_grade AS grade, count(*)::int AS units FROM evaluation_cases WHERE campaign_id = $1 GROUP BY self_grade ORDER BY self_grade NULLS LAST`,
      [campaignId],
    );
    const reasons = await queryRows<{ reason: string; returns: number }>(
      tx,
      `SELECT btrim(h.comment) AS reason, count(*)::int AS returns
         FROM evaluation_cases e JOIN case_history h ON h.case_id = e.id
        WHERE e.campaign_id = $1 AND h.event = 'RETURN' AND h.from_state LIKE 'submitted%'
        GROUP BY btrim(h.comment) ORDER BY returns DESC, reason`,
      [campaignId],
    );
    const row = summary!;
    const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
    return {
      units: row.units as number,
      submitted: row.submitted as number,
      onTime: row.on_time as number,
      late: row.late as number,
      overdue: row.overdue as number,
      returnedUnits: row.returned_units as number,
      returns: row.returns as number,
      selfScored: row.self_scored as number,
      averageSelfScore: text(row.average_self_score),
      rechecked: row.rechecked as number,
      averageRecheckScore: text(row.average_recheck_score),
      meanGap: text(row.mean_gap),
      meanAbsoluteGap: text(row.mean_absolute_gap),
      largestAbsoluteGap: text(row.largest_absolute_gap),
      grades,
      returnReasons: reasons,
    };
  }

  /** Keeps the self-score of the indicator sheet on the case, in the transaction that saved the sheet. */
  async recordSelfScore(tx: Tx, caseId: string, score: string | null, grade: string | null): Promise<void> {
    await queryRows(tx, `UPDATE evaluation_cases SET self_score = $2::numeric, self_grade = $3 WHERE id = $1`, [caseId, score, grade]);
  }

  /**
   * Records a re-check (复核) on a case in one of the given states; answers the score it replaces
   * (null for a first re-check) and the self-score, or null when the case is not in such a state.
   */
  async recordRecheck(
    tx: Tx,
    input: { caseId: string; states: readonly string[]; score: string; remarks: string; userId: string; at: Date },
  ): Promise<{ previousScore: string | null; selfScore: string | null } | null> {
    const rows = await queryRows<{ previous_score: string | null; self_score: string | null }>(
      tx,
      `UPDATE evaluation_cases e
          SET recheck_score = $3::numeric, recheck_remarks = $4, rechecked_at = $6::timestamptz, rechecked_by = $5
         FROM (SELECT id, recheck_score FROM evaluation_cases WHERE id = $1 FOR UPDATE) old
        WHERE e.id = old.id AND e.state = ANY($2::text[])
        RETURNING old.recheck_score::text AS previous_score, e.self_score::text AS self_score`,
      [input.caseId, [...input.states], input.score, input.remarks, input.userId, input.at],
    );
    const row = rows[0];
    return row ? { previousScore: row.previous_score, selfScore: row.self_score } : null;
  }

  /**
   * Moves the deadline of the campaign's still-open cases (one, or all with `caseId` null) to
   * `deadline`, only where that is later than the deadline in force, and appends to each its
   * EXTEND_DEADLINE history record through the journal. Answers each case moved with the deadline
   * it had.
   */
  async extendDeadlines(
    tx: Tx,
    input: { campaignId: string; caseId: string | null; deadline: string; actorId: string; reason: string; at: Date },
  ): Promise<Array<{ caseId: string; from: string }>> {
    const rows = await queryRows<{ id: string; old_deadline: string }>(
      tx,
      `WITH target AS (
         SELECT e.id, ${EFFECTIVE_DEADLINE_SQL}::text AS old_deadline
           FROM evaluation_cases e JOIN campaigns c ON c.id = e.campaign_id
          WHERE e.campaign_id = $1 AND ($2::uuid IS NULL OR e.id = $2::uuid) AND e.state = ANY($4::text[])
            AND ${EFFECTIVE_DEADLINE_SQL} < $3::date
          ORDER BY e.id
            FOR NO KEY UPDATE OF e
       )
       UPDATE evaluation_cases e
          SET submission_deadline_override = $3::date
         FROM target t
        WHERE e.id = t.id
        RETURNING e.id, t.old_deadline`,
      [input.campaignId, input.caseId, input.deadline, [...OPEN_STATES]],
    );
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    await this.journal.appendMany(
      tx,
      rows.map((row) => ({
        caseId: row.id,
        event: 'EXTEND_DEADLINE',
        actorId: input.actorId,
        onBehalfOfId: null,
        comment: input.reason,
        details: { from: row.old_deadline, to: input.deadline },
        at: input.at,
      })),
    );
    return rows.map((row) => ({ caseId: row.id, from: row.old_deadline }));
  }

  /** One case of a campaign with its deadline in force, for deciding on an extension. */
  async caseDeadline(tx: Tx, campaignId: string, caseId: string): Promise<{ state: string; deadline: string } | null> {
    const rows = await queryRows<{ state: string; deadline: string }>(
      tx,
      `SELECT e.state, ${EFFECTIVE_DEADLINE_SQL}::text AS deadline
         FROM evaluation_cases e JOIN campaigns c ON c.id = e.campaign_id
        WHERE e.campaign_id = $1 AND e.id = $2`,
      [campaignId, caseId],
    );
    return rows[0] ?? null;
  }

  /** The cases of a campaign among these ids, with their units, in unit-name order; ids of other campaigns are left out. */
  async campaignCases(tx: Tx, campaignId: string, caseIds: readonly string[]): Promise<CampaignCaseRow[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT e.id, e.unit_id, o.name AS unit_name, e.state
         FROM evaluation_cases e JOIN organisations o ON o.id = e.unit_id
        WHERE e.campaign_id = $1 AND e.id = ANY($2::uuid[])
        ORDER BY o.name, e.id`,
      [campaignId, [...caseIds]],
    );
    return rows.map(toCampaignCase);
  }

  /** A case's state now, for reporting where a refused decision left it. */
  async caseState(tx: Tx, caseId: string): Promise<string | null> {
    const rows = await queryRows<{ state: string }>(tx, `SELECT state FROM evaluation_cases WHERE id = $1`, [caseId]);
    return rows[0]?.state ?? null;
  }

  /** The case a campaign opened for a unit, or null when the campaign does not cover it. */
  async caseOfUnit(tx: Tx, campaignId: string, unitId: string): Promise<(CampaignCaseRow & { deadline: string }) | null> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT e.id, e.unit_id, o.name AS unit_name, e.state, ${EFFECTIVE_DEADLINE_SQL}::text AS deadline
         FROM evaluation_cases e JOIN campaigns c ON c.id = e.campaign_id JOIN organisations o ON o.id = e.unit_id
        WHERE e.campaign_id = $1 AND e.unit_id = $2`,
      [campaignId, unitId],
    );
    const row = rows[0];
    return row ? { ...toCampaignCase(row), deadline: row.deadline as string } : null;
  }
}

/** One case of a campaign with its unit. */
export interface CampaignCaseRow {
  caseId: string;
  unitId: string;
  unitName: string;
  state: string;
}

function toCampaignCase(row: Record<string, unknown>): CampaignCaseRow {
  return { caseId: row.id as string, unitId: row.unit_id as string, unitName: row.unit_name as string, state: row.state as string };
}

function toTrackingRow(row: Record<string, unknown>): TrackingRow {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    caseId: row.id as string,
    unitId: row.unit_id as string,
    unitName: row.unit_name as string,
    unitCode: row.unit_code as string,
    state: row.state as string,
    sectionsApproved: row.approved_sections as number,
    sectionsTotal: row.total_sections as number,
    deadline: row.deadline as string,
    deadlineExtended: row.deadline_extended as boolean,
    publicationDeadline: row.publication_deadline as string,
    overdue: row.overdue as boolean,
    submittedAt: (row.submitted_at as Date | null) ?? null,
    submittedLate: (row.submitted_late as boolean | null) ?? null,
    selfScore: text(row.self_score),
    selfGrade: (row.self_grade as string | null) ?? null,
    recheckScore: text(row.recheck_score),
    recheckRemarks: (row.recheck_remarks as string | null) ?? null,
    returnCount: row.return_count as number,
    lastReturnReason: (row.last_return_reason as string | null) ?? null,
    lastReturnedAt: (row.last_returned_at as Date | null) ?? null,
    publishedAt: (row.published_at as Date | null) ?? null,
  };
}
