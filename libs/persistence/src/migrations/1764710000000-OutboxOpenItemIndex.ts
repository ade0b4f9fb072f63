import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxOpenItemIndex1764710000000 implements MigrationInterface {
  name = 'OutboxOpenItemIndex1764710000000';

  async up(db: QueryRunner): Promise<void> {
    // A task that is done or moved cancels its mails that are waiting and those a worker has claimed
    // but not yet sent: the index covers both, so that cancellation stays an index lookup.
    await db.query(`CREATE INDEX mail_outbox_open_item_idx ON mail_outbox (item_key) WHERE status IN ('pending', 'sending')`);
    await db.query(`DROP INDEX mail_outbox_item_idx`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX mail_outbox_item_idx ON mail_outbox (item_key) WHERE status = 'pending'`);
    await db.query(`DROP INDEX mail_outbox_open_item_idx`);
  }
}
