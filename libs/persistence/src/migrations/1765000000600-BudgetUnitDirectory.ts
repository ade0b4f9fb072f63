import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BudgetUnitDirectory1765000000600 implements MigrationInterface {
  name = 'BudgetUnitDirectory1765000000600';

  async up(db: QueryRunner): Promise<void> {
    // A unit belongs to the bureau whose directory holds it, under its 主管部门 (another unit of that
    // bureau); its 单位级次 is derived from that hierarchy and never stored.
    await db.query(`
      ALTER TABLE organisations
        ADD COLUMN bureau_id uuid REFERENCES organisations (id),
        ADD COLUMN parent_id uuid REFERENCES organisations (id),
        ADD COLUMN unit_type text CHECK (unit_type IN ('administrative', 'institution')),
        ADD COLUMN contact_name text,
        ADD COLUMN contact_phone text,
        ADD COLUMN contact_email text,
        ADD COLUMN archived_at timestamptz,
        ADD COLUMN archived_reason text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT organisations_unit_fields_check
          CHECK (kind = 'unit' OR (bureau_id IS NULL AND parent_id IS NULL AND archived_at IS NULL)),
        ADD CONSTRAINT organisations_parent_not_self_check CHECK (parent_id <> id)`);
    // Each unit's bureau: the bureau of the campaigns covering it (the latest), else the only bureau.
    await db.query(`
      UPDATE organisations u SET bureau_id = (
          SELECT c.bureau_id FROM campaign_units cu JOIN campaigns c ON c.id = cu.campaign_id
           WHERE cu.unit_id = u.id ORDER BY c.created_at DESC LIMIT 1)
       WHERE u.kind = 'unit'`);
    await db.query(`
      UPDATE organisations u SET bureau_id = (SELECT b.id FROM organisations b WHERE b.kind = 'finance_bureau')
       WHERE u.kind = 'unit' AND u.bureau_id IS NULL
         AND (SELECT count(*) FROM organisations b WHERE b.kind = 'finance_bureau') = 1`);
    // A unit's code is unique within its bureau; bureaus' and the system's codes among themselves.
    await db.query(`ALTER TABLE organisations DROP CONSTRAINT organisations_code_key`);
    await db.query(`CREATE UNIQUE INDEX organisations_unit_code_idx ON organisations (bureau_id, code) WHERE kind = 'unit'`);
    await db.query(`CREATE UNIQUE INDEX organisations_other_code_idx ON organisations (code) WHERE kind <> 'unit'`);
    await db.query(`CREATE INDEX organisations_parent_idx ON organisations (parent_id) WHERE parent_id IS NOT NULL`);
    await db.query(`
      CREATE TABLE directory_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        bureau_id uuid NOT NULL REFERENCES organisations (id),
        unit_id uuid NOT NULL REFERENCES organisations (id),
        kind text NOT NULL CHECK (kind IN ('created', 'renamed', 'moved', 'updated', 'archived', 'restored', 'imported')),
        before jsonb,
        after jsonb,
        actor_id uuid REFERENCES users (id),
        at timestamptz NOT NULL DEFAULT now(),
        import_id uuid,
        -- The order of writing, for changes made at the same moment.
        seq bigserial NOT NULL
      )`);
    await db.query(`CREATE INDEX directory_changes_unit_idx ON directory_changes (unit_id, at, seq)`);
    await db.query(`CREATE INDEX directory_changes_bureau_idx ON directory_changes (bureau_id, at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE directory_changes`);
    await db.query(`DROP INDEX organisations_parent_idx`);
    await db.query(`DROP INDEX organisations_other_code_idx`);
    await db.query(`DROP INDEX organisations_unit_code_idx`);
    // Codes repeated across bureaus cannot go back under one global constraint: the later ones get their id appended.
    await db.query(`
      UPDATE organisations o SET code = o.code || '-' || o.id
       WHERE EXISTS (SELECT 1 FROM organisations p WHERE p.code = o.code AND (p.created_at, p.id) < (o.created_at, o.id))`);
    await db.query(`ALTER TABLE organisations ADD CONSTRAINT organisations_code_key UNIQUE (code)`);
    await db.query(`
      ALTER TABLE organisations
        DROP CONSTRAINT organisations_parent_not_self_check,
        DROP CONSTRAINT organisations_unit_fields_check,
        DROP COLUMN updated_at,
        DROP COLUMN archived_reason,
        DROP COLUMN archived_at,
        DROP COLUMN contact_email,
        DROP COLUMN contact_phone,
        DROP COLUMN contact_name,
        DROP COLUMN unit_type,
        DROP COLUMN parent_id,
        DROP COLUMN bureau_id`);
  }
}
