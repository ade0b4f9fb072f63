import type { INestApplication } from '@nestjs/common';
import { Transactor } from '@jixiao/persistence';
import type { ApiClient } from './api-client';
import { issueCampaign } from './api-client';
import type { WorldUnit, WorldUser } from './world';

/** An instant given as a Shanghai date and 'HH:MM'. */
export const shanghai = (date: string, time = '09:00') => new Date(`${date}T${time}:00+08:00`);

export interface OutboxRow {
  id: string;
  kind: string;
  rule: string;
  recipient_id: string;
  case_id: string;
  item_key: string;
  due_date: string;
  status: string;
  cancel_reason: string | null;
  dedupe_key: string;
  send_after: Date;
  payload: Record<string, unknown>;
}

/** The outbox rows of one campaign, oldest first. */
export async function outboxOf(app: INestApplication, campaignId: string): Promise<OutboxRow[]> {
  return app.get(Transactor).manager.query(
    `SELECT id, kind, rule, recipient_id, case_id, item_key, due_date::text AS due_date, status, cancel_reason, dedupe_key, send_after, payload
       FROM mail_outbox WHERE campaign_id = $1 ORDER BY created_at, dedupe_key`,
    [campaignId],
  );
}

export interface DueItemRowView {
  item_key: string;
  kind: string;
  section_code: string | null;
  recipient_id: string;
  due_date: string;
  escalate_to: string[];
  closed: boolean;
}

export async function dueItemsOf(app: INestApplication, caseId: string, open = true): Promise<DueItemRowView[]> {
  return app.get(Transactor).manager.query(
    `SELECT item_key, kind, section_code, recipient_id, due_date::text AS due_date, escalate_to, closed_at IS NOT NULL AS closed
       FROM due_items WHERE case_id = $1 AND ($2::boolean IS FALSE OR closed_at IS NULL)
      ORDER BY kind, section_code, recipient_id`,
    [caseId, open],
  );
}

/**
 * Issues a campaign to one unit and takes its case into self-assessment: the group with the
 * deputy's remit limited to section 2.1, every section assigned to the member, due on
 * `dueDates[code]` or else the submission deadline.
 */
export async function caseInSelfAssessment(
  api: ApiClient,
  unit: WorldUnit,
  officer: WorldUser,
  deadlines: { submissionDeadline: string; publicationDeadline: string },
  dueDates: Record<string, string>,
): Promise<{ campaignId: string; caseId: string; codes: string[] }> {
  const { campaignId, caseIds } = await issueCampaign(api, officer, [unit.id], deadlines);
  const caseId = caseIds.get(unit.id)!;
  await api.event(unit.admin, caseId, {
    type: 'FORM_GROUP',
    group: {
      leaderId: unit.leader.id,
      deputyLeaderIds: [unit.deputy.id],
      remits: [{ userId: unit.deputy.id, sectionCodes: ['2.1'] }],
      memberIds: [unit.member.id, unit.member2.id],
      compilerIds: [unit.compiler.id],
      sealKeeperIds: [unit.sealKeeper.id],
      publisherIds: [unit.publisher.id],
    },
  });
  const detail = await api.get(unit.leader, `/api/cases/${caseId}`);
  const codes: string[] = detail.body.sections.map((s: { code: string }) => s.code);
  for (const code of codes) {
    const assigned = await api.put(unit.leader, `/api/cases/${caseId}/sections/${code}/assignment`, {
      assigneeId: unit.member.id,
      dueDate: dueDates[code] ?? deadlines.submissionDeadline,
    });
    if (assigned.status !== 200) throw new Error(`assign ${code} → ${assigned.status} ${JSON.stringify(assigned.body)}`);
  }
  await api.event(unit.leader, caseId, { type: 'START_SELF_ASSESSMENT' });
  return { campaignId, caseId, codes };
}
