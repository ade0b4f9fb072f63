import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Invitations1765000000700 implements MigrationInterface {
  name = 'Invitations1765000000700';

  async up(db: QueryRunner): Promise<void> {
    // An invited account has no password until its person follows the invitation link: it
    // cannot sign in, and nobody, not even an administrator, ever chose a password for it.
    await db.query(`ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL`);
    await db.query(`ALTER TABLE users ADD COLUMN phone text`);
    // One row per link sent. Only the SHA-256 of the token is kept: whoever reads the database
    // cannot follow a link. Sending again revokes the account's open link.
    await db.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        invited_by uuid REFERENCES users (id),
        CHECK (expires_at > created_at),
        CHECK (used_at IS NULL OR revoked_at IS NULL)
      )`);
    await db.query(`CREATE INDEX invitations_user_idx ON invitations (user_id, created_at DESC)`);
    await db.query(`ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check`);
    await db.query(`ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check CHECK (kind IN ('reminder', 'overdue', 'escalation', 'urge', 'digest', 'invitation'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM mail_outbox WHERE kind = 'invitation'`);
    await db.query(`ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check`);
    await db.query(`ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check CHECK (kind IN ('reminder', 'overdue', 'escalation', 'urge', 'digest'))`);
    await db.query(`DROP TABLE invitations`);
    await db.query(`ALTER TABLE users DROP COLUMN phone`);
    // An account still waiting for its invitation keeps a hash no password verifies against.
    await db.query(`UPDATE users SET password_hash = '!invited' WHERE password_hash IS NULL`);
    await db.query(`ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL`);
  }
}
