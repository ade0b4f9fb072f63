import { Injectable } from '@nestjs/common';
import type { AddedApprover, ApprovalMode, Role } from '@jixiao/workflow';
import type { Tx } from '../data-source';
import type { Remit } from '../entities/case-group-member.entity';
import { queryRows } from './rows';

export interface NewNotification {
  recipientId: string;
  kind: string;
  caseId: string | null;
  /** The case history record the notice tells of (its seq); null for one outside a case's history. */
  historySeq: number | null;
  sectionCode: string | null;
  actorId: string | null;
  params: Record<string, unknown>;
  createdAt: Date;
}

export interface NotificationRow {
  id: string;
  kind: string;
  caseId: string | null;
  sectionCode: string | null;
  actorId: string | null;
  actorName: string | null;
  params: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

/** Where a case stands for deciding who hears of its record, read in one round trip. */
export interface NotificationCaseFacts {
  unitName: string;
  fiscalYear: number;
  approvalMode: ApprovalMode;
  group: Array<{ userId: string; role: Role; remit: Remit; subOfficeId: string | null }>;
  sections: Array<{ code: string; title: string; assigneeId: string | null }>;
  extraApproverIds: string[];
  extraApprovers: AddedApprover[];
  /** Who has approved the current version (the lifecycle's context), for whose turn it is next. */
  approvals: string[];
  /** The campaign's officers, or, when none is bound to it, every finance officer of its bureau. */
  financeOfficerIds: string[];
}

function toRow(row: Record<string, unknown>): NotificationRow {
  return {
    id: row.id as string,
    kind: row.kind as string,
    caseId: (row.case_id as string | null) ?? null,
    sectionCode: (row.section_code as string | null) ?? null,
    actorId: (row.actor_id as string | null) ?? null,
    actorName: (row.actor_name as string | null) ?? null,
    params: (row.params as Record<string, unknown>) ?? {},
    createdAt: row.created_at as Date,
    readAt: (row.read_at as Date | null) ?? null,
  };
}

/** In-console notifications (站内通知): written with the step they tell of, read by their recipient only. */
/** The group as notices read it (in the group's order), over `evaluation_cases e`. */
export const NOTICE_GROUP_SQL = `COALESCE((SELECT jsonb_agg(jsonb_build_object('userId', g.user_id, 'role', g.role, 'remit', g.remit, 'subOfficeId', u.sub_office_id) ORDER BY g.position NULLS LAST, g.role, g.user_id)
                          FROM case_group_members g JOIN users u ON u.id = g.user_id WHERE g.case_id = e.id), '[]'::jsonb)`;

/** The finance officers notices go to: those bound to the campaign, else the bureau's; over `campaigns c`. */
export const NOTICE_OFFICERS_SQL = `CASE WHEN EXISTS (SELECT 1 FROM campaign_officers co WHERE co.campaign_id = c.id)
                   THEN ARRAY(SELECT co.user_id FROM campaign_officers co WHERE co.campaign_id = c.id ORDER BY co.user_id)
                   ELSE ${bureauOfficersSql()}
              END`;

/**
 * The bureau's finance officers, whom notices go to when no officer is bound to the campaign (over
 * `campaigns c`); with `unlessBound`, an empty array when one is.
 */
export function bureauOfficersSql(unlessBound = false): string {
  const unless = unlessBound ? ' AND NOT EXISTS (SELECT 1 FROM campaign_officers co WHERE co.campaign_id = c.id)' : '';
  return `ARRAY(SELECT r.user_id FROM role_assignments r WHERE r.organisation_id = c.bureau_id AND r.role = 'finance_officer'${unless} ORDER BY r.user_id)`;
}

/**
 * Writes the notices of the JSON parameter (`notificationsJson`), each once per record and person;
 * with a `guard`, only while it holds (the lifecycle write passes "its case moved").
 */
export function notificationsInsertSql(notices: string, guard?: string): string {
  return `INSERT INTO notifications (recipient_id, kind, case_id, history_seq, section_code, actor_id, params, created_at)
       SELECT n.recipient_id, n.kind, n.case_id, n.history_seq, n.section_code, n.actor_id, n.params, n.created_at
         FROM jsonb_to_recordset(${notices}::jsonb) AS n(recipient_id uuid, kind text, case_id uuid, history_seq int, section_code text, actor_id uuid, params jsonb, created_at timestamptz)
        ${guard === undefined ? '' : `WHERE ${guard}`}
       ON CONFLICT (recipient_id, case_id, history_seq) DO NOTHING`;
}

/** Notices as the JSON parameter of `notificationsInsertSql`. */
export function notificationsJson(notices: readonly NewNotification[]): string {
  return JSON.stringify(
    notices.map((n) => ({
      recipient_id: n.recipientId,
      kind: n.kind,
      case_id: n.caseId,
      history_seq: n.historySeq,
      section_code: n.sectionCode,
      actor_id: n.actorId,
      params: n.params,
      created_at: n.createdAt.toISOString(),
    })),
  );
}

@Injectable()
export class NotificationStore {
  /** Writes the notices; one a recipient already has for the same case record is skipped. Answers how many were written. */
  async insertMany(tx: Tx, notices: readonly NewNotification[]): Promise<number> {
    if (notices.length === 0) return 0;
    const rows = await queryRows(tx, `${notificationsInsertSql('$1')} RETURNING id`, [notificationsJson(notices)]);
    return rows.length;
  }

