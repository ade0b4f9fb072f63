import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MailOutbox1764600000000 implements MigrationInterface {
  name = 'MailOutbox1764600000000';

  async up(db: QueryRunner): Promise<void> {
    // Every mail the product sends is first a row here, written in the transaction that decides
    // it (a reminder sweep, a 催办, a digest). The worker delivers rows and marks them; the
    // dedupe key makes "at most one mail per rule, person and due date" a constraint, and the
    // Message-ID is derived from the row so a resend after a crash carries the same one.
    await db.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedupe_key text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('reminder', 'overdue', 'escalation', 'urge', 'digest')),
        recipient_id uuid NOT NULL REFERENCES users (id),
        campaign_id uuid REFERENCES campaigns (id),
        case_id uuid REFERENCES evaluation_cases (id),
        item_key text,
        due_date date,
        rule text,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        send_after timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled', 'digested')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL,
        claimed_at timestamptz,
        claimed_by text,
        last_error text,
        message_id text,
        digest_id uuid REFERENCES mail_outbox (id),
        sent_at timestamptz,
        cancelled_at timestamptz,
        cancel_reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status IN ('pending', 'sending')`);
    await db.query(`CREATE INDEX mail_outbox_item_idx ON mail_outbox (item_key) WHERE status = 'pending'`);
    await db.query(`CREATE INDEX mail_outbox_recipient_idx ON mail_outbox (recipient_id, created_at DESC)`);
    await db.query(`CREATE INDEX mail_outbox_failed_idx ON mail_outbox (created_at DESC) WHERE status = 'failed'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mail_outbox`);
  }
}
