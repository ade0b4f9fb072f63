import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectForms1765000001400 implements MigrationInterface {
  name = 'ProjectForms1765000001400';

  async up(db: QueryRunner): Promise<void> {
    // NULL: the national rule pack; otherwise the whole pack as configured, so a later change of a
    // shipped pack never rescores a campaign already under way.
    await db.query(`ALTER TABLE campaigns ADD COLUMN rule_pack jsonb NULL`);
    // A unit may file project forms only; the department-wide report is then not required of it.
    await db.query(`ALTER TABLE campaign_units ADD COLUMN files_department_report boolean NOT NULL DEFAULT true`);
    // The key projects a campaign asks a unit to evaluate, each with a 项目支出绩效自评表.
    await db.query(`
      CREATE TABLE campaign_projects (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        code text NOT NULL CHECK (btrim(code) <> ''),
        name text NOT NULL CHECK (btrim(name) <> ''),
        competent_department text NOT NULL DEFAULT '',
        implementing_unit text NOT NULL DEFAULT '',
        position integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_units (campaign_id, unit_id) ON DELETE CASCADE,
        UNIQUE (campaign_id, unit_id, code)
      )`);
    // A case's form per project and content version, as sent (figures as strings): checked on every
    // read, like case_tables. An approval belongs to the revision it was given on; a save clears it.
    await db.query(`
      CREATE TABLE case_project_forms (
        case_id uuid NOT NULL REFERENCES evaluation_cases (id),
        project_id uuid NOT NULL REFERENCES campaign_projects (id),
        content_version integer NOT NULL,
        revision integer NOT NULL CHECK (revision > 0),
        input jsonb NOT NULL,
        updated_by uuid NOT NULL REFERENCES users (id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        approved_by uuid NULL REFERENCES users (id),
        approved_at timestamptz NULL,
        returned_reason text NULL,
        returned_by uuid NULL REFERENCES users (id),
        returned_at timestamptz NULL,
        PRIMARY KEY (case_id, project_id, content_version)
      )`);
    await db.query(`CREATE INDEX case_project_forms_project_idx ON case_project_forms (project_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE case_project_forms`);
    await db.query(`DROP TABLE campaign_projects`);
    await db.query(`ALTER TABLE campaign_units DROP COLUMN files_department_report`);
    await db.query(`ALTER TABLE campaigns DROP COLUMN rule_pack`);
  }
}
