import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

/** One group of open items that share a campaign and a due date, and what the sweep sends them now. */
export interface SweepPlanRow {
  campaignId: string;
  dueDate: string;
  /** The ladder rule that fires for the assignees now ('before-3', 'due-day', 'overdue'), or null. */
  rule: string | null;
  /** 'reminder' or 'overdue', with the rule. */
  kind: 'reminder' | 'overdue' | null;
  /** Part of the dedupe key of this rule: the day for 'overdue' (one a day), '' otherwise. */
  ruleDay: string;
  workingDaysLeft: number;
  /** Whether the escalation targets get their (one) escalation now. */
  escalate: boolean;
  sendAfter: Date;
  windowStart: string;
  windowEnd: string;
}

/** An 'urge' mail (催办) for one open due item. */
export interface UrgeRow {
  dueItemId: string;
  /** The working day it counts for; part of the dedupe key. */
  day: string;
  urgedBy: string;
  message: string | null;
  workingDaysLeft: number;
  sendAfter: Date;
  windowStart: string;
  windowEnd: string;
}

/** What every mail about a due item says, built in SQL from the item, its case and its people. */
const PAYLOAD = `jsonb_build_object(
         'taskKind', d.kind, 'caseId', d.case_id, 'unitName', o.name, 'documentNumber', c.document_number, 'campaignTitle', c.title,
         'sectionCode', d.section_code, 'sectionTitle', s.title, 'dueDate', d.due_date::text,
         'link', '/cases/' || d.case_id || coalesce('/sections/' || d.section_code, ''))`;

/** The campaign's reminder ladder, and the statements that enqueue reminders and 催办 in the outbox. */
@Injectable()
export class ReminderStore {
  /** The stored ladder (null: the default), and whether the campaign exists. */
  async ladder(tx: Tx, campaignId: string): Promise<{ ladder: unknown } | null> {
    const rows = await queryRows<{ reminder_ladder: unknown }>(tx, `SELECT reminder_ladder FROM campaigns WHERE id = $1`, [campaignId]);
    return rows[0] ? { ladder: rows[0].reminder_ladder ?? null } : null;
  }

  async setLadder(tx: Tx, campaignId: string, ladder: unknown): Promise<void> {
    await queryRows(tx, `UPDATE campaigns SET reminder_ladder = $2::jsonb WHERE id = $1`, [campaignId, ladder === null ? null : JSON.stringify(ladder)]);
  }

  /** The distinct (campaign, due date) pairs of open items, with each campaign's stored ladder. */
  async openDueDates(tx: Tx, campaignId: string | null = null): Promise<Array<{ campaignId: string; dueDate: string; ladder: unknown; items: number }>> {
    const rows = await queryRows<{ campaign_id: string; due_date: string; reminder_ladder: unknown; items: number }>(
      tx,
      `SELECT g.campaign_id, g.due_date::text AS due_date, c.reminder_ladder, g.items
         FROM (SELECT campaign_id, due_date, count(*)::int AS items FROM due_items
                WHERE closed_at IS NULL AND ($1::uuid IS NULL OR campaign_id = $1::uuid)
                GROUP BY campaign_id, due_date) g
         JOIN campaigns c ON c.id = g.campaign_id
        ORDER BY g.campaign_id, g.due_date`,
      [campaignId],
    );
    return rows.map((row) => ({ campaignId: row.campaign_id, dueDate: row.due_date, ladder: row.reminder_ladder ?? null, items: row.items }));
  }

