import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApprovalModesAndCirculation1765000001300 implements MigrationInterface {
  name = 'ApprovalModesAndCirculation1765000001300';

  async up(db: QueryRunner): Promise<void> {
    // 依次: the approvers of a report approve one after the other.
    await db.query(`ALTER TABLE campaigns DROP CONSTRAINT campaigns_approval_mode_check`);
    await db.query(`ALTER TABLE campaigns ADD CONSTRAINT campaigns_approval_mode_check CHECK (approval_mode IN ('single', 'countersign', 'any', 'sequential'))`);
    // The group's order of its members, as the unit admin listed them: the order of 依次 approval.
    // Groups formed before keep no order (null) and fall back to the user id.
    await db.query(`ALTER TABLE case_group_members ADD COLUMN position integer`);
    // 前加签 / 后加签: an added approver stands before or after the approver who added them (anchor).
    // Plain 加签 by the group leader has neither.
    await db.query(`ALTER TABLE case_extra_approvers ADD COLUMN placement text CHECK (placement IN ('before', 'after'))`);
    await db.query(`ALTER TABLE case_extra_approvers ADD COLUMN anchor_id uuid REFERENCES users (id)`);
    await db.query(`ALTER TABLE case_extra_approvers ADD CONSTRAINT case_extra_approvers_anchor_check CHECK ((placement IS NULL) = (anchor_id IS NULL))`);
    // 传阅: a leader sends the report to people of the unit for reading; each reads it once (已阅).
    await db.query(`
      CREATE TABLE case_circulations (
        case_id uuid NOT NULL REFERENCES evaluation_cases (id),
        user_id uuid NOT NULL REFERENCES users (id),
        content_version integer NOT NULL CHECK (content_version > 0),
        note text,
        sent_by uuid NOT NULL REFERENCES users (id),
        sent_at timestamptz NOT NULL,
        read_at timestamptz,
        PRIMARY KEY (case_id, user_id)
      )`);
    await db.query(`CREATE INDEX case_circulations_unread_idx ON case_circulations (user_id) WHERE read_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE case_circulations`);
    await db.query(`ALTER TABLE case_extra_approvers DROP CONSTRAINT case_extra_approvers_anchor_check`);
    await db.query(`ALTER TABLE case_extra_approvers DROP COLUMN anchor_id`);
    await db.query(`ALTER TABLE case_extra_approvers DROP COLUMN placement`);
    await db.query(`ALTER TABLE case_group_members DROP COLUMN position`);
    await db.query(`ALTER TABLE campaigns DROP CONSTRAINT campaigns_approval_mode_check`);
    await db.query(`ALTER TABLE campaigns ADD CONSTRAINT campaigns_approval_mode_check CHECK (approval_mode IN ('single', 'countersign', 'any'))`);
  }
}
