import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MailDelivery1764620000000 implements MigrationInterface {
  name = 'MailDelivery1764620000000';

  async up(db: QueryRunner): Promise<void> {
    // A person who prefers one mail a day: reminders, overdue notices and escalations wait for
    // the day's digest instead of going out one by one.
    await db.query(`
      CREATE TABLE notification_preferences (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        digest boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Which way a sent row went out: the local mailbox API lists only what it holds.
    await db.query(`ALTER TABLE mail_outbox ADD COLUMN transport text CHECK (transport IN ('smtp', 'mailbox'))`);
    await db.query(`CREATE INDEX mail_outbox_mailbox_idx ON mail_outbox (recipient_id, sent_at DESC) WHERE transport = 'mailbox' AND status = 'sent'`);
    await db.query(`CREATE INDEX mail_outbox_status_idx ON mail_outbox (status, created_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX mail_outbox_status_idx`);
    await db.query(`DROP INDEX mail_outbox_mailbox_idx`);
    await db.query(`ALTER TABLE mail_outbox DROP COLUMN transport`);
    await db.query(`DROP TABLE notification_preferences`);
  }
}
