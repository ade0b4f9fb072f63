import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764480000000 implements MigrationInterface {
  name = 'InitialSchema1764480000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('finance_bureau', 'unit')),
        name text NOT NULL,
        code text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE sub_offices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES organisations (id),
        kind text NOT NULL CHECK (kind IN ('office', 'institution')),
        name text NOT NULL,
        position integer NOT NULL,
        UNIQUE (unit_id, name)
      )`);
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        email text,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz
      )`);
    await db.query(`CREATE INDEX users_organisation_idx ON users (organisation_id)`);
    await db.query(`
      CREATE TABLE role_assignments (
        user_id uuid NOT NULL REFERENCES users (id),
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        role text NOT NULL CHECK (role IN ('finance_officer', 'unit_admin', 'group_leader', 'deputy_leader',
                                           'member', 'compiler', 'seal_keeper', 'publisher')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, organisation_id, role)
      )`);
    await db.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        source_address text
      )`);
    await db.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        bureau_id uuid NOT NULL REFERENCES organisations (id),
        document_number text NOT NULL,
        title text NOT NULL,
        fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
        submission_deadline date NOT NULL,
        publication_deadline date NOT NULL CHECK (publication_deadline >= submission_deadline),
        approval_mode text NOT NULL CHECK (approval_mode IN ('single', 'countersign', 'any')),
        outline jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'issued')),
        issued_at timestamptz,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (bureau_id, document_number)
      )`);
    await db.query(`
      CREATE TABLE campaign_units (
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        unit_id uuid NOT NULL REFERENCES organisations (id),
        PRIMARY KEY (campaign_id, unit_id)
      )`);
    await db.query(`CREATE INDEX campaign_units_unit_idx ON campaign_units (unit_id)`);
    await db.query(`
      CREATE TABLE evaluation_cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        unit_id uuid NOT NULL REFERENCES organisations (id),
        state text NOT NULL,
        snapshot jsonb NOT NULL,
        machine_version integer NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (campaign_id, unit_id)
      )`);
    await db.query(`CREATE INDEX evaluation_cases_unit_idx ON evaluation_cases (unit_id)`);
    await db.query(`CREATE INDEX evaluation_cases_campaign_state_idx ON evaluation_cases (campaign_id, state)`);
    await db.query(`
      CREATE TABLE case_history (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES evaluation_cases (id),
        seq integer NOT NULL,
        event text NOT NULL,
        from_state text,
        to_state text NOT NULL,
        actor_id uuid REFERENCES users (id),
        comment text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        content_version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_id, seq)
      )`);
    await db.query(`
      CREATE TABLE case_group_members (
        case_id uuid NOT NULL REFERENCES evaluation_cases (id),
        user_id uuid NOT NULL REFERENCES users (id),
        role text NOT NULL CHECK (role IN ('group_leader', 'deputy_leader', 'member', 'compiler', 'seal_keeper', 'publisher')),
        PRIMARY KEY (case_id, user_id, role)
      )`);
    await db.query(`CREATE INDEX case_group_members_user_idx ON case_group_members (user_id)`);
    await db.query(`
      CREATE TABLE case_sections (
        case_id uuid NOT NULL REFERENCES evaluation_cases (id),
        code text NOT NULL,
        title text NOT NULL,
        position integer NOT NULL,
        assignee_id uuid REFERENCES users (id),
        due_date date,
        state text NOT NULL CHECK (state IN ('assigned', 'drafting', 'submitted', 'approved')),
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, code)
      )`);
    await db.query(`CREATE INDEX case_sections_assignee_idx ON case_sections (assignee_id)`);
    await db.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users (id),
        key text NOT NULL,
        scope text NOT NULL,
        request_hash text NOT NULL,
        status_code integer,
        response json,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'case_sections',
      'case_group_members',
      'case_history',
      'evaluation_cases',
      'campaign_units',
      'campaigns',
      'sessions',
      'role_assignments',
      'users',
      'sub_offices',
      'organisations',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
