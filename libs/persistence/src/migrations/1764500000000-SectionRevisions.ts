import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SectionRevisions1764500000000 implements MigrationInterface {
  name = 'SectionRevisions1764500000000';

  async up(db: QueryRunner): Promise<void> {
    // The section's current revision number; a save is accepted only against the one the writer saw.
    await db.query(`ALTER TABLE case_sections ADD COLUMN revision integer NOT NULL DEFAULT 0`);
    // Every save of a section's content is kept: the blocks are the SectionBlock[] of libs/report.
    await db.query(`
      CREATE TABLE section_revisions (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL,
        code text NOT NULL,
        revision integer NOT NULL CHECK (revision > 0),
        content_version integer NOT NULL,
        blocks jsonb NOT NULL CHECK (jsonb_typeof(blocks) = 'array'),
        author_id uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_id, code, revision),
        FOREIGN KEY (case_id, code) REFERENCES case_sections (case_id, code)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE section_revisions`);
    await db.query(`ALTER TABLE case_sections DROP COLUMN revision`);
  }
}
