import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountsSwitchOffAndFirstAdmin1765000000100 implements MigrationInterface {
  name = 'AccountsSwitchOffAndFirstAdmin1765000000100';

  async up(db: QueryRunner): Promise<void> {
    // The system administration is an organisation of its own, neither a bureau nor a unit: its
    // administrator sees no case, campaign or person of anyone else's through the existing rules.
    await db.query(`ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check`);
    await db.query(`ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check CHECK (kind IN ('finance_bureau', 'unit', 'system'))`);
    await db.query(`CREATE UNIQUE INDEX organisations_one_system_idx ON organisations (kind) WHERE kind = 'system'`);
    await db.query(`ALTER TABLE role_assignments DROP CONSTRAINT role_assignments_role_check`);
    await db.query(`
      ALTER TABLE role_assignments ADD CONSTRAINT role_assignments_role_check
        CHECK (role IN ('finance_officer', 'unit_admin', 'group_leader', 'deputy_leader', 'member', 'compiler',
                        'seal_keeper', 'publisher', 'system_admin'))`);
    // Set for an account whose password someone else chose (the first administrator): until it is
    // changed, the account may only read its profile, change the password and sign out.
    await db.query(`ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN must_change_password`);
    await db.query(`DELETE FROM role_assignments WHERE role = 'system_admin'`);
    await db.query(`ALTER TABLE role_assignments DROP CONSTRAINT role_assignments_role_check`);
    await db.query(`
      ALTER TABLE role_assignments ADD CONSTRAINT role_assignments_role_check
        CHECK (role IN ('finance_officer', 'unit_admin', 'group_leader', 'deputy_leader', 'member', 'compiler', 'seal_keeper', 'publisher'))`);
    await db.query(`DROP INDEX organisations_one_system_idx`);
    await db.query(`ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check`);
    await db.query(`ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check CHECK (kind IN ('finance_bureau', 'unit'))`);
  }
}
