import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WorkingGroupsAndDelegation1764490200000 implements MigrationInterface {
  name = 'WorkingGroupsAndDelegation1764490200000';

  async up(db: QueryRunner): Promise<void> {
    // Which sub-office (组室) or subordinate institution a person works in; a deputy leader's remit names these.
    await db.query(`ALTER TABLE users ADD COLUMN sub_office_id uuid REFERENCES sub_offices (id)`);
    // A deputy leader's remit: the sub-offices and sections whose sections they approve. Empty: the whole report.
    await db.query(`ALTER TABLE case_group_members ADD COLUMN remit jsonb NOT NULL DEFAULT '{}'::jsonb`);
    // Finance officers see the units of the campaigns they are bound to; the creator is bound first.
    await db.query(`
      CREATE TABLE campaign_officers (
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        user_id uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, user_id)
      )`);
    await db.query(`CREATE INDEX campaign_officers_user_idx ON campaign_officers (user_id)`);
    await db.query(`INSERT INTO campaign_officers (campaign_id, user_id) SELECT id, created_by FROM campaigns`);
    // 代理 (delegation: a stand-in acts with the delegator's rights for a date range) and
    // 转交 (reassignment: one task passed to someone else for good).
    await db.query(`
      CREATE TABLE delegations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('delegation', 'reassignment')),
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        delegator_id uuid NOT NULL REFERENCES users (id),
        delegate_id uuid NOT NULL REFERENCES users (id),
        case_id uuid REFERENCES evaluation_cases (id),
        task jsonb,
        starts_on date,
        ends_on date,
        reason text NOT NULL,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by uuid REFERENCES users (id),
        CHECK (delegator_id <> delegate_id),
        CHECK (kind <> 'delegation' OR (starts_on IS NOT NULL AND ends_on IS NOT NULL AND starts_on <= ends_on)),
        CHECK (kind <> 'reassignment' OR (case_id IS NOT NULL AND task IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX delegations_delegate_idx ON delegations (delegate_id) WHERE revoked_at IS NULL`);
    await db.query(`CREATE INDEX delegations_delegator_idx ON delegations (delegator_id)`);
    await db.query(`CREATE INDEX delegations_organisation_idx ON delegations (organisation_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE delegations`);
    await db.query(`DROP TABLE campaign_officers`);
    await db.query(`ALTER TABLE case_group_members DROP COLUMN remit`);
    await db.query(`ALTER TABLE users DROP COLUMN sub_office_id`);
  }
}