  async caseFacts(tx: Tx, caseId: string): Promise<NotificationCaseFacts | null> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT o.name AS unit_name, c.fiscal_year, c.approval_mode,
              ${NOTICE_GROUP_SQL} AS grp,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('code', s.code, 'title', s.title, 'assigneeId', s.assignee_id) ORDER BY s.position)
                          FROM case_sections s WHERE s.case_id = e.id), '[]'::jsonb) AS sections,
              ARRAY(SELECT x.user_id FROM case_extra_approvers x WHERE x.case_id = e.id AND x.content_version = e.content_version ORDER BY x.created_at, x.user_id) AS extra_ids,
              coalesce((SELECT jsonb_agg(jsonb_build_object('userId', x.user_id, 'placement', x.placement, 'anchorId', x.anchor_id) ORDER BY x.created_at, x.user_id)
                          FROM case_extra_approvers x WHERE x.case_id = e.id AND x.content_version = e.content_version), '[]'::jsonb) AS extra_approvers,
              coalesce(e.snapshot->'context'->'approvals', '[]'::jsonb) AS approvals,
              ${NOTICE_OFFICERS_SQL} AS officer_ids
         FROM evaluation_cases e
         JOIN campaigns c ON c.id = e.campaign_id
         JOIN organisations o ON o.id = e.unit_id
        WHERE e.id = $1`,
      [caseId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      unitName: row.unit_name as string,
      fiscalYear: row.fiscal_year as number,
      approvalMode: row.approval_mode as ApprovalMode,
      group: row.grp as NotificationCaseFacts['group'],
      sections: row.sections as NotificationCaseFacts['sections'],
      extraApproverIds: row.extra_ids as string[],
      extraApprovers: row.extra_approvers as AddedApprover[],
      approvals: row.approvals as string[],
      financeOfficerIds: row.officer_ids as string[],
    };
  }

  /** A person's notices, newest first, with how many there are and how many are unread. */
  async list(tx: Tx, recipientId: string, page: { unreadOnly: boolean; limit: number; offset: number }): Promise<{ items: NotificationRow[]; total: number; unread: number }> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT n.*, a.display_name AS actor_name, count(*) OVER () AS total
         FROM notifications n
         LEFT JOIN users a ON a.id = n.actor_id
        WHERE n.recipient_id = $1 AND (NOT $2::boolean OR n.read_at IS NULL)
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT $3 OFFSET $4`,
      [recipientId, page.unreadOnly, page.limit, page.offset],
    );
    const total = rows[0] ? Number(rows[0].total) : page.offset === 0 ? 0 : await this.count(tx, recipientId, page.unreadOnly);
    return { items: rows.map(toRow), total, unread: await this.count(tx, recipientId, true) };
  }

  /** How many notices a person has (only the unread with `unreadOnly`): an index-only count, cheap enough to poll. */
  async count(tx: Tx, recipientId: string, unreadOnly: boolean): Promise<number> {
    const rows = await queryRows<{ n: number }>(
      tx,
      `SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND (NOT $2::boolean OR read_at IS NULL)`,
      [recipientId, unreadOnly],
      'notifications.count.v1',
    );
    return rows[0]?.n ?? 0;
  }

  /** Marks the person's notices read: those of `ids`, or all with null. Another person's ids are left alone. Answers the ids newly read. */
  async markRead(tx: Tx, recipientId: string, ids: readonly string[] | null, now: Date): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      tx,
      `UPDATE notifications SET read_at = $3
        WHERE recipient_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
        RETURNING id`,
      [recipientId, ids === null ? null : [...ids], now],
    );
    return rows.map((row) => row.id);
  }
}
