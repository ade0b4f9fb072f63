import { Injectable } from '@nestjs/common';
import type { AddedApprover, ApprovalMode, DueTaskKind, Role, SectionState } from '@jixiao/workflow';
import type { Tx } from '../data-source';
import type { GroupRole, Remit } from '../entities/case-group-member.entity';
import { EFFECTIVE_DEADLINE_SQL } from './effective-deadline';
import { queryRows } from './rows';

export type DueItemKind = DueTaskKind;

/** Everything the tasks of one case are derived from, read in one statement. */
export interface CaseDueFacts {
  caseId: string;
  campaignId: string;
  unitId: string;
  bureauId: string;
  documentNumber: string;
  unitName: string;
  state: string;
  /** The lifecycle snapshot as stored, with the machine version that wrote it. */
  snapshot: unknown;
  machineVersion: number;
  contentVersion: number;
  approvals: string[];
  approvalMode: ApprovalMode;
  submissionDeadline: string;
  publicationDeadline: string;
  leaderIds: string[];
  deputyLeaderIds: string[];
  extraApproverIds: string[];
  extraApprovers: AddedApprover[];
  group: Array<{ userId: string; role: GroupRole; remit: Remit; subOfficeId: string | null }>;
  sections: Array<{ code: string; title: string; state: SectionState; assigneeId: string | null; dueDate: string | null; reopenRequestedBy?: string | null }>;
  /** Roles people of the unit hold in the unit itself (not in this case's group), by user. */
  unitRoles: Array<{ userId: string; roles: Role[] }>;
  /** Finance officers bound to the case's campaign. */
  officerIds: string[];
  /** The case's open due items as stored now. */
  openItems: Array<{ itemKey: string; recipientId: string; dueDate: string; escalateTo: string[] }>;
}

/** One person's open task on a case, as the refresh wants it stored. */
export interface DesiredDueItem {
  itemKey: string;
  caseId: string;
  campaignId: string;
  kind: DueItemKind;
  sectionCode: string | null;
  recipientId: string;
  dueDate: string;
  escalateTo: string[];
}

export interface DueItemRow extends DesiredDueItem {
  id: string;
  openedAt: Date;
}

/** What a refresh changed: items opened, closed, and moved (due date or escalation targets), and outbox rows cancelled. */
export interface DueItemChanges {
  opened: number;
  closed: number;
  moved: number;
  cancelled: number;
}

/** The key of one person's task in the outbox: which mails are about this task for this person. */
export const outboxItemKey = (itemKey: string, recipientId: string) => `${itemKey}@${recipientId}`;

/**
 * Serialises the reminder sweep (exclusive) against every change of due items (shared): a sweep
 * sees every change committed before it, and a change made after it sees the sweep's outbox rows,
 * so a reminder for a task that was just done or moved is either never written or cancelled.
 */
const DUE_ITEMS_LOCK = [1764610000, 1] as const;

/** A CTE body that takes the shared side of the sweep lock (see DUE_ITEMS_LOCK), for a statement that changes due items on its own. */
export const DUE_ITEMS_SHARED_LOCK_SQL = `SELECT pg_advisory_xact_lock_shared(${DUE_ITEMS_LOCK[0]}, ${DUE_ITEMS_LOCK[1]})`;

/** The desired items as the JSON parameter of `dueApplyCtes`. */
export function dueItemsJson(desired: readonly DesiredDueItem[]): string {
  return JSON.stringify(
    desired.map((d) => ({
      item_key: d.itemKey,
      case_id: d.caseId,
      campaign_id: d.campaignId,
      kind: d.kind,
      section_code: d.sectionCode,
      recipient_id: d.recipientId,
      due_date: d.dueDate,
      escalate_to: d.escalateTo,
    })),
  );
}

function toRow(row: Record<string, unknown>): DueItemRow {
  return {
    id: row.id as string,
    itemKey: row.item_key as string,
    caseId: row.case_id as string,
    campaignId: row.campaign_id as string,
    kind: row.kind as DueItemKind,
    sectionCode: row.section_code as string | null,
    recipientId: row.recipient_id as string,
    dueDate: row.due_date as string,
    escalateTo: row.escalate_to as string[],
    openedAt: row.opened_at as Date,
  };
}

const ITEM_COLUMNS = `d.id, d.item_key, d.case_id, d.campaign_id, d.kind, d.section_code, d.recipient_id, d.due_date::text AS due_date, d.escalate_to, d.opened_at`;

/**
 * The columns of a case's due facts over `evaluation_cases e`, `campaigns c` and `organisations o`
 * (read by `facts`, and by the lifecycle read with the rest of what an event needs).
 */
