import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The daily purge finds ended sessions and old idempotency keys through an index, not a scan of every row. */
export class RetentionIndexes1765000001800 implements MigrationInterface {
  name = 'RetentionIndexes1765000001800';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX sessions_refresh_expires_idx ON sessions (refresh_expires_at)`);
    await db.query(`CREATE INDEX sessions_revoked_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL`);
    await db.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX idempotency_keys_created_idx`);
    await db.query(`DROP INDEX sessions_revoked_idx`);
    await db.query(`DROP INDEX sessions_refresh_expires_idx`);
  }
}
