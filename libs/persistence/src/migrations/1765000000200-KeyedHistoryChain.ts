import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * History links become keyed: HMAC-SHA256 under HISTORY_KEY, computed by the service, never by
 * the database. Each record names the key it was linked with (`key_id`, a digest of the key), so
 * keys can be rotated. Records already there keep their unkeyed links and a null `key_id`; the
 * first keyed record of a case chains from the last of them.
 */
export class KeyedHistoryChain1765000000200 implements MigrationInterface {
  name = 'KeyedHistoryChain1765000000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE case_history ADD COLUMN key_id text`);
    await db.query(`COMMENT ON COLUMN case_history.key_id IS 'Which HISTORY_KEY linked this record (HMAC-SHA256); null for the unkeyed links written before 1765000000200.'`);
  }

  async down(db: QueryRunner): Promise<void> {
    // Keyed links cannot be checked without their key ids: after this, verify:history reports
    // every case with keyed records as broken until the migration is applied again.
    await db.query(`ALTER TABLE case_history DROP COLUMN key_id`);
  }
}