export const DUE_FACTS_COLUMNS = `e.id AS case_id, e.campaign_id, e.unit_id, c.bureau_id, c.document_number, o.name AS unit_name, e.state, e.snapshot, e.machine_version,
              e.content_version, c.approval_mode,
              ${EFFECTIVE_DEADLINE_SQL}::text AS submission_deadline, c.publication_deadline::text AS publication_deadline,
              coalesce(e.snapshot->'context'->'approvals', '[]'::jsonb) AS approvals,
              coalesce((SELECT jsonb_agg(jsonb_build_object('userId', x.user_id, 'placement', x.placement, 'anchorId', x.anchor_id) ORDER BY x.created_at, x.user_id)
                          FROM case_extra_approvers x WHERE x.case_id = e.id AND x.content_version = e.content_version), '[]'::jsonb) AS extra_approvers,
              coalesce((SELECT jsonb_agg(jsonb_build_object('userId', g.user_id, 'role', g.role, 'remit', g.remit, 'position', g.position,
                                                    -- Looked up member by member: a join would let the planner scan every user.
                                                    'subOfficeId', (SELECT u.sub_office_id FROM users u WHERE u.id = g.user_id))
                                 ORDER BY g.role, g.position NULLS LAST, g.user_id)
                          FROM case_group_members g WHERE g.case_id = e.id), '[]'::jsonb) AS members,
              coalesce((SELECT jsonb_agg(jsonb_build_object('code', s.code, 'title', s.title, 'state', s.state, 'assigneeId', s.assignee_id, 'dueDate', s.due_date::text, 'reopenRequestedBy', s.reopen_requested_by) ORDER BY s.position)
                          FROM case_sections s WHERE s.case_id = e.id), '[]'::jsonb) AS sections,
              coalesce((SELECT jsonb_agg(jsonb_build_object('userId', r.user_id, 'roles', r.roles))
                          FROM (SELECT ra.user_id, array_agg(ra.role ORDER BY ra.role) AS roles FROM role_assignments ra
                                 WHERE ra.organisation_id = e.unit_id
                                   AND ra.role IN ('unit_admin', 'group_leader', 'compiler', 'seal_keeper', 'publisher')
                                 GROUP BY ra.user_id) r), '[]'::jsonb) AS unit_roles,
              ARRAY(SELECT co.user_id FROM campaign_officers co WHERE co.campaign_id = e.campaign_id ORDER BY co.user_id) AS officer_ids,
              coalesce((SELECT jsonb_agg(jsonb_build_object('itemKey', d.item_key, 'recipientId', d.recipient_id, 'dueDate', d.due_date::text, 'escalateTo', d.escalate_to))
                          FROM due_items d WHERE d.case_id = e.id AND d.closed_at IS NULL), '[]'::jsonb) AS open_items`;

/** A member of the case's group as `DUE_FACTS_COLUMNS` reads it: in the group's order (role, position, user), with the position. */
export type GroupMemberRow = CaseDueFacts['group'][number] & { position: number | null };

/**
 * The group in the order notices go out in (position, then role, then user: `NOTICE_GROUP_SQL`'s
 * order), from the members as the due facts read them. Roles are plain ASCII, so JavaScript's
 * comparison orders them as PostgreSQL does.
 */
export function groupInNoticeOrder(members: readonly GroupMemberRow[]): CaseDueFacts['group'] {
  const position = (m: GroupMemberRow) => (m.position === null ? Number.POSITIVE_INFINITY : m.position);
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...members]
    .sort((a, b) => position(a) - position(b) || compare(a.role, b.role) || compare(a.userId, b.userId))
    .map(({ position: _position, ...member }) => member);
}

