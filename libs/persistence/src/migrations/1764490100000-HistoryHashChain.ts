import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tamper-evident case history: every record carries the hash of the case's previous record and
 * its own, and the case row keeps the chain's head so that `CaseStore.advance()` can extend the
 * chain in its one statement. Records can no longer be updated or deleted: a trigger refuses it,
 * and on a real server the application role `jixiao_app` is not granted it either.
 */
export class HistoryHashChain1764490100000 implements MigrationInterface {
  name = 'HistoryHashChain1764490100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE case_history
        ADD COLUMN on_behalf_of_id uuid REFERENCES users (id),
        ADD COLUMN prev_hash text,
        ADD COLUMN hash text`);
    // The head of the chain (the last record's hash; 64 zeros before the first record) and the hash
    // before it. PostgreSQL 15's RETURNING sees only the new row, so advance() carries the old head
    // out of its UPDATE through history_prev_hash.
    await db.query(`
      ALTER TABLE evaluation_cases
        ADD COLUMN history_hash text NOT NULL DEFAULT repeat('0', 64),
        ADD COLUMN history_prev_hash text`);

    // Each field is written as <length>:<text>, or '-' for NULL, so no two records concatenate alike.
    // jsonb's text form is canonical; created_at is hashed as UTC with microseconds, as stored.
    await db.query(`
      CREATE FUNCTION jixiao_history_hash(
        prev_hash text, case_id uuid, seq integer, event text, from_state text, to_state text, actor_id uuid,
        on_behalf_of_id uuid, comment text, details jsonb, content_version integer, created_at timestamptz
      ) RETURNS text
      LANGUAGE sql STABLE PARALLEL SAFE
      AS $$
        SELECT encode(sha256(convert_to(
          'jixiao-history-v1'
          || coalesce(length(prev_hash)::text || ':' || prev_hash, '-')
          || coalesce(length(case_id::text)::text || ':' || case_id::text, '-')
          || coalesce(length(seq::text)::text || ':' || seq::text, '-')
          || coalesce(length(event)::text || ':' || event, '-')
          || coalesce(length(from_state)::text || ':' || from_state, '-')
          || coalesce(length(to_state)::text || ':' || to_state, '-')
          || coalesce(length(actor_id::text)::text || ':' || actor_id::text, '-')
          || coalesce(length(on_behalf_of_id::text)::text || ':' || on_behalf_of_id::text, '-')
          || coalesce(length(comment)::text || ':' || comment, '-')
          || coalesce(length(details::text)::text || ':' || details::text, '-')
          || coalesce(length(content_version::text)::text || ':' || content_version::text, '-')
          || coalesce(length(to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text || ':'
                      || to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '-'),
          'UTF8')), 'hex')
      $$`);

    // Chain the records already there, case by case in seq order.
    await db.query(`
      DO $$
      DECLARE
        r record;
        previous text;
        current_case uuid;
        computed text;
      BEGIN
        FOR r IN SELECT * FROM case_history ORDER BY case_id, seq LOOP
          IF current_case IS DISTINCT FROM r.case_id THEN
            current_case := r.case_id;
            previous := repeat('0', 64);
          END IF;
          computed := jixiao_history_hash(previous, r.case_id, r.seq, r.event, r.from_state, r.to_state, r.actor_id,
                                          r.on_behalf_of_id, r.comment, r.details, r.content_version, r.created_at);
          UPDATE case_history SET prev_hash = previous, hash = computed WHERE id = r.id;
          previous := computed;
        END LOOP;
      END $$`);
    await db.query(`ALTER TABLE case_history ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);
    await db.query(`
      UPDATE evaluation_cases e
         SET history_hash = last.hash, history_prev_hash = last.prev_hash
        FROM (SELECT DISTINCT ON (case_id) case_id, prev_hash, hash FROM case_history ORDER BY case_id, seq DESC) last
       WHERE e.id = last.case_id`);

    await db.query(`
      CREATE FUNCTION jixiao_case_history_append_only() RETURNS trigger
      LANGUAGE plpgsql
      AS $$
      BEGIN
        RAISE EXCEPTION 'case_history is append-only: % is not allowed', TG_OP
          USING HINT = 'The case history is tamper-evident; record a new event instead of changing or removing one.';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER case_history_append_only BEFORE UPDATE OR DELETE ON case_history
        FOR EACH ROW EXECUTE FUNCTION jixiao_case_history_append_only()`);
    await db.query(`
      CREATE TRIGGER case_history_no_truncate BEFORE TRUNCATE ON case_history
        FOR EACH STATEMENT EXECUTE FUNCTION jixiao_case_history_append_only()`);

    if (await isEmbedded(db)) return;
    // The role the application's login role should be a member of (without owning the tables):
    // it may append to the history but never change or remove it, even with the trigger disabled.
    // Roles belong to the whole server, so one may already exist from another database.
    await db.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jixiao_app') THEN
          BEGIN
            CREATE ROLE jixiao_app NOLOGIN;
          EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL;
            WHEN insufficient_privilege THEN
              RAISE NOTICE 'jixiao_app was not created: % may not create roles. Create it and run the grants of HistoryHashChain1764490100000 by hand.', current_user;
              RETURN;
          END;
        END IF;
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO jixiao_app', current_schema());
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO jixiao_app', current_schema());
        EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO jixiao_app', current_schema());
        REVOKE UPDATE, DELETE, TRUNCATE ON case_history FROM jixiao_app;
        -- Tables that later migrations create (as the same owner) are granted the same way.
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO jixiao_app', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE ON SEQUENCES TO jixiao_app', current_schema());
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    if (!(await isEmbedded(db))) {
      // The role stays: it belongs to the server and other databases may use it.
      await db.query(`
        DO $$
        BEGIN
          IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'jixiao_app') THEN
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE USAGE ON SEQUENCES FROM jixiao_app', current_schema());
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM jixiao_app', current_schema());
            EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM jixiao_app', current_schema());
            EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM jixiao_app', current_schema());
            EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM jixiao_app', current_schema());
          END IF;
        END $$`);
    }
    await db.query(`DROP TRIGGER case_history_no_truncate ON case_history`);
    await db.query(`DROP TRIGGER case_history_append_only ON case_history`);
    await db.query(`DROP FUNCTION jixiao_case_history_append_only()`);
    await db.query(`ALTER TABLE evaluation_cases DROP COLUMN history_prev_hash, DROP COLUMN history_hash`);
    await db.query(`ALTER TABLE case_history DROP COLUMN hash, DROP COLUMN prev_hash, DROP COLUMN on_behalf_of_id`);
    await db.query(`DROP FUNCTION jixiao_history_hash(text, uuid, integer, text, text, text, uuid, uuid, text, jsonb, integer, timestamptz)`);
  }
}

/** PGlite (PostgreSQL compiled to WASM) has one user and no use for roles. */
async function isEmbedded(db: QueryRunner): Promise<boolean> {
  const rows: Array<{ embedded: boolean }> = await db.query(`SELECT version() ~* '(pglite|emscripten|wasm)' AS embedded`);
  return rows[0]?.embedded === true;
}
