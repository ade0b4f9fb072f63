import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportTables1764500100000 implements MigrationInterface {
  name = 'ReportTables1764500100000';

  async up(db: QueryRunner): Promise<void> {
    // NULL: the default indicator tree and grade bands; a campaign may carry its own.
    await db.query(`ALTER TABLE campaigns ADD COLUMN indicator_config jsonb NULL`);
    // 万元; a total off by no more than this is a warning to acknowledge, beyond it an error.
    await db.query(`ALTER TABLE campaigns ADD COLUMN rounding_tolerance numeric(12,3) NOT NULL DEFAULT 0.01 CHECK (rounding_tolerance >= 0)`);
    // The basic data table and the indicator scores of a case, per content version, exactly as sent
    // (amounts as strings): validation is recomputed from them, so a rule change needs no data migration.
    await db.query(`
      CREATE TABLE case_tables (
        case_id uuid NOT NULL REFERENCES evaluation_cases (id),
        kind text NOT NULL CHECK (kind IN ('data', 'indicators')),
        content_version integer NOT NULL,
        revision integer NOT NULL CHECK (revision > 0),
        input jsonb NOT NULL,
        updated_by uuid NOT NULL REFERENCES users (id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, kind, content_version)
      )`);
    // A warning accepted by a person with a comment; the key carries the figures, so a changed figure needs a new one.
    await db.query(`
      CREATE TABLE problem_acknowledgements (
        case_id uuid NOT NULL REFERENCES evaluation_cases (id),
        content_version integer NOT NULL,
        problem_key text NOT NULL,
        comment text NOT NULL CHECK (btrim(comment) <> ''),
        user_id uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, content_version, problem_key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE problem_acknowledgements`);
    await db.query(`DROP TABLE case_tables`);
    await db.query(`ALTER TABLE campaigns DROP COLUMN rounding_tolerance`);
    await db.query(`ALTER TABLE campaigns DROP COLUMN indicator_config`);
  }
}
