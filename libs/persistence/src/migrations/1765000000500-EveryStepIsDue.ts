import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'draft_section', 'approve_section', 'approve_report', 'seal', 'submit', 'publish'`;
const AFTER = `'form_group', 'assign_sections', 'start_self_assessment', ${BEFORE}, 'review_submission'`;

export class EveryStepIsDue1765000000500 implements MigrationInterface {
  name = 'EveryStepIsDue1765000000500';

  async up(db: QueryRunner): Promise<void> {
    // Every step a person holds is due and reminded: forming the group, assigning the sections,
    // starting the self-assessment, and the finance bureau's review of a submitted report.
    await db.query(`ALTER TABLE due_items DROP CONSTRAINT due_items_kind_check`);
    await db.query(`ALTER TABLE due_items ADD CONSTRAINT due_items_kind_check CHECK (kind IN (${AFTER}))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM due_items WHERE kind NOT IN (${BEFORE})`);
    await db.query(`ALTER TABLE due_items DROP CONSTRAINT due_items_kind_check`);
    await db.query(`ALTER TABLE due_items ADD CONSTRAINT due_items_kind_check CHECK (kind IN (${BEFORE}))`);
  }
}
