import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

/** A unit of a campaign as its project forms see it. */
export interface CampaignUnitFiling {
  unitId: string;
  unitName: string;
  /** False: the unit files project forms only. */
  filesDepartmentReport: boolean;
}

/** A key project a campaign asks a unit to evaluate. */
export interface CampaignProject {
  projectId: string;
  campaignId: string;
  unitId: string;
  unitName: string;
  code: string;
  name: string;
  competentDepartment: string;
  implementingUnit: string;
  position: number;
  /** Some case has saved a form of it: it is then kept. */
  formStarted: boolean;
}

/** A project form of a case as last saved, in the content version it was saved in. */
export interface StoredProjectForm {
  projectId: string;
  contentVersion: number;
  revision: number;
  input: unknown;
  updatedBy: string;
  updatedAt: Date;
  approval: { userId: string; at: Date } | null;
  returned: { reason: string; userId: string; at: Date } | null;
}

function toProject(row: Record<string, unknown>): CampaignProject {
  return {
    projectId: row.id as string,
    campaignId: row.campaign_id as string,
    unitId: row.unit_id as string,
    unitName: row.unit_name as string,
    code: row.code as string,
    name: row.name as string,
    competentDepartment: row.competent_department as string,
    implementingUnit: row.implementing_unit as string,
    position: row.position as number,
    formStarted: row.form_started as boolean,
  };
}

function toForm(row: Record<string, unknown>): StoredProjectForm {
  return {
    projectId: row.project_id as string,
    contentVersion: row.content_version as number,
    revision: row.revision as number,
    input: row.input,
    updatedBy: row.updated_by as string,
    updatedAt: row.updated_at as Date,
    approval: row.approved_by ? { userId: row.approved_by as string, at: row.approved_at as Date } : null,
    returned: row.returned_by ? { reason: row.returned_reason as string, userId: row.returned_by as string, at: row.returned_at as Date } : null,
  };
}

const PROJECT_COLUMNS = `p.id, p.campaign_id, p.unit_id, o.name AS unit_name, p.code, p.name, p.competent_department, p.implementing_unit, p.position,
       EXISTS (SELECT 1 FROM case_project_forms f WHERE f.project_id = p.id) AS form_started`;

const FORM_COLUMNS = `project_id, content_version, revision, input, updated_by, updated_at, approved_by, approved_at, returned_reason, returned_by, returned_at`;

/**
 * The key projects of a campaign and the project forms (项目支出绩效自评表) of its cases. A form is
 * saved like the report's tables: per content version, carried into later versions until saved
 * again, each save checked against the revision the client saw.
 */
