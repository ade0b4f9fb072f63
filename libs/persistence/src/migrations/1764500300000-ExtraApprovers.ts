import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ExtraApprovers1764500300000 implements MigrationInterface {
  name = 'ExtraApprovers1764500300000';

  async up(db: QueryRunner): Promise<void> {
    // 加签: approvers the group leader adds to one content version of a case during internal review.
    // Kept per version, so a return from internal review keeps them and a new version starts without.
    await db.query(`
      CREATE TABLE case_extra_approvers (
        case_id uuid NOT NULL REFERENCES evaluation_cases (id),
        content_version integer NOT NULL CHECK (content_version > 0),
        user_id uuid NOT NULL REFERENCES users (id),
        reason text NOT NULL CHECK (btrim(reason) <> ''),
        added_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, content_version, user_id)
      )`);
    await db.query(`CREATE INDEX case_extra_approvers_user_idx ON case_extra_approvers (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE case_extra_approvers`);
  }
}