  /**
   * One INSERT ... SELECT for a batch of the sweep: every open item of the planned (campaign, due
   * date) pairs gets the plan's rule for its assignee and, when the plan escalates, one escalation
   * per target. With `page`, only the next `limit` items after `afterId` (by id) of a single
   * planned pair, so that a large group is written in several short transactions. The dedupe key
   * (rule, recipient, item, due date, and the day for a daily rule) makes a second sweep, or a
   * concurrent one, insert nothing twice. Answers the rows inserted per kind, how many items were
   * looked at and the last item's id.
   */
  async enqueueSweep(
    tx: Tx,
    plan: readonly SweepPlanRow[],
    page: { afterId: string | null; limit: number } | null = null,
  ): Promise<{ enqueued: Record<string, number>; items: number; lastId: string | null }> {
    if (plan.length === 0) return { enqueued: {}, items: 0, lastId: null };
    if (page !== null && plan.length !== 1) throw new Error('A paged sweep batch covers one (campaign, due date) pair.');
    const column = <T>(pick: (row: SweepPlanRow) => T) => plan.map(pick);
    const rows = await queryRows<{ enqueued: Record<string, number>; items: number; last_id: string | null }>(
      tx,
      `WITH plan AS (
         SELECT * FROM unnest($1::uuid[], $2::date[], $3::text[], $4::text[], $5::text[], $6::int[], $7::boolean[], $8::timestamptz[], $9::text[], $10::text[])
             AS p(campaign_id, due_date, rule, kind, rule_day, days_left, escalate, send_after, window_start, window_end)
       ), items AS (
         SELECT d.*, p.rule, p.kind AS rule_kind, p.rule_day, p.days_left, p.escalate, p.send_after, p.window_start, p.window_end
           FROM plan p JOIN due_items d ON d.campaign_id = p.campaign_id AND d.due_date = p.due_date AND d.closed_at IS NULL
          WHERE $11::uuid IS NULL OR d.id > $11::uuid
          ORDER BY d.id
          LIMIT $12
       ), mails AS (
         SELECT i.*, i.recipient_id AS mail_to, i.rule AS mail_rule, i.rule_kind AS mail_kind, i.rule_day AS mail_day FROM items i WHERE i.rule IS NOT NULL
         UNION ALL
         SELECT i.*, t.target, 'escalation', 'escalation', '' FROM items i CROSS JOIN LATERAL unnest(i.escalate_to) AS t(target) WHERE i.escalate
       ), inserted AS (
         INSERT INTO mail_outbox (dedupe_key, kind, recipient_id, campaign_id, case_id, item_key, due_date, rule, payload, send_after, next_attempt_at)
         SELECT concat_ws('|', d.mail_rule, d.mail_to, d.id, d.due_date, nullif(d.mail_day, '')), d.mail_kind, d.mail_to, d.campaign_id, d.case_id,
                d.item_key || '@' || d.recipient_id, d.due_date, d.mail_rule,
                ${PAYLOAD} || jsonb_build_object(
                  'workingDaysLeft', d.days_left,
                  'assigneeName', CASE WHEN d.mail_kind = 'escalation' THEN a.display_name END,
                  'urgedByName', NULL, 'message', NULL,
                  'window', jsonb_build_object('start', d.window_start, 'end', d.window_end)),
                d.send_after, d.send_after
           FROM mails d
           JOIN evaluation_cases e ON e.id = d.case_id
           JOIN campaigns c ON c.id = d.campaign_id
           JOIN organisations o ON o.id = e.unit_id
           JOIN users a ON a.id = d.recipient_id
           -- A switched-off account is mailed nothing; escalations still tell the people above.
           JOIN users m ON m.id = d.mail_to AND m.disabled_at IS NULL
           LEFT JOIN case_sections s ON s.case_id = d.case_id AND s.code = d.section_code
          ORDER BY 1
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING kind, case_id
       ), touched AS (
         -- A lifecycle event that read one of these cases before this sweep and writes after it would not
         -- see these mails to cancel them: moving the case's facts revision makes its write fail and read
         -- again. A case locked now is held by a writer that reads its due facts after this sweep commits.
         UPDATE evaluation_cases e SET facts_revision = e.facts_revision + 1
          WHERE e.id IN (SELECT x.id FROM evaluation_cases x WHERE x.id IN (SELECT case_id FROM inserted) FOR NO KEY UPDATE SKIP LOCKED)
         RETURNING 1
       )
       SELECT coalesce((SELECT jsonb_object_agg(k.kind, k.n) FROM (SELECT kind, count(*)::int AS n FROM inserted GROUP BY kind) k), '{}'::jsonb) AS enqueued,
              (SELECT count(*)::int FROM items) AS items,
              (SELECT id FROM items ORDER BY id DESC LIMIT 1) AS last_id`,
      [
        column((r) => r.campaignId),
        column((r) => r.dueDate),
        column((r) => r.rule),
        column((r) => r.kind),
        column((r) => r.ruleDay),
        column((r) => r.workingDaysLeft),
        column((r) => r.escalate),
        column((r) => r.sendAfter.toISOString()),
        column((r) => r.windowStart),
        column((r) => r.windowEnd),
        page?.afterId ?? null,
        page?.limit ?? null,
      ],
    );
    const row = rows[0]!;
    return { enqueued: row.enqueued, items: row.items, lastId: row.last_id };
  }

  /**
   * 催办 for open due items, at most one per person, task and working day: answers the outbox item
   * keys (task and person) that got their urge now; one urged already that day is left out.
   */
  async enqueueUrges(tx: Tx, urges: readonly UrgeRow[]): Promise<string[]> {
    if (urges.length === 0) return [];
    const rows = await queryRows<{ item_key: string }>(
      tx,
      `WITH urge AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
             AS u(due_item_id uuid, day text, urged_by uuid, message text, days_left int, send_after timestamptz, window_start text, window_end text)
       )
       INSERT INTO mail_outbox (dedupe_key, kind, recipient_id, campaign_id, case_id, item_key, due_date, rule, payload, send_after, next_attempt_at)
       SELECT concat_ws('|', 'urge', d.recipient_id, d.item_key, u.day), 'urge', d.recipient_id, d.campaign_id, d.case_id,
              d.item_key || '@' || d.recipient_id, d.due_date, 'urge',
              ${PAYLOAD} || jsonb_build_object(
                'workingDaysLeft', u.days_left, 'assigneeName', NULL, 'urgedByName', b.display_name, 'message', u.message,
                'window', jsonb_build_object('start', u.window_start, 'end', u.window_end)),
              u.send_after, u.send_after
         FROM urge u
         JOIN due_items d ON d.id = u.due_item_id AND d.closed_at IS NULL
         JOIN evaluation_cases e ON e.id = d.case_id
         JOIN campaigns c ON c.id = d.campaign_id
         JOIN organisations o ON o.id = e.unit_id
         JOIN users b ON b.id = u.urged_by
         LEFT JOIN case_sections s ON s.case_id = d.case_id AND s.code = d.section_code
        ORDER BY 1
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING item_key`,
      [
        JSON.stringify(
          urges.map((u) => ({
            due_item_id: u.dueItemId,
            day: u.day,
            urged_by: u.urgedBy,
            message: u.message,
            days_left: u.workingDaysLeft,
            send_after: u.sendAfter.toISOString(),
            window_start: u.windowStart,
            window_end: u.windowEnd,
          })),
        ),
      ],
    );
    return rows.map((row) => row.item_key);
  }
}
