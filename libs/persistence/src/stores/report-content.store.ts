import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

/** What a case's report is made of for one content version, as stored: what its snapshot and the review gate are built from. */
export interface ReportContent {
  /** NULL: the default indicator tree. */
  indicatorConfig: unknown;
  /** The campaign's rounding tolerance for the data table's sums, as text. */
  roundingTolerance: string;
  /** False when the unit files project forms only. */
  filesDepartmentReport: boolean;
  /** NULL: the national rule pack. */
  rulePack: unknown;
  /** The outline in its order, each section with its revision in force and that revision's blocks (null while never saved). */
  sections: Array<{ code: string; title: string; revision: number; blocks: unknown[] | null }>;
  /** The tables in force for the content version (their own or the latest of an earlier one); null while never saved. */
  dataInput: unknown;
  scoresInput: unknown;
  /** The keys of the data table's warnings acknowledged for this content version. */
  acknowledgedKeys: string[];
  /** The unit's projects in the campaign's order, each with the input of its form in force (null while never saved) and whether that form is approved. */
  projects: Array<{ code: string; name: string; competentDepartment: string; implementingUnit: string; input: unknown; approved: boolean }>;
}

/** The join `reportContentColumns` needs beside `evaluation_cases e` and `campaigns c`. */
export const REPORT_CONTENT_JOIN = `LEFT JOIN campaign_units cu ON cu.campaign_id = e.campaign_id AND cu.unit_id = e.unit_id`;

/**
 * The columns of a case's report content for the content version `contentVersion` (an SQL
 * expression: a parameter, or `e.content_version` for the one in force), over `evaluation_cases e`,
 * `campaigns c` and `REPORT_CONTENT_JOIN`: read alone by `ofCase`, and with the lifecycle read for
 * the events decided on the report (REQUEST_REVIEW's gate, SEAL's rendering).
 */
export function reportContentColumns(contentVersion: string): string {
  return `c.indicator_config, c.rounding_tolerance::text AS rounding_tolerance, COALESCE(cu.files_department_report, true) AS files_department_report,
              CASE WHEN cu.unit_id IS NULL THEN NULL ELSE c.rule_pack END AS rule_pack,
              (SELECT COALESCE(json_agg(json_build_object('code', s.code, 'title', s.title, 'revision', s.revision, 'blocks', r.blocks) ORDER BY s.position), '[]'::json)
                 FROM case_sections s LEFT JOIN section_revisions r ON r.case_id = s.case_id AND r.code = s.code AND r.revision = s.revision
                WHERE s.case_id = e.id) AS content_sections,
              (SELECT t.input FROM case_tables t WHERE t.case_id = e.id AND t.kind = 'data' AND t.content_version <= ${contentVersion}
                ORDER BY t.content_version DESC LIMIT 1) AS data_input,
              (SELECT t.input FROM case_tables t WHERE t.case_id = e.id AND t.kind = 'indicators' AND t.content_version <= ${contentVersion}
                ORDER BY t.content_version DESC LIMIT 1) AS scores_input,
              ARRAY(SELECT DISTINCT a.problem_key FROM problem_acknowledgements a WHERE a.case_id = e.id AND a.content_version <= ${contentVersion}
                     ORDER BY a.problem_key) AS acknowledged_keys,
              (SELECT COALESCE(json_agg(json_build_object('code', p.code, 'name', p.name, 'competentDepartment', p.competent_department,
                                                          'implementingUnit', p.implementing_unit, 'input', f.input, 'approved', f.approved_by IS NOT NULL)
                                        ORDER BY p.position, p.code), '[]'::json)
                 FROM campaign_projects p
                 LEFT JOIN LATERAL (SELECT x.input, x.approved_by FROM case_project_forms x
                                     WHERE x.case_id = e.id AND x.project_id = p.id AND x.content_version <= ${contentVersion}
                                     ORDER BY x.content_version DESC LIMIT 1) f ON true
                WHERE p.campaign_id = e.campaign_id AND p.unit_id = e.unit_id AND cu.unit_id IS NOT NULL) AS projects`;
}

/** A row of `reportContentColumns` as the content. */
export function reportContentOf(row: Record<string, unknown>): ReportContent {
  return {
    indicatorConfig: row.indicator_config ?? null,
    roundingTolerance: row.rounding_tolerance as string,
    filesDepartmentReport: row.files_department_report as boolean,
    rulePack: row.rule_pack ?? null,
    sections: row.content_sections as ReportContent['sections'],
    dataInput: row.data_input ?? null,
    scoresInput: row.scores_input ?? null,
    acknowledgedKeys: row.acknowledged_keys as string[],
    projects: row.projects as ReportContent['projects'],
  };
}

/**
 * Reads a report's content in one statement, for the snapshot a seal renders and a draft previews
 * and for the review gate. The same rows the section, table and project-form stores read one by one.
 */
@Injectable()
export class ReportContentStore {
  /** The content of a content version; null for an unknown case. */
  async ofCase(tx: Tx, caseId: string, contentVersion: number): Promise<ReportContent | null> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT ${reportContentColumns('$2')} FROM evaluation_cases e JOIN campaigns c ON c.id = e.campaign_id ${REPORT_CONTENT_JOIN} WHERE e.id = $1`,
      [caseId, contentVersion],
      'report-content.of-case.v2',
    );
    return rows[0] ? reportContentOf(rows[0]) : null;
  }

  /** The content of the content version in force, with that version; null for an unknown case. */
  async inForce(tx: Tx, caseId: string): Promise<{ contentVersion: number; content: ReportContent } | null> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT e.content_version, ${reportContentColumns('e.content_version')}
         FROM evaluation_cases e JOIN campaigns c ON c.id = e.campaign_id ${REPORT_CONTENT_JOIN} WHERE e.id = $1`,
      [caseId],
      'report-content.in-force.v1',
    );
    return rows[0] ? { contentVersion: rows[0].content_version as number, content: reportContentOf(rows[0]) } : null;
  }
}
