import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A counter on each case that moves whenever something its due items are derived from changes
 * without the case itself moving on (roles, deadlines, officers: see `DueItemStore.lockCases`). A
 * lifecycle event reads the case without a lock and writes in one version-checked statement; it
 * also checks this counter, so due items derived from facts that changed in between are never
 * written.
 */
export class DueFactsRevision1765000001700 implements MigrationInterface {
  name = 'DueFactsRevision1765000001700';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE evaluation_cases ADD COLUMN facts_revision bigint NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE evaluation_cases DROP COLUMN facts_revision`);
  }
}