/** A row of `DUE_FACTS_COLUMNS` as the facts. */
export function dueFactsOf(row: Record<string, unknown>): CaseDueFacts {
  // The position is read for the notices' order (`groupInNoticeOrder`); the facts keep the group without it.
  const group = (row.members as GroupMemberRow[]).map(({ position: _position, ...member }) => member);
  const extraApprovers = row.extra_approvers as AddedApprover[];
  return {
    caseId: row.case_id as string,
    campaignId: row.campaign_id as string,
    unitId: row.unit_id as string,
    bureauId: row.bureau_id as string,
    documentNumber: row.document_number as string,
    unitName: row.unit_name as string,
    state: row.state as string,
    snapshot: row.snapshot,
    machineVersion: row.machine_version as number,
    contentVersion: row.content_version as number,
    approvals: row.approvals as string[],
    approvalMode: row.approval_mode as ApprovalMode,
    submissionDeadline: row.submission_deadline as string,
    publicationDeadline: row.publication_deadline as string,
    // In the group's order (依次 approves in it), as the case's own record reads them.
    leaderIds: group.filter((m) => m.role === 'group_leader').map((m) => m.userId),
    deputyLeaderIds: group.filter((m) => m.role === 'deputy_leader').map((m) => m.userId),
    // Read once, as the added approvers in their order (created_at, user_id); the ids are theirs.
    extraApproverIds: extraApprovers.map((x) => x.userId),
    extraApprovers,
    group,
    sections: row.sections as CaseDueFacts['sections'],
    unitRoles: row.unit_roles as CaseDueFacts['unitRoles'],
    officerIds: row.officer_ids as string[],
    openItems: row.open_items as CaseDueFacts['openItems'],
  };
}

/**
 * The CTEs that make the open due items of the cases in `caseIds` exactly those in `desired` (two
 * parameters, a uuid[] and JSON): `due_closed`, `due_moved`, `due_opened` and the outbox rows they
 * cancel (`due_cancel_done`, `due_cancel_moved`). With a `guard`, nothing is written unless it holds
 * (the lifecycle write passes "its case moved").
 */
export function dueApplyCtes(caseIds: string, desired: string, guard?: string): string {
  const and = guard === undefined ? '' : ` AND ${guard}`;
  return `due_desired AS (
         SELECT * FROM jsonb_to_recordset(${desired}::jsonb)
             AS x(item_key text, case_id uuid, campaign_id uuid, kind text, section_code text, recipient_id uuid, due_date date, escalate_to uuid[])
       ), due_current AS (
         SELECT d.id, d.item_key, d.recipient_id, d.due_date, d.escalate_to FROM due_items d
          WHERE d.case_id = ANY(${caseIds}::uuid[]) AND d.closed_at IS NULL
       ), due_closed AS (
         UPDATE due_items d SET closed_at = now(), updated_at = now()
           FROM due_current c
          WHERE d.id = c.id${and} AND NOT EXISTS (SELECT 1 FROM due_desired x WHERE x.item_key = c.item_key AND x.recipient_id = c.recipient_id)
          RETURNING d.item_key, d.recipient_id
       ), due_moved AS (
         UPDATE due_items d SET due_date = x.due_date, escalate_to = x.escalate_to, updated_at = now()
           FROM due_current c JOIN due_desired x ON x.item_key = c.item_key AND x.recipient_id = c.recipient_id
          WHERE d.id = c.id${and} AND (c.due_date <> x.due_date OR c.escalate_to <> x.escalate_to)
          RETURNING d.item_key, d.recipient_id, d.due_date, d.escalate_to
       ), due_opened AS (
         INSERT INTO due_items (item_key, case_id, campaign_id, kind, section_code, recipient_id, due_date, escalate_to)
         SELECT x.item_key, x.case_id, x.campaign_id, x.kind, x.section_code, x.recipient_id, x.due_date, x.escalate_to FROM due_desired x
          WHERE NOT EXISTS (SELECT 1 FROM due_current c WHERE c.item_key = x.item_key AND c.recipient_id = x.recipient_id)${and}
         RETURNING id
       ), due_cancel_done AS (
         UPDATE mail_outbox o SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'done'
           FROM due_closed c
          WHERE o.status IN ('pending', 'sending') AND o.item_key = c.item_key || '@' || c.recipient_id
          RETURNING o.id
       ), due_cancel_moved AS (
         UPDATE mail_outbox o
            SET status = 'cancelled', cancelled_at = now(),
                cancel_reason = CASE WHEN o.due_date IS DISTINCT FROM m.due_date THEN 'due_date_changed' ELSE 'recipient_changed' END
           FROM due_moved m
          WHERE o.status IN ('pending', 'sending') AND o.item_key = m.item_key || '@' || m.recipient_id
            AND ((o.kind <> 'urge' AND o.due_date IS DISTINCT FROM m.due_date) OR (o.kind = 'escalation' AND NOT (o.recipient_id = ANY(m.escalate_to))))
          RETURNING o.id
       )`;
}

/** The stored due items (who has what due) and the facts they are derived from. */
@Injectable()
export class DueItemStore {
  /** Takes the exclusive side of the sweep lock until the transaction ends. */
  async lockForSweep(tx: Tx): Promise<void> {
    await queryRows(tx, `SELECT pg_advisory_xact_lock($1, $2)`, [...DUE_ITEMS_LOCK]);
  }

