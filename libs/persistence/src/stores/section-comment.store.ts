import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

export type CommentEventKind = 'resolved' | 'reopened' | 'deleted';

export interface SectionCommentRow {
  id: string;
  caseId: string;
  sectionCode: string;
  parentId: string | null;
  authorId: string;
  authorName: string;
  blockIndex: number | null;
  blockQuote: string | null;
  text: string;
  /** The section's revision the comment was written on. */
  revision: number;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolvedByName: string | null;
  deletedAt: Date | null;
  /** Live replies (a first comment's). */
  replies: number;
}

export interface CommentEventRow {
  commentId: string;
  kind: CommentEventKind;
  actorId: string;
  actorName: string;
  at: Date;
}

export interface CommentCount {
  sectionCode: string;
  open: number;
  total: number;
}

const SELECT = `
  SELECT c.id, c.case_id, c.section_code, c.parent_id, c.author_id, a.display_name AS author_name, c.block_index, c.block_quote, c.text,
         c.revision, c.created_at, c.resolved_at, c.resolved_by, r.display_name AS resolved_by_name, c.deleted_at,
         (SELECT count(*)::int FROM section_comments x WHERE x.parent_id = c.id AND x.deleted_at IS NULL) AS replies
    FROM section_comments c
    JOIN users a ON a.id = c.author_id
    LEFT JOIN users r ON r.id = c.resolved_by`;

function toRow(row: Record<string, unknown>): SectionCommentRow {
  return {
    id: row.id as string,
    caseId: row.case_id as string,
    sectionCode: row.section_code as string,
    parentId: (row.parent_id as string | null) ?? null,
    authorId: row.author_id as string,
    authorName: row.author_name as string,
    blockIndex: (row.block_index as number | null) ?? null,
    blockQuote: (row.block_quote as string | null) ?? null,
    text: row.text as string,
    revision: row.revision as number,
    createdAt: row.created_at as Date,
    resolvedAt: (row.resolved_at as Date | null) ?? null,
    resolvedBy: (row.resolved_by as string | null) ?? null,
    resolvedByName: (row.resolved_by_name as string | null) ?? null,
    deletedAt: (row.deleted_at as Date | null) ?? null,
    replies: row.replies as number,
  };
}

/** Comments on a section's text, threaded one level deep, and their log (resolved, reopened, withdrawn). */
@Injectable()
export class SectionCommentStore {
  /** Serialises the comments of one section, so its limit holds when comments race. */
  async lockSection(tx: Tx, caseId: string, code: string): Promise<void> {
    await queryRows(tx, `SELECT code FROM case_sections WHERE case_id = $1 AND code = $2 FOR UPDATE`, [caseId, code]);
  }

  async countLive(tx: Tx, caseId: string, code: string): Promise<number> {
    const [row] = await queryRows<{ n: number }>(tx, `SELECT count(*)::int AS n FROM section_comments WHERE case_id = $1 AND section_code = $2 AND deleted_at IS NULL`, [caseId, code]);
    return row?.n ?? 0;
  }

  /** A live comment of the section. */
  async find(tx: Tx, caseId: string, code: string, id: string): Promise<SectionCommentRow | null> {
    const rows = await queryRows(tx, `${SELECT} WHERE c.id = $1 AND c.case_id = $2 AND c.section_code = $3 AND c.deleted_at IS NULL`, [id, caseId, code]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** The section's live comments, oldest first. */
  async list(tx: Tx, caseId: string, code: string): Promise<SectionCommentRow[]> {
    const rows = await queryRows(tx, `${SELECT} WHERE c.case_id = $1 AND c.section_code = $2 AND c.deleted_at IS NULL ORDER BY c.created_at, c.id`, [caseId, code]);
    return rows.map(toRow);
  }

  /** The log of the section's comments that are still shown, oldest first. */
  async events(tx: Tx, caseId: string, code: string): Promise<CommentEventRow[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT e.comment_id, e.kind, e.actor_id, u.display_name AS actor_name, e.at
         FROM section_comment_events e
         JOIN section_comments c ON c.id = e.comment_id
         JOIN users u ON u.id = e.actor_id
        WHERE c.case_id = $1 AND c.section_code = $2 AND c.deleted_at IS NULL
        ORDER BY e.at, e.id`,
      [caseId, code],
    );
    return rows.map((r) => ({ commentId: r.comment_id as string, kind: r.kind as CommentEventKind, actorId: r.actor_id as string, actorName: r.actor_name as string, at: r.at as Date }));
  }

  async create(
    tx: Tx,
    input: { caseId: string; sectionCode: string; parentId: string | null; authorId: string; blockIndex: number | null; blockQuote: string | null; text: string; revision: number; at: Date },
  ): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      tx,
      `INSERT INTO section_comments (case_id, section_code, parent_id, author_id, block_index, block_quote, text, revision, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [input.caseId, input.sectionCode, input.parentId, input.authorId, input.blockIndex, input.blockQuote, input.text, input.revision, input.at],
    );
    return row!.id;
  }

  /** Marks a thread resolved; false when it was resolved (or withdrawn) first by someone else. */
  async resolve(tx: Tx, id: string, by: string, at: Date): Promise<boolean> {
    const done = await queryRows(tx, `UPDATE section_comments SET resolved_at = $3, resolved_by = $2 WHERE id = $1 AND parent_id IS NULL AND resolved_at IS NULL AND deleted_at IS NULL RETURNING id`, [id, by, at]);
    if (done.length === 1) await this.log(tx, id, 'resolved', by, at);
    return done.length === 1;
  }

  /** Reopens a resolved thread; false when it was reopened first. */
  async reopen(tx: Tx, id: string, by: string, at: Date): Promise<boolean> {
    const done = await queryRows(tx, `UPDATE section_comments SET resolved_at = NULL, resolved_by = NULL WHERE id = $1 AND resolved_at IS NOT NULL AND deleted_at IS NULL RETURNING id`, [id]);
    if (done.length === 1) await this.log(tx, id, 'reopened', by, at);
    return done.length === 1;
  }

  /** Withdraws a comment nobody has answered and that is not resolved; false when that changed first. */
  async withdraw(tx: Tx, id: string, by: string, at: Date): Promise<boolean> {
    const done = await queryRows(
      tx,
      `UPDATE section_comments c SET deleted_at = $3
        WHERE c.id = $1 AND c.author_id = $2 AND c.deleted_at IS NULL AND c.resolved_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM section_comments x WHERE x.parent_id = c.id AND x.deleted_at IS NULL)
        RETURNING c.id`,
      [id, by, at],
    );
    if (done.length === 1) await this.log(tx, id, 'deleted', by, at);
    return done.length === 1;
  }

  /** Per section of the case: open threads and all live threads. */
  async counts(tx: Tx, caseId: string): Promise<CommentCount[]> {
    const rows = await queryRows<{ section_code: string; open: number; total: number }>(
      tx,
      `SELECT section_code, count(*) FILTER (WHERE resolved_at IS NULL)::int AS open, count(*)::int AS total
         FROM section_comments WHERE case_id = $1 AND parent_id IS NULL AND deleted_at IS NULL
        GROUP BY section_code ORDER BY section_code`,
      [caseId],
    );
    return rows.map((r) => ({ sectionCode: r.section_code, open: r.open, total: r.total }));
  }

  private async log(tx: Tx, commentId: string, kind: CommentEventKind, actorId: string, at: Date): Promise<void> {
    await queryRows(tx, `INSERT INTO section_comment_events (comment_id, kind, actor_id, at) VALUES ($1, $2, $3, $4)`, [commentId, kind, actorId, at]);
  }
}
