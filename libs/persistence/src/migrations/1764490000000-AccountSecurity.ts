import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountSecurity1764490000000 implements MigrationInterface {
  name = 'AccountSecurity1764490000000';

  async up(db: QueryRunner): Promise<void> {
    // Lockout: consecutive failed sign-ins, counted by one conditional UPDATE, and the lock's end.
    await db.query(`
      ALTER TABLE users
        ADD COLUMN failed_login_count integer NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
        ADD COLUMN locked_until timestamptz,
        ADD COLUMN password_changed_at timestamptz`);

    // A session now carries a short access token and a rotating refresh token; both die with it.
    await db.query(`ALTER TABLE sessions RENAME COLUMN token_hash TO access_token_hash`);
    await db.query(`ALTER TABLE sessions RENAME CONSTRAINT sessions_token_hash_key TO sessions_access_token_hash_key`);
    await db.query(`ALTER TABLE sessions RENAME COLUMN expires_at TO access_expires_at`);
    await db.query(`
      ALTER TABLE sessions
        ADD COLUMN refresh_token_hash text UNIQUE,
        ADD COLUMN refresh_expires_at timestamptz,
        ADD COLUMN last_seen_at timestamptz,
        ADD COLUMN revoked_reason text,
        ADD COLUMN rotated_refresh_hashes text[] NOT NULL DEFAULT '{}'`);
    // Sessions signed in before this change keep working until idle, with the short access lifetime
    // and no refresh token: their people sign in again within the quarter hour.
    await db.query(`
      UPDATE sessions
         SET refresh_expires_at = access_expires_at,
             last_seen_at = now(),
             access_expires_at = LEAST(access_expires_at, now() + interval '15 minutes')`);
    await db.query(`ALTER TABLE sessions ALTER COLUMN refresh_expires_at SET NOT NULL, ALTER COLUMN last_seen_at SET NOT NULL`);
    // Theft detection looks a presented refresh token up among the ones already rotated away.
    await db.query(`CREATE INDEX sessions_rotated_refresh_idx ON sessions USING gin (rotated_refresh_hashes)`);
    // A password change revokes the person's other live sessions.
    await db.query(`CREATE INDEX sessions_user_live_idx ON sessions (user_id) WHERE revoked_at IS NULL`);

    // The security log (等保 2.0 安全审计). No foreign key: the log outlives anything it names, and
    // writing it must never fail for the sake of the row it mentions.
    await db.query(`
      CREATE TABLE security_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL,
        outcome text NOT NULL,
        user_id uuid,
        username text,
        source_address text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await db.query(`CREATE INDEX security_events_user_at_idx ON security_events (user_id, at DESC)`);
    await db.query(`CREATE INDEX security_events_at_idx ON security_events (at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE security_events`);
    await db.query(`DROP INDEX sessions_user_live_idx`);
    await db.query(`DROP INDEX sessions_rotated_refresh_idx`);
    // The old single token lived as long as the session; its refresh end is the nearest equivalent.
    await db.query(`UPDATE sessions SET access_expires_at = refresh_expires_at`);
    await db.query(`
      ALTER TABLE sessions
        DROP COLUMN rotated_refresh_hashes,
        DROP COLUMN revoked_reason,
        DROP COLUMN last_seen_at,
        DROP COLUMN refresh_expires_at,
        DROP COLUMN refresh_token_hash`);
    await db.query(`ALTER TABLE sessions RENAME COLUMN access_expires_at TO expires_at`);
    await db.query(`ALTER TABLE sessions RENAME CONSTRAINT sessions_access_token_hash_key TO sessions_token_hash_key`);
    await db.query(`ALTER TABLE sessions RENAME COLUMN access_token_hash TO token_hash`);
    await db.query(`ALTER TABLE users DROP COLUMN password_changed_at, DROP COLUMN locked_until, DROP COLUMN failed_login_count`);
  }
}
