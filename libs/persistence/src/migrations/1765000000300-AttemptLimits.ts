import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AttemptLimits1765000000300 implements MigrationInterface {
  name = 'AttemptLimits1765000000300';

  async up(db: QueryRunner): Promise<void> {
    // Counters of sign-in and refresh attempts, one row per limited key (an account, an address or
    // the pair), each over a fixed window. In the database so that every api process counts alike.
    await db.query(`
      CREATE TABLE attempt_counters (
        key text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        attempts integer NOT NULL CHECK (attempts >= 0),
        -- The window whose refusal went to the security log: one event per window and key.
        reported_window timestamptz
      )`);
    await db.query(`CREATE INDEX attempt_counters_window_idx ON attempt_counters (window_start)`);
    // The per-account lockout gives way to the counters: it let anyone lock anyone out.
    await db.query(`ALTER TABLE users DROP COLUMN failed_login_count, DROP COLUMN locked_until`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE users
        ADD COLUMN failed_login_count integer NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
        ADD COLUMN locked_until timestamptz`);
    await db.query(`DROP TABLE attempt_counters`);
  }
}
