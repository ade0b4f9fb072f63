import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SavedPhrasesAndComments1765000001000 implements MigrationInterface {
  name = 'SavedPhrasesAndComments1765000001000';

  async up(db: QueryRunner): Promise<void> {
    // 常用语: a person's own phrases for opinions, return reasons and comments. A null kind is
    // offered in every picker. The same text twice is one phrase: the unique index says so even
    // when two saves race.
    await db.query(`
      CREATE TABLE saved_phrases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text CHECK (kind IN ('approval', 'return', 'comment')),
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX saved_phrases_user_text_idx ON saved_phrases (user_id, text)`);
    // Comments on a section's text, optionally anchored to a block (its index, and a quote of its
    // text then, so the comment still says what it was about after the text changes). A reply
    // points at the comment it answers; only a thread's first comment is resolved or reopened.
    await db.query(`
      CREATE TABLE section_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES evaluation_cases (id) ON DELETE CASCADE,
        section_code text NOT NULL,
        parent_id uuid REFERENCES section_comments (id),
        author_id uuid NOT NULL REFERENCES users (id),
        block_index integer CHECK (block_index >= 0),
        block_quote text CHECK (length(block_quote) <= 200),
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
        revision integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        resolved_at timestamptz,
        resolved_by uuid REFERENCES users (id),
        deleted_at timestamptz,
        CHECK (parent_id IS NULL OR (block_index IS NULL AND resolved_at IS NULL)),
        CHECK ((block_index IS NULL) = (block_quote IS NULL)),
        CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
      )`);
    await db.query(`CREATE INDEX section_comments_section_idx ON section_comments (case_id, section_code, created_at)`);
    await db.query(`CREATE INDEX section_comments_parent_idx ON section_comments (parent_id) WHERE parent_id IS NOT NULL`);
    // The comment log of a section: who resolved, reopened or withdrew a comment, and when. Kept
    // apart from the case's history, whose every record moves the case's version: a remark must
    // not make the writer's next step meet "someone else acted first".
    await db.query(`
      CREATE TABLE section_comment_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        comment_id uuid NOT NULL REFERENCES section_comments (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('resolved', 'reopened', 'deleted')),
        actor_id uuid NOT NULL REFERENCES users (id),
        at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX section_comment_events_comment_idx ON section_comment_events (comment_id, at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE section_comment_events`);
    await db.query(`DROP TABLE section_comments`);
    await db.query(`DROP TABLE saved_phrases`);
  }
}
