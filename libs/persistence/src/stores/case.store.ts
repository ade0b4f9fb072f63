import { Injectable } from '@nestjs/common';
import type { AddedApprover, ApprovalMode, ApproverPlacement, OutlineSection, Role, SectionState } from '@jixiao/workflow';
import type { Tx } from '../data-source';
import { EFFECTIVE_DEADLINE_SQL } from './effective-deadline';
import { queryRows } from './rows';
import type { GroupRole, Remit } from '../entities/case-group-member.entity';
import { CaseHistoryEntity } from '../entities/case-history.entity';
import { CaseSectionEntity } from '../entities/case-section.entity';
import { EvaluationCaseEntity } from '../entities/evaluation-case.entity';
import { HistoryJournal, type HistoryEntry } from '../journal';
import { caseChangeOf, contentVersionOf } from './lifecycle-columns';

export interface NewCase {
  unitId: string;
  state: string;
  snapshot: unknown;
  machineVersion: number;
}

export interface CaseSummary {
  id: string;
  campaignId: string;
  documentNumber: string;
  fiscalYear: number;
  unitId: string;
  unitName: string;
  state: string;
  version: number;
  submissionDeadline: string;
  updatedAt: Date;
}

/** A case with what deciding an event needs: its campaign's terms and the caller's roles in its group. */
export interface CaseRecord extends CaseSummary {
  snapshot: unknown;
  machineVersion: number;
  bureauId: string;
  approvalMode: ApprovalMode;
  /** Roles the given user holds in this case's working group. */
  caseRoles: Role[];
  leaderIds: string[];
  deputyLeaderIds: string[];
  /** Approvers the group leader added to the current content version (加签). */
  extraApproverIds: string[];
  /** The same, with where each stands (前加签, 后加签), in the order they were added. */
  extraApprovers: AddedApprover[];
  sections: SectionCounts;
  /** Whether the user is a finance officer bound to the case's campaign. */
  officerBound: boolean;
}

export interface GroupMember {
  userId: string;
  role: GroupRole;
  displayName: string;
  remit: Remit;
  subOfficeId: string | null;
}

/** One person a report was circulated to (传阅). */
export interface CirculationRow {
  userId: string;
  displayName: string;
  contentVersion: number;
  note: string | null;
  sentBy: string;
  sentByName: string;
  sentAt: Date;
  readAt: Date | null;
}

function circulationRow(row: Record<string, unknown>): CirculationRow {
  return {
    userId: row.user_id as string,
    displayName: row.display_name as string,
    contentVersion: row.content_version as number,
    note: row.note as string | null,
    sentBy: row.sent_by as string,
    sentByName: row.sent_by_name as string,
    sentAt: row.sent_at as Date,
    readAt: row.read_at as Date | null,
  };
}

/** Unit staff see their unit's cases; finance officers the cases of the campaigns they are bound to. */
export type CaseScope = { unitId: string } | { officerId: string };

export interface SectionCounts {
  total: number;
  assignedWithDueDate: number;
  approved: number;
}

/**
 * What `loadRecord` reads of a case, for statements that read it with more (the lifecycle read):
 * the columns, over `CASE_RECORD_FROM` (aliases e, c, o), for the person `userId` (an SQL
 * expression: a parameter, or a column of the statement's session lookup).
 */
export function caseRecordColumns(userId: string): string {
  return `e.id, e.campaign_id, c.document_number, c.fiscal_year, e.unit_id, o.name AS unit_name, e.state, e.version,
              ${EFFECTIVE_DEADLINE_SQL}::text AS submission_deadline, e.updated_at, e.snapshot, e.machine_version, c.bureau_id, c.approval_mode,
              -- An added approver's (加签) standing is the workflow's rule (withAddedApproverRole), applied to the actor.
              ARRAY(SELECT g.role FROM case_group_members g WHERE g.case_id = e.id AND g.user_id = ${userId} ORDER BY 1) AS case_roles,
              ARRAY(SELECT g.user_id FROM case_group_members g WHERE g.case_id = e.id AND g.role = 'group_leader' ORDER BY g.position NULLS LAST, g.user_id) AS leader_ids,
              ARRAY(SELECT g.user_id FROM case_group_members g WHERE g.case_id = e.id AND g.role = 'deputy_leader' ORDER BY g.position NULLS LAST, g.user_id) AS deputy_ids,
              ARRAY(SELECT x.user_id FROM case_extra_approvers x
                     WHERE x.case_id = e.id AND x.content_version = e.content_version
                     ORDER BY x.created_at, x.user_id) AS extra_approver_ids,
              coalesce((SELECT jsonb_agg(jsonb_build_object('userId', x.user_id, 'placement', x.placement, 'anchorId', x.anchor_id) ORDER BY x.created_at, x.user_id)
                          FROM case_extra_approvers x WHERE x.case_id = e.id AND x.content_version = e.content_version), '[]'::jsonb) AS extra_approvers,
              s.total AS sections_total, s.assigned AS sections_assigned, s.approved AS sections_approved,
              EXISTS (SELECT 1 FROM campaign_officers co WHERE co.campaign_id = e.campaign_id AND co.user_id = ${userId}) AS officer_bound`;
}

