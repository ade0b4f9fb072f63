import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

/** What a case's report is made of for one content version, as stored: what its snapshot is built from. */
export interface ReportContent {
  /** NULL: the default indicator tree. */
  indicatorConfig: unknown;
  /** False when the unit files project forms only. */
  filesDepartmentReport: boolean;
  /** NULL: the national rule pack. */
  rulePack: unknown;
  /** The outline in its order, each section with its revision in force and that revision's blocks (null while never saved). */
  sections: Array<{ code: string; title: string; revision: number; blocks: unknown[] | null }>;
  /** The tables in force for the content version (their own or the latest of an earlier one); null while never saved. */
  dataInput: unknown;
  scoresInput: unknown;
  /** The unit's projects in the campaign's order, each with the input of its form in force (null while never saved). */
  projects: Array<{ code: string; name: string; competentDepartment: string; implementingUnit: string; input: unknown }>;
}

/**
 * Reads a report's content in one statement, for the snapshot a seal renders and a draft previews.
 * The same rows the section, table and project-form stores read one by one.
 */
@Injectable()
export class ReportContentStore {
  async ofCase(tx: Tx, caseId: string, contentVersion: number): Promise<ReportContent | null> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT c.indicator_config, COALESCE(cu.files_department_report, true) AS files_department_report,
              CASE WHEN cu.unit_id IS NULL THEN NULL ELSE c.rule_pack END AS rule_pack,
              (SELECT COALESCE(json_agg(json_build_object('code', s.code, 'title', s.title, 'revision', s.revision, 'blocks', r.blocks) ORDER BY s.position), '[]'::json)
                 FROM case_sections s LEFT JOIN section_revisions r ON r.case_id = s.case_id AND r.code = s.code AND r.revision = s.revision
                WHERE s.case_id = e.id) AS sections,
              (SELECT t.input FROM case_tables t WHERE t.case_id = e.id AND t.kind = 'data' AND t.content_version <= $2
                ORDER BY t.content_version DESC LIMIT 1) AS data_input,
              (SELECT t.input FROM case_tables t WHERE t.case_id = e.id AND t.kind = 'indicators' AND t.content_version <= $2
                ORDER BY t.content_version DESC LIMIT 1) AS scores_input,
              (SELECT COALESCE(json_agg(json_build_object('code', p.code, 'name', p.name, 'competentDepartment', p.competent_department,
                                                          'implementingUnit', p.implementing_unit, 'input', f.input) ORDER BY p.position, p.code), '[]'::json)
                 FROM campaign_projects p
                 LEFT JOIN LATERAL (SELECT x.input FROM case_project_forms x
                                     WHERE x.case_id = e.id AND x.project_id = p.id AND x.content_version <= $2
                                     ORDER BY x.content_version DESC LIMIT 1) f ON true
                WHERE p.campaign_id = e.campaign_id AND p.unit_id = e.unit_id AND cu.unit_id IS NOT NULL) AS projects
         FROM evaluation_cases e
         JOIN campaigns c ON c.id = e.campaign_id
         LEFT JOIN campaign_units cu ON cu.campaign_id = e.campaign_id AND cu.unit_id = e.unit_id
        WHERE e.id = $1`,
      [caseId, contentVersion],
      'report-content.of-case',
    );
    const row = rows[0];
    if (!row) return null;
    return {
      indicatorConfig: row.indicator_config ?? null,
      filesDepartmentReport: row.files_department_report as boolean,
      rulePack: row.rule_pack ?? null,
      sections: row.sections as ReportContent['sections'],
      dataInput: row.data_input ?? null,
      scoresInput: row.scores_input ?? null,
      projects: row.projects as ReportContent['projects'],
    };
  }
}