@Injectable()
export class ProjectFormStore {
  async units(tx: Tx, campaignId: string): Promise<CampaignUnitFiling[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT cu.unit_id, o.name AS unit_name, cu.files_department_report
         FROM campaign_units cu JOIN organisations o ON o.id = cu.unit_id
        WHERE cu.campaign_id = $1 ORDER BY o.name, cu.unit_id`,
      [campaignId],
    );
    return rows.map((row) => ({ unitId: row.unit_id as string, unitName: row.unit_name as string, filesDepartmentReport: row.files_department_report as boolean }));
  }

  /** The unit's row of the campaign, locked until the transaction ends so that its projects change one request at a time. */
  async unitForUpdate(tx: Tx, campaignId: string, unitId: string): Promise<{ filesDepartmentReport: boolean } | null> {
    const rows = await queryRows<{ files_department_report: boolean }>(
      tx,
      `SELECT files_department_report FROM campaign_units WHERE campaign_id = $1 AND unit_id = $2 FOR UPDATE`,
      [campaignId, unitId],
    );
    return rows[0] ? { filesDepartmentReport: rows[0].files_department_report } : null;
  }

  async setFilesDepartmentReport(tx: Tx, campaignId: string, unitId: string, value: boolean): Promise<void> {
    await queryRows(tx, `UPDATE campaign_units SET files_department_report = $3 WHERE campaign_id = $1 AND unit_id = $2`, [campaignId, unitId, value]);
  }

  async projects(tx: Tx, campaignId: string, unitId?: string): Promise<CampaignProject[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT ${PROJECT_COLUMNS}
         FROM campaign_projects p JOIN organisations o ON o.id = p.unit_id
        WHERE p.campaign_id = $1 AND ($2::uuid IS NULL OR p.unit_id = $2::uuid)
        ORDER BY o.name, p.unit_id, p.position, p.code`,
      [campaignId, unitId ?? null],
    );
    return rows.map(toProject);
  }

  async project(tx: Tx, campaignId: string, projectId: string): Promise<CampaignProject | null> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT ${PROJECT_COLUMNS} FROM campaign_projects p JOIN organisations o ON o.id = p.unit_id WHERE p.campaign_id = $1 AND p.id = $2`,
      [campaignId, projectId],
    );
    return rows[0] ? toProject(rows[0]) : null;
  }

  /** Adds a project at the end of the unit's list; null when the unit already has one with this code. */
  async addProject(
    tx: Tx,
    input: { campaignId: string; unitId: string; code: string; name: string; competentDepartment: string; implementingUnit: string },
  ): Promise<string | null> {
    const rows = await queryRows<{ id: string }>(
      tx,
      `INSERT INTO campaign_projects (campaign_id, unit_id, code, name, competent_department, implementing_unit, position)
       SELECT $1, $2, $3, $4, $5, $6, COALESCE(MAX(position), 0) + 1 FROM campaign_projects WHERE campaign_id = $1 AND unit_id = $2
       ON CONFLICT (campaign_id, unit_id, code) DO NOTHING
       RETURNING id`,
      [input.campaignId, input.unitId, input.code, input.name, input.competentDepartment, input.implementingUnit],
    );
    return rows[0]?.id ?? null;
  }

  /** Deletes a project no case has saved a form of; false when one has (or it is gone). */
  async deleteUnstartedProject(tx: Tx, campaignId: string, projectId: string): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `DELETE FROM campaign_projects p WHERE p.campaign_id = $1 AND p.id = $2
          AND NOT EXISTS (SELECT 1 FROM case_project_forms f WHERE f.project_id = p.id)
       RETURNING p.id`,
      [campaignId, projectId],
    );
    return rows.length > 0;
  }

  /** The state of the unit's case, once the notice is issued. */
  async caseState(tx: Tx, campaignId: string, unitId: string): Promise<string | null> {
    const rows = await queryRows<{ state: string }>(tx, `SELECT state FROM evaluation_cases WHERE campaign_id = $1 AND unit_id = $2`, [campaignId, unitId]);
    return rows[0]?.state ?? null;
  }

  /** Whether the case's unit files the department-wide report, and the projects it files forms for. */
  async ofCase(tx: Tx, caseId: string): Promise<{ departmentReport: boolean; rulePack: unknown; projects: CampaignProject[] }> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT cu.files_department_report, e.campaign_id, e.unit_id, c.rule_pack
         FROM evaluation_cases e JOIN campaign_units cu ON cu.campaign_id = e.campaign_id AND cu.unit_id = e.unit_id
         JOIN campaigns c ON c.id = e.campaign_id
        WHERE e.id = $1`,
      [caseId],
    );
    const row = rows[0];
    if (!row) return { departmentReport: true, rulePack: null, projects: [] };
    return { departmentReport: row.files_department_report as boolean, rulePack: row.rule_pack ?? null, projects: await this.projects(tx, row.campaign_id as string, row.unit_id as string) };
  }

  /** The forms in force for a content version: each project's own, or else its latest of an earlier version. */
  async currentForms(tx: Tx, caseId: string, contentVersion: number): Promise<StoredProjectForm[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT DISTINCT ON (project_id) ${FORM_COLUMNS}
         FROM case_project_forms
        WHERE case_id = $1 AND content_version <= $2
        ORDER BY project_id, content_version DESC`,
      [caseId, contentVersion],
    );
    return rows.map(toForm);
  }

  async currentForm(tx: Tx, caseId: string, projectId: string, contentVersion: number): Promise<StoredProjectForm | null> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT ${FORM_COLUMNS} FROM case_project_forms
        WHERE case_id = $1 AND project_id = $2 AND content_version <= $3
        ORDER BY content_version DESC LIMIT 1`,
      [caseId, projectId, contentVersion],
    );
    return rows[0] ? toForm(rows[0]) : null;
  }

  /**
   * Saves the form for the content version when the revision in force is `expectedRevision` (0: none
   * yet; null: whatever it is), clearing any approval. Answers the new revision, or null when someone
   * saved first: two saves of the same revision meet on the primary key, and the second finds the row moved on.
   */
  async save(
    tx: Tx,
    input: { caseId: string; projectId: string; contentVersion: number; expectedRevision: number | null; input: unknown; userId: string },
  ): Promise<number | null> {
    const rows = await queryRows<{ revision: number }>(
      tx,
      `WITH latest AS (
         SELECT revision FROM case_project_forms
          WHERE case_id = $1 AND project_id = $2 AND content_version <= $3
          ORDER BY content_version DESC LIMIT 1
       )
       INSERT INTO case_project_forms AS f (case_id, project_id, content_version, revision, input, updated_by, updated_at)
       SELECT $1, $2, $3, COALESCE((SELECT revision FROM latest), 0) + 1, $5::jsonb, $6, now()
        WHERE $4::int IS NULL OR COALESCE((SELECT revision FROM latest), 0) = $4::int
       ON CONFLICT (case_id, project_id, content_version) DO UPDATE
          SET revision = f.revision + 1, input = EXCLUDED.input, updated_by = EXCLUDED.updated_by, updated_at = now(),
              approved_by = NULL, approved_at = NULL
        WHERE $4::int IS NULL OR f.revision = $4::int
       RETURNING revision`,
      [input.caseId, input.projectId, input.contentVersion, input.expectedRevision, JSON.stringify(input.input), input.userId],
    );
    return rows[0]?.revision ?? null;
  }

  /** Approves the form's row in force at the revision that was checked; false when it moved on meanwhile. */
  async approve(tx: Tx, input: { caseId: string; projectId: string; contentVersion: number; revision: number; userId: string; at: Date }): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `UPDATE case_project_forms SET approved_by = $5, approved_at = $6, returned_reason = NULL, returned_by = NULL, returned_at = NULL
        WHERE case_id = $1 AND project_id = $2 AND content_version = $3 AND revision = $4
       RETURNING revision`,
      [input.caseId, input.projectId, input.contentVersion, input.revision, input.userId, input.at],
    );
    return rows.length > 0;
  }

  /** Sends the form back to the compiler with a reason; an approval it had is withdrawn. */
  async returnForm(tx: Tx, input: { caseId: string; projectId: string; contentVersion: number; revision: number; reason: string; userId: string; at: Date }): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `UPDATE case_project_forms SET approved_by = NULL, approved_at = NULL, returned_reason = $5, returned_by = $6, returned_at = $7
        WHERE case_id = $1 AND project_id = $2 AND content_version = $3 AND revision = $4
       RETURNING revision`,
      [input.caseId, input.projectId, input.contentVersion, input.revision, input.reason, input.userId, input.at],
    );
    return rows.length > 0;
  }
}