/** Those of `caseRecordColumns` that are timestamps (for a statement that reads them through JSON). */
export const CASE_RECORD_TIMESTAMPS = ['updated_at'] as const;

/** `caseRecordColumns` with the case's id as $1 and the person's as $2. */
export const CASE_RECORD_COLUMNS = caseRecordColumns('$2');

/** The tables `CASE_RECORD_COLUMNS` reads. */
export const CASE_RECORD_FROM = `evaluation_cases e
         JOIN campaigns c ON c.id = e.campaign_id
         JOIN organisations o ON o.id = e.unit_id
        CROSS JOIN LATERAL (
              SELECT count(*)::int AS total,
                     count(*) FILTER (WHERE x.assignee_id IS NOT NULL AND x.due_date IS NOT NULL)::int AS assigned,
                     count(*) FILTER (WHERE x.state = 'approved')::int AS approved
                FROM case_sections x WHERE x.case_id = e.id) s`;

/** A row of `CASE_RECORD_COLUMNS` as the record. */
export function caseRecordOf(row: Record<string, unknown>): CaseRecord {
  return {
    ...toSummary(row),
    snapshot: row.snapshot,
    machineVersion: row.machine_version as number,
    bureauId: row.bureau_id as string,
    approvalMode: row.approval_mode as ApprovalMode,
    caseRoles: row.case_roles as Role[],
    leaderIds: row.leader_ids as string[],
    deputyLeaderIds: row.deputy_ids as string[],
    extraApproverIds: row.extra_approver_ids as string[],
    extraApprovers: row.extra_approvers as AddedApprover[],
    sections: { total: row.sections_total as number, assignedWithDueDate: row.sections_assigned as number, approved: row.sections_approved as number },
    officerBound: row.officer_bound as boolean,
  };
}

/**
 * The statement body that reopens a return's sections (those submitted or approved go back to
 * drafting, their reopen requests answered), only while `guard` holds. The arguments are SQL
 * expressions: the case's id and the codes (text[]).
 */
export function reopenSectionsSql(caseId: string, codes: string, guard: string): string {
  return `UPDATE case_sections SET state = 'drafting', version = version + 1, updated_at = now(),
                reopen_requested_by = NULL, reopen_request_reason = NULL, reopen_requested_at = NULL
          WHERE case_id = ${caseId} AND code = ANY(${codes}::text[]) AND state IN ('submitted', 'approved') AND ${guard}`;
}

@Injectable()
export class CaseStore {
  constructor(private readonly journal: HistoryJournal) {}

  /**
   * Opens one case per unit of a campaign in a few set-based statements, so issuing to a thousand
   * units stays one short transaction: the cases, their sections from the outline, and the first
   * history record of each.
   */
  async openCases(tx: Tx, input: { campaignId: string; actorId: string; outline: readonly OutlineSection[]; cases: readonly NewCase[]; at: Date }): Promise<number> {
    // At version 0, a case without records: the journal's ISSUE record moves it to 1.
    const inserted: Array<{ id: string }> = await queryRows(tx,
      `INSERT INTO evaluation_cases (campaign_id, unit_id, state, snapshot, machine_version, content_version, version)
       SELECT $1, x.unit_id, x.state, x.snapshot, x.machine_version, x.content_version, 0
         FROM jsonb_to_recordset($2::jsonb) AS x(unit_id uuid, state text, snapshot jsonb, machine_version int, content_version int)
       RETURNING id`,
      [
        input.campaignId,
        JSON.stringify(
          input.cases.map((c) => ({ unit_id: c.unitId, state: c.state, snapshot: c.snapshot, machine_version: c.machineVersion, content_version: contentVersionOf(c.snapshot) })),
        ),
      ],
    );
    await queryRows(tx,
      `INSERT INTO case_sections (case_id, code, title, position, state)
       SELECT c.id, s.code, s.title, s.position, 'assigned'
         FROM evaluation_cases c
        CROSS JOIN jsonb_to_recordset($2::jsonb) AS s(code text, title text, position int)
        WHERE c.campaign_id = $1`,
      [input.campaignId, JSON.stringify(input.outline.map((s, index) => ({ code: s.code, title: s.title, position: index + 1 })))],
    );
    await this.journal.appendMany(
      tx,
      inserted.map((c) => ({ caseId: c.id, event: 'ISSUE', actorId: input.actorId, onBehalfOfId: null, comment: null, details: {}, at: input.at })),
    );
    return inserted.length;
  }

