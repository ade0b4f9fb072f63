import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the finance bureau's tracking view filters and sorts on, kept on the case row so that one
 * indexed scan of a campaign's cases answers it: the per-unit deadline override (an extension),
 * the self-score and grade (written by the save of the indicator scores), the re-check (复核), and
 * the submission, bureau returns and publication, which a trigger on case_history keeps in step
 * with the records that every writer appends in its own transaction.
 */
export class CampaignTracking1764700000000 implements MigrationInterface {
  name = 'CampaignTracking1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE evaluation_cases
        ADD COLUMN submission_deadline_override date,
        ADD COLUMN self_score numeric(5, 2) CHECK (self_score BETWEEN 0 AND 100),
        ADD COLUMN self_grade text,
        ADD COLUMN recheck_score numeric(5, 2) CHECK (recheck_score BETWEEN 0 AND 100),
        ADD COLUMN recheck_remarks text,
        ADD COLUMN rechecked_at timestamptz,
        ADD COLUMN rechecked_by uuid REFERENCES users (id),
        ADD COLUMN submitted_at timestamptz,
        ADD COLUMN submitted_late boolean,
        ADD COLUMN return_count integer NOT NULL DEFAULT 0,
        ADD COLUMN last_return_reason text,
        ADD COLUMN last_returned_at timestamptz,
        ADD COLUMN published_at timestamptz`);

    // A submission sets the submitted time and lateness; a return by the finance bureau (from a
    // submitted state) counts, keeps its reason and clears the submission, which must be made again.
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

    // Cases that existed before: replay their records in order.
    await db.query(`
      UPDATE evaluation_cases e
         SET return_count = r.returns, last_return_reason = r.last_reason, last_returned_at = r.last_at
        FROM (SELECT case_id, count(*)::int AS returns,
                     (array_agg(comment ORDER BY seq DESC))[1] AS last_reason, max(created_at) AS last_at
                FROM case_history WHERE event = 'RETURN' AND from_state LIKE 'submitted%' GROUP BY case_id) r
       WHERE e.id = r.case_id`);
    await db.query(`
      UPDATE evaluation_cases e
         SET submitted_at = s.created_at, submitted_late = coalesce((s.details->>'late')::boolean, false)
        FROM (SELECT DISTINCT ON (case_id) case_id, created_at, details FROM case_history WHERE event = 'SUBMIT' ORDER BY case_id, seq DESC) s
       WHERE e.id = s.case_id AND (e.last_returned_at IS NULL OR s.created_at > e.last_returned_at)`);
    await db.query(`
      UPDATE evaluation_cases e SET published_at = p.created_at
        FROM (SELECT case_id, max(created_at) AS created_at FROM case_history WHERE event = 'PUBLISH' GROUP BY case_id) p
       WHERE e.id = p.case_id`);

    // Returns by reason in the statistics. The tracking view itself reads a campaign's cases through
    // evaluation_cases_campaign_state_idx and its page's sections through case_sections' primary key.
    await db.query(`CREATE INDEX case_history_bureau_returns_idx ON case_history (case_id) WHERE event = 'RETURN' AND from_state LIKE 'submitted%'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX case_history_bureau_returns_idx`);
    await db.query(`DROP TRIGGER case_history_tracking ON case_history`);
    await db.query(`DROP FUNCTION jixiao_track_case_history()`);
    await db.query(`
      ALTER TABLE evaluation_cases
        DROP COLUMN submission_deadline_override, DROP COLUMN self_score, DROP COLUMN self_grade,
        DROP COLUMN recheck_score, DROP COLUMN recheck_remarks, DROP COLUMN rechecked_at, DROP COLUMN rechecked_by,
        DROP COLUMN submitted_at, DROP COLUMN submitted_late, DROP COLUMN return_count, DROP COLUMN last_return_reason,
        DROP COLUMN last_returned_at, DROP COLUMN published_at`);
  }
}
