import { Injectable } from '@nestjs/common';
import type { SectionBlock } from '@jixiao/report';
import type { SectionState } from '@jixiao/workflow';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

export interface NewRevision {
  caseId: string;
  code: string;
  /** The revision the writer saw; the save is refused (null) when the section has moved on. */
  expectedRevision: number;
  blocks: readonly SectionBlock[];
  authorId: string;
  contentVersion: number;
  /** The section states in which content may be saved; any other state also answers null. */
  editableStates: readonly SectionState[];
  /** The section machine's START_DRAFTING: a first save from one of `from` moves the section to `to`. */
  startDrafting: { from: readonly SectionState[]; to: SectionState };
}

export interface SavedRevision {
  revision: number;
  /** The section's state after the save: a first save moves `assigned` to `drafting`. */
  state: SectionState;
  /** The section's version after the save; it changes only when the state did. */
  version: number;
  createdAt: Date;
}

export interface SectionRevision {
  caseId: string;
  code: string;
  revision: number;
  contentVersion: number;
  blocks: SectionBlock[];
  authorId: string;
  createdAt: Date;
}

/** The latest content of one section of a case; revision 0 and no blocks before the first save. */
export interface LatestSectionContent {
  code: string;
  revision: number;
  blocks: SectionBlock[];
}

interface RevisionRow {
  case_id: string;
  code: string;
  revision: number;
  content_version: number;
  blocks: SectionBlock[];
  author_id: string;
  created_at: Date;
}

const toRevision = (row: RevisionRow): SectionRevision => ({
  caseId: row.case_id,
  code: row.code,
  revision: row.revision,
  contentVersion: row.content_version,
  blocks: row.blocks,
  authorId: row.author_id,
  createdAt: row.created_at,
});

/** Section content: every save is a revision, and the section row holds the current revision number. */
@Injectable()
export class SectionStore {
  /**
   * One statement: bumps the section's revision when it still equals the expected one (and the
   * section is in an editable state), and inserts the revision row. Null when either check fails,
   * and then nothing is written.
   */
  async saveRevision(tx: Tx, input: NewRevision): Promise<SavedRevision | null> {
    const rows: Array<{ revision: number; state: SectionState; version: number; created_at: Date }> = await queryRows(
      tx,
      `WITH bumped AS (
         UPDATE case_sections
            SET revision = revision + 1,
                state = CASE WHEN state = ANY($8::text[]) THEN $9 ELSE state END,
                version = version + CASE WHEN state = ANY($8::text[]) THEN 1 ELSE 0 END,
                updated_at = now()
          WHERE case_id = $1 AND code = $2 AND revision = $3 AND state = ANY($4::text[])
          RETURNING case_id, code, revision, state, version
       ), inserted AS (
         INSERT INTO section_revisions (case_id, code, revision, content_version, blocks, author_id)
         SELECT case_id, code, revision, $5, $6::jsonb, $7 FROM bumped
         RETURNING created_at
       )
       SELECT b.revision, b.state, b.version, i.created_at FROM bumped b CROSS JOIN inserted i`,
      [input.caseId, input.code, input.expectedRevision, [...input.editableStates], input.contentVersion, JSON.stringify(input.blocks), input.authorId, [...input.startDrafting.from], input.startDrafting.to],
    );
    const row = rows[0];
    return row ? { revision: row.revision, state: row.state, version: row.version, createdAt: row.created_at } : null;
  }

  /** Every revision of one section, newest first. */
  async revisions(tx: Tx, caseId: string, code: string): Promise<SectionRevision[]> {
    const rows: RevisionRow[] = await queryRows(
      tx,
      `SELECT case_id, code, revision, content_version, blocks, author_id, created_at
         FROM section_revisions WHERE case_id = $1 AND code = $2 ORDER BY revision DESC`,
      [caseId, code],
    );
    return rows.map(toRevision);
  }

  /** The section's current revision; null before the first save. */
  async latest(tx: Tx, caseId: string, code: string): Promise<SectionRevision | null> {
    const rows: RevisionRow[] = await queryRows(
      tx,
      `SELECT r.case_id, r.code, r.revision, r.content_version, r.blocks, r.author_id, r.created_at
         FROM case_sections s JOIN section_revisions r ON r.case_id = s.case_id AND r.code = s.code AND r.revision = s.revision
        WHERE s.case_id = $1 AND s.code = $2`,
      [caseId, code],
    );
    return rows[0] ? toRevision(rows[0]) : null;
  }

  /** The latest content of every section of the case, in outline order; sections never saved have no blocks. */
  async latestOfCase(tx: Tx, caseId: string): Promise<LatestSectionContent[]> {
    const rows: Array<{ code: string; revision: number; blocks: SectionBlock[] | null }> = await queryRows(
      tx,
      `SELECT s.code, s.revision, r.blocks
         FROM case_sections s LEFT JOIN section_revisions r ON r.case_id = s.case_id AND r.code = s.code AND r.revision = s.revision
        WHERE s.case_id = $1
        ORDER BY s.position`,
      [caseId],
    );
    return rows.map((row) => ({ code: row.code, revision: row.revision, blocks: row.blocks ?? [] }));
  }
}