  findById(tx: Tx, id: string): Promise<EvaluationCaseEntity | null> {
    return tx.getRepository(EvaluationCaseEntity).findOneBy({ id });
  }

  /**
   * The one way a case moves on: through the journal, which bumps its version (only from
   * `expectedVersion` when given), writes the new state and snapshot when given, and appends the
   * history record numbered with the new version. So a history record's `seq` always equals the
   * case version it produced, and two writers can never both append the same step.
   * Answers null when the case is no longer at `expectedVersion`.
   *
   * Writers that also change other rows of the case (sections, group) change those first and
   * this last, so that every transaction takes its locks in the same order.
   */
  async advance(
    tx: Tx,
    input: { caseId: string; expectedVersion: number | null; change?: { state: string; snapshot: unknown; machineVersion: number } },
    entry: HistoryEntry,
  ): Promise<{ version: number; updatedAt: Date } | null> {
    const change = input.change;
    const appended = await this.journal.append(tx, input.caseId, {
      ...entry,
      expectedVersion: input.expectedVersion,
      change:
        change === undefined
          ? undefined
          : caseChangeOf(entry.fromState, change),
    });
    return appended === null ? null : { version: appended.version, updatedAt: appended.updatedAt };
  }

  history(tx: Tx, caseId: string): Promise<CaseHistoryEntity[]> {
    return tx.getRepository(CaseHistoryEntity).find({ where: { caseId }, order: { seq: 'ASC' } });
  }

