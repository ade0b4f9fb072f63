import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A compiler's request to reopen an approved section waits on the section itself, until an approver
 * reopens the section or declines the request: who asked, why and when. The history keeps every
 * request and answer; these columns say only whether one is waiting now, which the rulebook reads.
 */
export class SectionReopenRequests1765000000900 implements MigrationInterface {
  name = 'SectionReopenRequests1765000000900';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE case_sections
                      ADD COLUMN reopen_requested_by uuid REFERENCES users (id),
                      ADD COLUMN reopen_request_reason text,
                      ADD COLUMN reopen_requested_at timestamptz,
                      ADD CONSTRAINT case_sections_reopen_request_check CHECK (
                        (reopen_requested_by IS NULL AND reopen_request_reason IS NULL AND reopen_requested_at IS NULL)
                        OR (reopen_requested_by IS NOT NULL AND reopen_request_reason IS NOT NULL AND reopen_requested_at IS NOT NULL AND state = 'approved'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE case_sections
                      DROP CONSTRAINT case_sections_reopen_request_check,
                      DROP COLUMN reopen_requested_at,
                      DROP COLUMN reopen_request_reason,
                      DROP COLUMN reopen_requested_by`);
  }
}
