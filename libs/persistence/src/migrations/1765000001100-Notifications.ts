import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1765000001100 implements MigrationInterface {
  name = 'Notifications1765000001100';

  async up(db: QueryRunner): Promise<void> {
    // In-console notifications (站内通知), written in the transaction of the step they tell of.
    // `params` are what the Chinese text is made of (who, which unit, the reason), kept as they
    // were then. A case record tells each person at most once: the unique key makes a retried
    // write a no-op.
    await db.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_id uuid NOT NULL REFERENCES users (id),
        kind text NOT NULL,
        case_id uuid REFERENCES evaluation_cases (id),
        history_seq integer,
        section_code text,
        actor_id uuid REFERENCES users (id),
        params jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL,
        read_at timestamptz,
        UNIQUE (recipient_id, case_id, history_seq)
      )`);
    await db.query(`CREATE INDEX notifications_recipient_idx ON notifications (recipient_id, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX notifications_unread_idx ON notifications (recipient_id) WHERE read_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notifications`);
  }
}
