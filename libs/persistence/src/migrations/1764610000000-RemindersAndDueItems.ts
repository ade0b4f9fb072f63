import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RemindersAndDueItems1764610000000 implements MigrationInterface {
  name = 'RemindersAndDueItems1764610000000';

  async up(db: QueryRunner): Promise<void> {
    // Local changes to the national working-day calendar (a day off for a typhoon, a Saturday worked).
    await db.query(`
      CREATE TABLE calendar_overrides (
        date date PRIMARY KEY,
        working boolean NOT NULL,
        reason text NOT NULL CHECK (btrim(reason) <> ''),
        updated_by uuid NOT NULL REFERENCES users (id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The campaign's reminder ladder; null means the default ladder.
    await db.query(`ALTER TABLE campaigns ADD COLUMN reminder_ladder jsonb`);
    // Who has what due, per case and person, kept in step with the case in the transaction that
    // changes it. A row closes when its task is done or no longer that person's; a task that comes
    // back (a returned section) opens a new row, so its reminders start again.
    await db.query(`
      CREATE TABLE due_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        item_key text NOT NULL,
        case_id uuid NOT NULL REFERENCES evaluation_cases (id),
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        kind text NOT NULL CHECK (kind IN ('draft_section', 'approve_section', 'approve_report', 'seal', 'submit', 'publish')),
        section_code text,
        recipient_id uuid NOT NULL REFERENCES users (id),
        due_date date NOT NULL,
        escalate_to uuid[] NOT NULL DEFAULT '{}',
        opened_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX due_items_open_key ON due_items (item_key, recipient_id) WHERE closed_at IS NULL`);
    await db.query(`CREATE INDEX due_items_open_case_idx ON due_items (case_id) WHERE closed_at IS NULL`);
    await db.query(`CREATE INDEX due_items_open_due_idx ON due_items (campaign_id, due_date, id) WHERE closed_at IS NULL`);
    await db.query(`CREATE INDEX due_items_recipient_idx ON due_items (recipient_id) WHERE closed_at IS NULL`);
    // Refreshing a case's due items reads who holds a role in its unit.
    await db.query(`CREATE INDEX role_assignments_organisation_idx ON role_assignments (organisation_id, role)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX role_assignments_organisation_idx`);
    await db.query(`DROP TABLE due_items`);
    await db.query(`ALTER TABLE campaigns DROP COLUMN reminder_ladder`);
    await db.query(`DROP TABLE calendar_overrides`);
  }
}
