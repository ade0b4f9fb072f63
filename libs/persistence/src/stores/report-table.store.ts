import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

export type ReportTableKind = 'data' | 'indicators';

/** One table of a case as last saved: the raw input, as sent. */
export interface StoredReportTable {
  kind: ReportTableKind;
  /** The content version it was saved in; a table carries over into later versions until saved again. */
  contentVersion: number;
  revision: number;
  input: unknown;
  updatedBy: string;
  updatedAt: Date;
}

/** What checking a case's tables needs from its campaign, and the case's stored lifecycle snapshot. */
export interface ReportTableSettings {
  /** NULL: the default indicator tree. */
  indicatorConfig: unknown;
  /** 万元, as an exact decimal string. */
  roundingTolerance: string;
  snapshot: unknown;
  machineVersion: number;
}

export interface ProblemAcknowledgement {
  problemKey: string;
  comment: string;
  userId: string;
  createdAt: Date;
}

function toTable(row: Record<string, unknown>): StoredReportTable {
  return {
    kind: row.kind as ReportTableKind,
    contentVersion: row.content_version as number,
    revision: row.revision as number,
    input: row.input,
    updatedBy: row.updated_by as string,
    updatedAt: row.updated_at as Date,
  };
}

@Injectable()
export class ReportTableStore {
  async settings(tx: Tx, caseId: string): Promise<ReportTableSettings | null> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT c.indicator_config, c.rounding_tolerance::text AS rounding_tolerance, e.snapshot, e.machine_version
         FROM evaluation_cases e JOIN campaigns c ON c.id = e.campaign_id
        WHERE e.id = $1`,
      [caseId],
    );
    const row = rows[0];
    if (!row) return null;
    return { indicatorConfig: row.indicator_config ?? null, roundingTolerance: row.rounding_tolerance as string, snapshot: row.snapshot, machineVersion: row.machine_version as number };
  }

  /** The table in force for a content version: its own, or else the latest of an earlier version. */
  async current(tx: Tx, caseId: string, kind: ReportTableKind, contentVersion: number): Promise<StoredReportTable | null> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT kind, content_version, revision, input, updated_by, updated_at
         FROM case_tables
        WHERE case_id = $1 AND kind = $2 AND content_version <= $3
        ORDER BY content_version DESC LIMIT 1`,
      [caseId, kind, contentVersion],
    );
    return rows[0] ? toTable(rows[0]) : null;
  }

  /**
   * Saves the table for the content version when the revision in force is `expectedRevision` (0: none
   * yet; null: whatever it is). Answers the new revision, or null when someone saved first. Two
   * concurrent saves of the same revision meet on the primary key: the second finds the row moved on.
   */
  async save(
    tx: Tx,
    input: { caseId: string; kind: ReportTableKind; contentVersion: number; expectedRevision: number | null; input: unknown; userId: string },
  ): Promise<number | null> {
    const rows = await queryRows<{ revision: number }>(
      tx,
      `WITH latest AS (
         SELECT revision FROM case_tables
          WHERE case_id = $1 AND kind = $2 AND content_version <= $3
          ORDER BY content_version DESC LIMIT 1
       )
       INSERT INTO case_tables AS t (case_id, kind, content_version, revision, input, updated_by, updated_at)
       SELECT $1, $2, $3, COALESCE((SELECT revision FROM latest), 0) + 1, $5::jsonb, $6, now()
        WHERE $4::int IS NULL OR COALESCE((SELECT revision FROM latest), 0) = $4::int
       ON CONFLICT (case_id, kind, content_version) DO UPDATE
          SET revision = t.revision + 1, input = EXCLUDED.input, updated_by = EXCLUDED.updated_by, updated_at = now()
        WHERE $4::int IS NULL OR t.revision = $4::int
       RETURNING revision`,
      [input.caseId, input.kind, input.contentVersion, input.expectedRevision, JSON.stringify(input.input), input.userId],
    );
    return rows[0]?.revision ?? null;
  }

  /**
   * The acknowledgements in force for a content version: per problem, the latest given in it or an
   * earlier one. A report returned by the bureau starts a new version with its tables carried over
   * (`current`), and a warning of a table nobody changed stays acknowledged with it; a table changed
   * so that the warning says something else has another problem key, which no acknowledgement covers.
   */
  async acknowledgements(tx: Tx, caseId: string, contentVersion: number): Promise<ProblemAcknowledgement[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT * FROM (
         SELECT DISTINCT ON (problem_key) problem_key, comment, user_id, created_at FROM problem_acknowledgements
          WHERE case_id = $1 AND content_version <= $2 ORDER BY problem_key, content_version DESC
       ) a ORDER BY created_at, problem_key`,
      [caseId, contentVersion],
    );
    return rows.map((row) => ({ problemKey: row.problem_key as string, comment: row.comment as string, userId: row.user_id as string, createdAt: row.created_at as Date }));
  }

  /** Records an acknowledgement; a second one of the same problem replaces the comment. */
  async acknowledge(tx: Tx, input: { caseId: string; contentVersion: number; problemKey: string; comment: string; userId: string }): Promise<ProblemAcknowledgement> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `INSERT INTO problem_acknowledgements (case_id, content_version, problem_key, comment, user_id)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (case_id, content_version, problem_key) DO UPDATE SET comment = EXCLUDED.comment, user_id = EXCLUDED.user_id, created_at = now()
       RETURNING problem_key, comment, user_id, created_at`,
      [input.caseId, input.contentVersion, input.problemKey, input.comment, input.userId],
    );
    const row = rows[0]!;
    return { problemKey: row.problem_key as string, comment: row.comment as string, userId: row.user_id as string, createdAt: row.created_at as Date };
  }
}