  /**
   * Locks the cases' rows in a fixed order, for a refresh that does not come with a case update,
   * and moves their `facts_revision` on: a lifecycle event that read one of these cases before
   * (without a lock) then finds its write refused and reads again, so it never writes due items
   * derived from facts this transaction is changing.
   */
  async lockCases(tx: Tx, caseIds: readonly string[]): Promise<void> {
    await queryRows(
      tx,
      `WITH locked AS (SELECT id FROM evaluation_cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE)
       UPDATE evaluation_cases e SET facts_revision = e.facts_revision + 1 FROM locked l WHERE e.id = l.id`,
      [[...caseIds]],
    );
  }

  /**
   * The facts of these cases, in one statement that also takes the shared side of the sweep lock
   * (held until the transaction ends), so the `apply` that follows runs after any sweep in flight.
   */
  async facts(tx: Tx, caseIds: readonly string[], options: { lock: boolean } = { lock: true }): Promise<CaseDueFacts[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `WITH locked AS (
         SELECT CASE WHEN $2::boolean THEN pg_advisory_xact_lock_shared($3, $4) END
       ), cases AS (
         -- Every case's facts in full, a published one's too: the rulebook, not this statement, says who has nothing left to do.
         SELECT e.*
           FROM evaluation_cases e WHERE e.id = ANY($1::uuid[]) AND EXISTS (SELECT 1 FROM locked)
       )
       SELECT ${DUE_FACTS_COLUMNS}
         FROM cases e JOIN campaigns c ON c.id = e.campaign_id JOIN organisations o ON o.id = e.unit_id`,
      [[...caseIds], options.lock, ...DUE_ITEMS_LOCK],
      'due.facts.v6',
    );
    return rows.map(dueFactsOf);
  }

  /**
   * Makes the open due items of these cases exactly `desired`, in one statement: new ones open,
   * missing ones close and their pending mails are cancelled ('done'), and ones whose due date or
   * escalation targets changed are updated with their pending mails for the old date cancelled
   * ('due_date_changed'; an escalation to someone no longer above the person: 'recipient_changed').
   */
  async apply(tx: Tx, caseIds: readonly string[], desired: readonly DesiredDueItem[]): Promise<DueItemChanges> {
    const rows = await queryRows<{ opened: number; closed: number; moved: number; cancelled: number }>(
      tx,
      `WITH ${dueApplyCtes('$1', '$2')}
       SELECT (SELECT count(*) FROM due_opened)::int AS opened, (SELECT count(*) FROM due_closed)::int AS closed,
              (SELECT count(*) FROM due_moved)::int AS moved,
              ((SELECT count(*) FROM due_cancel_done) + (SELECT count(*) FROM due_cancel_moved))::int AS cancelled`,
      [
        [...caseIds],
        dueItemsJson(desired),
      ],
      'due.apply.v2',
    );
    return rows[0]!;
  }

  /** Cases of a unit (or of a campaign) that may still have something due. */
  async openCaseIds(tx: Tx, scope: { unitId: string } | { campaignId: string }): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      tx,
      'unitId' in scope
        ? `SELECT id FROM evaluation_cases WHERE unit_id = $1 AND state <> 'published' ORDER BY id`
        : `SELECT id FROM evaluation_cases WHERE campaign_id = $1 AND state <> 'published' ORDER BY id`,
      ['unitId' in scope ? scope.unitId : scope.campaignId],
    );
    return rows.map((row) => row.id);
  }

  /** Every case that may still have something due, for a full rebuild. */
  async allOpenCaseIds(tx: Tx): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(tx, `SELECT id FROM evaluation_cases WHERE state <> 'published' ORDER BY id`);
    return rows.map((row) => row.id);
  }

  async openOfCase(tx: Tx, caseId: string): Promise<DueItemRow[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT ${ITEM_COLUMNS} FROM due_items d WHERE d.case_id = $1 AND d.closed_at IS NULL
        ORDER BY d.due_date, d.kind, d.section_code NULLS FIRST, d.recipient_id`,
      [caseId],
    );
    return rows.map(toRow);
  }

  /** Open items of a campaign due before `before`, i.e. overdue on that day. */
  async overdueOfCampaign(tx: Tx, campaignId: string, before: string): Promise<DueItemRow[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT ${ITEM_COLUMNS} FROM due_items d WHERE d.campaign_id = $1 AND d.closed_at IS NULL AND d.due_date < $2
        ORDER BY d.case_id, d.due_date, d.item_key, d.recipient_id`,
      [campaignId, before],
    );
    return rows.map(toRow);
  }
}
