import { Injectable } from '@nestjs/common';
import type { ApprovalMode, Role, SectionState } from '@jixiao/workflow';
import type { Tx } from '../data-source';
import type { Remit } from '../entities/case-group-member.entity';
import { EFFECTIVE_DEADLINE_SQL } from './effective-deadline';
import { queryRows } from './rows';
import type { GroupMember } from './case.store';

/** What every task names of its case. */
export interface TaskCase {
  caseId: string;
  documentNumber: string;
  unitName: string;
  submissionDeadline: string;
  publicationDeadline: string;
}

/**
 * A case of the person's unit past self-assessment's sections, or in it for its compiler: what the
 * case-level tasks (approve, seal, submit, publish, acknowledge) are derived from.
 */
export interface CaseTaskCandidate extends TaskCase {
  state: string;
  contentVersion: number;
  approvals: string[];
  approvalMode: ApprovalMode;
  /** The person's roles for this case: in its working group, and in the unit. */
  roles: Role[];
  leaderIds: string[];
  deputyLeaderIds: string[];
  extraApproverIds: string[];
  /** For a compiler's case in self-assessment: the data table in force and the keys acknowledged in this version. */
  dataTable: unknown;
  roundingTolerance: string;
  acknowledgedKeys: string[];
}

/** A section of a case in self-assessment that the person drafts, or may have to approve. */
export interface SectionTaskCandidate extends TaskCase {
  code: string;
  title: string;
  state: SectionState;
  assigneeId: string | null;
  dueDate: string | null;
}

const CASE_COLUMNS = `e.id AS case_id, c.document_number, o.name AS unit_name,
       ${EFFECTIVE_DEADLINE_SQL}::text AS submission_deadline, c.publication_deadline::text AS publication_deadline`;

function taskCase(row: Record<string, unknown>): TaskCase {
  return {
    caseId: row.case_id as string,
    documentNumber: row.document_number as string,
    unitName: row.unit_name as string,
    submissionDeadline: row.submission_deadline as string,
    publicationDeadline: row.publication_deadline as string,
  };
}

/**
 * Reads what a person's open tasks are derived from, in a few set-based statements over their
 * unit's cases; nothing about tasks is stored.
 */
@Injectable()
export class TaskStore {
  async caseCandidates(tx: Tx, userId: string, unitId: string): Promise<CaseTaskCandidate[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `WITH cases AS (
         SELECT e.*
           FROM evaluation_cases e
          WHERE e.unit_id = $2 AND e.state IN ('self_assessment', 'internal_review', 'sealed', 'submitted.accepted')
       )
       SELECT ${CASE_COLUMNS}, e.state, e.content_version, c.approval_mode, c.rounding_tolerance::text AS rounding_tolerance,
              coalesce(e.snapshot->'context'->'approvals', '[]'::jsonb) AS approvals,
              r.roles,
              ARRAY(SELECT g.user_id FROM case_group_members g WHERE g.case_id = e.id AND g.role = 'group_leader' ORDER BY g.user_id) AS leader_ids,
              ARRAY(SELECT g.user_id FROM case_group_members g WHERE g.case_id = e.id AND g.role = 'deputy_leader' ORDER BY g.user_id) AS deputy_ids,
              ARRAY(SELECT x.user_id FROM case_extra_approvers x
                     WHERE x.case_id = e.id AND x.content_version = e.content_version ORDER BY x.created_at, x.user_id) AS extra_approver_ids,
              t.input AS data_table,
              ARRAY(SELECT a.problem_key FROM problem_acknowledgements a
                     WHERE a.case_id = e.id AND a.content_version = e.content_version AND t.input IS NOT NULL) AS acknowledged_keys
         FROM cases e
         JOIN campaigns c ON c.id = e.campaign_id
         JOIN organisations o ON o.id = e.unit_id
        CROSS JOIN LATERAL (
              SELECT ARRAY(SELECT g.role FROM case_group_members g WHERE g.case_id = e.id AND g.user_id = $1
                           UNION SELECT ra.role FROM role_assignments ra WHERE ra.user_id = $1 AND ra.organisation_id = e.unit_id) AS roles) r
         LEFT JOIN LATERAL (
              SELECT ct.input FROM case_tables ct
               WHERE e.state = 'self_assessment' AND 'compiler' = ANY(r.roles)
                 AND ct.case_id = e.id AND ct.kind = 'data' AND ct.content_version <= e.content_version
               ORDER BY ct.content_version DESC LIMIT 1) t ON true
        WHERE e.state <> 'self_assessment' OR 'compiler' = ANY(r.roles)`,
      [userId, unitId],
    );
    return rows.map((row) => ({
      ...taskCase(row),
      state: row.state as string,
      contentVersion: row.content_version as number,
      approvals: row.approvals as string[],
      approvalMode: row.approval_mode as ApprovalMode,
      roles: row.roles as Role[],
      leaderIds: row.leader_ids as string[],
      deputyLeaderIds: row.deputy_ids as string[],
      extraApproverIds: row.extra_approver_ids as string[],
      dataTable: row.data_table ?? null,
      roundingTolerance: row.rounding_tolerance as string,
      acknowledgedKeys: row.acknowledged_keys as string[],
    }));
  }

  /**
   * Sections of the unit's cases in self-assessment that the person drafts (assigned or drafting),
   * and submitted sections of cases where they lead or deputise, which they may have to approve.
   */
  async sectionCandidates(tx: Tx, userId: string, unitId: string): Promise<SectionTaskCandidate[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT ${CASE_COLUMNS}, s.code, s.title, s.state, s.assignee_id, s.due_date::text AS due_date
         FROM evaluation_cases e
         JOIN campaigns c ON c.id = e.campaign_id
         JOIN organisations o ON o.id = e.unit_id
         JOIN case_sections s ON s.case_id = e.id
        WHERE e.unit_id = $2 AND e.state = 'self_assessment'
          AND ((s.assignee_id = $1 AND s.state IN ('assigned', 'drafting'))
            OR (s.state = 'submitted' AND EXISTS (
                  SELECT 1 FROM case_group_members g
                   WHERE g.case_id = e.id AND g.user_id = $1 AND g.role IN ('group_leader', 'deputy_leader'))))
        ORDER BY e.id, s.position`,
      [userId, unitId],
    );
    return rows.map((row) => ({
      ...taskCase(row),
      code: row.code as string,
      title: row.title as string,
      state: row.state as SectionState,
      assigneeId: row.assignee_id as string | null,
      dueDate: row.due_date as string | null,
    }));
  }

  /** The working groups of several cases at once, by case id. */
  async groups(tx: Tx, caseIds: readonly string[]): Promise<Map<string, GroupMember[]>> {
    const groups = new Map<string, GroupMember[]>();
    if (caseIds.length === 0) return groups;
    const rows = await queryRows<{ case_id: string; user_id: string; role: GroupMember['role']; display_name: string; remit: Remit; sub_office_id: string | null }>(
      tx,
      `SELECT g.case_id, g.user_id, g.role, u.display_name, g.remit, u.sub_office_id
         FROM case_group_members g JOIN users u ON u.id = g.user_id
        WHERE g.case_id = ANY($1::uuid[])
        ORDER BY g.case_id, g.role, u.display_name`,
      [[...caseIds]],
    );
    for (const row of rows) {
      const members = groups.get(row.case_id) ?? [];
      members.push({ userId: row.user_id, role: row.role, displayName: row.display_name, remit: row.remit, subOfficeId: row.sub_office_id });
      groups.set(row.case_id, members);
    }
    return groups;
  }
}