  /**
   * The case, its campaign's terms, its unit's name, the user's group roles and the counts the
   * guards decide on, in one round trip.
   */
  async loadRecord(tx: Tx, caseId: string, userId: string): Promise<CaseRecord | null> {
    const found = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT ${CASE_RECORD_COLUMNS} FROM ${CASE_RECORD_FROM} WHERE e.id = $1`,
      [caseId, userId],
      'case.load.v8',
    );
    const row = found[0];
    return row ? caseRecordOf(row) : null;
  }

  async get(tx: Tx, id: string): Promise<CaseSummary | null> {
    const rows = await this.summaries(tx, 'e.id = $1', [id], 1, 0);
    return rows.items[0] ?? null;
  }

  list(tx: Tx, scope: CaseScope, filter: { campaignId?: string; state?: string }, page: { limit: number; offset: number }) {
    const conditions: string[] = [];
    const values: unknown[] = [];
    if ('unitId' in scope) {
      values.push(scope.unitId);
      conditions.push(`e.unit_id = $${values.length}`);
    } else {
      values.push(scope.officerId);
      conditions.push(`EXISTS (SELECT 1 FROM campaign_officers co WHERE co.campaign_id = e.campaign_id AND co.user_id = $${values.length})`);
    }
    if (filter.campaignId) {
      values.push(filter.campaignId);
      conditions.push(`e.campaign_id = $${values.length}`);
    }
    if (filter.state) {
      values.push(filter.state);
      conditions.push(`(e.state = $${values.length} OR e.state LIKE $${values.length} || '.%')`);
    }
    return this.summaries(tx, conditions.join(' AND '), values, page.limit, page.offset);
  }

  private async summaries(tx: Tx, where: string, values: unknown[], limit: number, offset: number): Promise<{ items: CaseSummary[]; total: number }> {
    const rows: Array<Record<string, unknown>> = await queryRows(tx, 
      `SELECT e.id, e.campaign_id, c.document_number, c.fiscal_year, e.unit_id, o.name AS unit_name, e.state, e.version,
              ${EFFECTIVE_DEADLINE_SQL}::text AS submission_deadline, e.updated_at, count(*) OVER ()::int AS total
         FROM evaluation_cases e
         JOIN campaigns c ON c.id = e.campaign_id
         JOIN organisations o ON o.id = e.unit_id
        WHERE ${where}
        ORDER BY ${EFFECTIVE_DEADLINE_SQL}, o.name, e.id
        LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
      [...values, limit, offset],
    );
    return {
      total: rows.length > 0 ? (rows[0]!.total as number) : 0,
      items: rows.map(toSummary),
    };
  }

  async replaceGroup(tx: Tx, caseId: string, members: readonly { userId: string; role: GroupRole; remit?: Remit }[]): Promise<void> {
    await queryRows(tx, `DELETE FROM case_group_members WHERE case_id = $1`, [caseId]);
    if (members.length === 0) return;
    await queryRows(
      tx,
      `INSERT INTO case_group_members (case_id, user_id, role, remit, position)
       SELECT $1, m.user_id, m.role, coalesce(m.remit, '{}'::jsonb), m.ord
         FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (user_id uuid, role text, remit jsonb)) WITH ORDINALITY AS m(user_id, role, remit, ord)`,
      [caseId, JSON.stringify(members.map((m) => ({ user_id: m.userId, role: m.role, remit: m.remit ?? {} })))],
    );
  }

  async group(tx: Tx, caseId: string): Promise<GroupMember[]> {
    const rows: Array<{ user_id: string; role: GroupRole; display_name: string; remit: Remit; sub_office_id: string | null }> = await queryRows(
      tx,
      `SELECT g.user_id, g.role, u.display_name, g.remit, u.sub_office_id FROM case_group_members g JOIN users u ON u.id = g.user_id
        WHERE g.case_id = $1 ORDER BY g.role, u.display_name`,
      [caseId],
    );
    return rows.map((row) => ({ userId: row.user_id, role: row.role, displayName: row.display_name, remit: row.remit, subOfficeId: row.sub_office_id }));
  }

  async caseRolesOf(tx: Tx, caseId: string, userId: string): Promise<Role[]> {
    const rows: Array<{ role: Role }> = await queryRows(tx, `SELECT role FROM case_group_members WHERE case_id = $1 AND user_id = $2`, [caseId, userId]);
    return rows.map((row) => row.role);
  }

  sections(tx: Tx, caseId: string): Promise<CaseSectionEntity[]> {
    return tx.getRepository(CaseSectionEntity).find({ where: { caseId }, order: { position: 'ASC' } });
  }

  findSection(tx: Tx, caseId: string, code: string): Promise<CaseSectionEntity | null> {
    return tx.getRepository(CaseSectionEntity).findOneBy({ caseId, code });
  }

  /** Version-checked update of one section; false when someone else changed it first. */
  async updateSection(
    tx: Tx,
    key: { caseId: string; code: string; expectedVersion: number },
    patch: {
      state?: SectionState;
      assigneeId?: string;
      dueDate?: string;
      /** A reopen request: set with REQUEST_REOPEN, cleared (all null) when answered. */
      reopenRequest?: { by: string; reason: string; at: Date } | null;
    },
  ): Promise<boolean> {
    const result = await tx
      .getRepository(CaseSectionEntity)
      .createQueryBuilder()
      .update()
      .set({ ...fieldsOf(patch), version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('case_id = :caseId AND code = :code AND version = :expectedVersion', key)
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** Adds an approver to one content version of a case (加签; 前加签 and 后加签 with a placement); false when they are already there. */
  async addExtraApprover(
    tx: Tx,
    input: { caseId: string; contentVersion: number; userId: string; reason: string; addedBy: string; placement?: ApproverPlacement | null },
  ): Promise<boolean> {
    const placement = input.placement ?? null;
    const rows = await queryRows(
      tx,
      `INSERT INTO case_extra_approvers (case_id, content_version, user_id, reason, added_by, placement, anchor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (case_id, content_version, user_id) DO NOTHING
       RETURNING user_id`,
      [input.caseId, input.contentVersion, input.userId, input.reason, input.addedBy, placement, placement === null ? null : input.addedBy],
    );
    return rows.length === 1;
  }

  /** Sends the report to people for reading (传阅); answers the ids it was newly sent to (not those who had it already). */
  async circulate(tx: Tx, input: { caseId: string; contentVersion: number; userIds: readonly string[]; note: string | null; sentBy: string; at: Date }): Promise<string[]> {
    const rows: Array<{ user_id: string }> = await queryRows(
      tx,
      `INSERT INTO case_circulations (case_id, user_id, content_version, note, sent_by, sent_at)
       SELECT $1, u, $2, $3, $4, $5 FROM unnest($6::uuid[]) AS u
       ON CONFLICT (case_id, user_id) DO NOTHING
       RETURNING user_id`,
      [input.caseId, input.contentVersion, input.note, input.sentBy, input.at, [...input.userIds]],
    );
    return rows.map((row) => row.user_id);
  }

  /** Who the report was circulated to, with who sent it and when each read it. */
  async circulations(tx: Tx, caseId: string): Promise<CirculationRow[]> {
    const rows: Array<Record<string, unknown>> = await queryRows(
      tx,
      `SELECT x.user_id, u.display_name, x.content_version, x.note, x.sent_by, s.display_name AS sent_by_name, x.sent_at, x.read_at
         FROM case_circulations x JOIN users u ON u.id = x.user_id JOIN users s ON s.id = x.sent_by
        WHERE x.case_id = $1 ORDER BY x.sent_at, u.display_name`,
      [caseId],
    );
    return rows.map(circulationRow);
  }

  /** Marks the report read by this person (已阅); the time it was first read, or null when it was not circulated to them. */
  async markCirculationRead(tx: Tx, caseId: string, userId: string, at: Date): Promise<{ readAt: Date; firstRead: boolean } | null> {
    const rows: Array<{ read_at: Date; first: boolean }> = await queryRows(
      tx,
      `WITH before AS (SELECT read_at FROM case_circulations WHERE case_id = $1 AND user_id = $2 FOR UPDATE)
       UPDATE case_circulations x SET read_at = coalesce(x.read_at, $3)
         FROM before WHERE x.case_id = $1 AND x.user_id = $2
       RETURNING x.read_at, before.read_at IS NULL AS first`,
      [caseId, userId, at],
    );
    const row = rows[0];
    return row ? { readAt: row.read_at, firstRead: row.first } : null;
  }

  /** A person's 待阅 and 已阅: the reports circulated to them, newest first. */
  async circulatedTo(tx: Tx, userId: string): Promise<Array<CirculationRow & { caseId: string; unitName: string; documentNumber: string; state: string }>> {
    const rows: Array<Record<string, unknown>> = await queryRows(
      tx,
      `SELECT x.case_id, o.name AS unit_name, c.document_number, e.state,
              x.user_id, u.display_name, x.content_version, x.note, x.sent_by, s.display_name AS sent_by_name, x.sent_at, x.read_at
         FROM case_circulations x
         JOIN evaluation_cases e ON e.id = x.case_id JOIN campaigns c ON c.id = e.campaign_id JOIN organisations o ON o.id = e.unit_id
         JOIN users u ON u.id = x.user_id JOIN users s ON s.id = x.sent_by
        WHERE x.user_id = $1 ORDER BY x.read_at IS NOT NULL, x.sent_at DESC LIMIT 200`,
      [userId],
    );
    return rows.map((row) => ({
      ...circulationRow(row),
      caseId: row.case_id as string,
      unitName: row.unit_name as string,
      documentNumber: row.document_number as string,
      state: row.state as string,
    }));
  }



}

function fieldsOf(patch: Parameters<CaseStore['updateSection']>[2]): Partial<CaseSectionEntity> {
  const { reopenRequest, ...rest } = patch;
  if (reopenRequest === undefined) return rest;
  return { ...rest, reopenRequestedBy: reopenRequest?.by ?? null, reopenRequestReason: reopenRequest?.reason ?? null, reopenRequestedAt: reopenRequest?.at ?? null };
}

function toSummary(row: Record<string, unknown>): CaseSummary {
  return {
    id: row.id as string,
    campaignId: row.campaign_id as string,
    documentNumber: row.document_number as string,
    fiscalYear: row.fiscal_year as number,
    unitId: row.unit_id as string,
    unitName: row.unit_name as string,
    state: row.state as string,
    version: row.version as number,
    submissionDeadline: row.submission_deadline as string,
    updatedAt: row.updated_at as Date,
  };
}
