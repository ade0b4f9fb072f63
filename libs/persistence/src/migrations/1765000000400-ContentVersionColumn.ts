import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The content version becomes a column of the case, written with the snapshot, so that stores read
 * it instead of digging it out of the snapshot. The tracking columns (submission, bureau returns,
 * publication) are now written by the journal's statement with the move that records them; the
 * trigger that kept them by matching event names goes.
 */
export class ContentVersionColumn1765000000400 implements MigrationInterface {
  name = 'ContentVersionColumn1765000000400';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE evaluation_cases ADD COLUMN content_version integer`);
    await db.query(`UPDATE evaluation_cases SET content_version = coalesce((snapshot->'context'->>'contentVersion')::int, 1)`);
    // A new case starts at content version 1, as the lifecycle machine's context does.
    await db.query(`ALTER TABLE evaluation_cases ALTER COLUMN content_version SET NOT NULL, ALTER COLUMN content_version SET DEFAULT 1,
                      ADD CONSTRAINT evaluation_cases_content_version_check CHECK (content_version >= 1)`);
    // A case is at version 0 until its first record (ISSUE) moves it to 1.
    await db.query(`ALTER TABLE evaluation_cases ADD CONSTRAINT evaluation_cases_version_check CHECK (version >= 0)`);
    await db.query(`DROP TRIGGER case_history_tracking ON case_history`);
    await db.query(`DROP FUNCTION jixiao_track_case_history()`);
  }

  async down(db: QueryRunner): Promise<void> {
    // As 1764700000000-CampaignTracking created them.
    await db.query(`
      CREATE FUNCTION jixiao_track_case_history() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.event = 'SUBMIT' THEN
          UPDATE evaluation_cases
             SET submitted_at = NEW.created_at, submitted_late = coalesce((NEW.details->>'late')::boolean, false)
           WHERE id = NEW.case_id;
        ELSIF NEW.event = 'RETURN' AND NEW.from_state LIKE 'submitted%' THEN
          UPDATE evaluation_cases
             SET return_count = return_count + 1, last_return_reason = NEW.comment, last_returned_at = NEW.created_at,
                 submitted_at = NULL, submitted_late = NULL
           WHERE id = NEW.case_id;
        ELSIF NEW.event = 'PUBLISH' THEN
          UPDATE evaluation_cases SET published_at = NEW.created_at WHERE id = NEW.case_id;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER case_history_tracking AFTER INSERT ON case_history
        FOR EACH ROW WHEN (NEW.event IN ('SUBMIT', 'RETURN', 'PUBLISH'))
        EXECUTE FUNCTION jixiao_track_case_history()`);
    await db.query(`ALTER TABLE evaluation_cases DROP CONSTRAINT evaluation_cases_version_check`);
    await db.query(`ALTER TABLE evaluation_cases DROP COLUMN content_version`);
  }
}
