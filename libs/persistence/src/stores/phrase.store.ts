import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

export const PHRASE_KINDS = ['approval', 'return', 'comment'] as const;
export type PhraseKind = (typeof PHRASE_KINDS)[number];

export interface PhraseRow {
  id: string;
  userId: string;
  /** Null: offered wherever a phrase is picked. */
  kind: PhraseKind | null;
  text: string;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, user_id, kind, text, created_at, updated_at`;

function toRow(row: Record<string, unknown>): PhraseRow {
  return {
    id: row.id as string,
    userId: row.user_id as string,
    kind: (row.kind as PhraseKind | null) ?? null,
    text: row.text as string,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

/** 常用语: each person's saved phrases. */
@Injectable()
export class PhraseStore {
  /** A person's phrases, oldest first (the order they were saved in). */
  async list(tx: Tx, userId: string): Promise<PhraseRow[]> {
    const rows = await queryRows(tx, `SELECT ${COLUMNS} FROM saved_phrases WHERE user_id = $1 ORDER BY created_at, id`, [userId]);
    return rows.map(toRow);
  }

  async find(tx: Tx, userId: string, id: string): Promise<PhraseRow | null> {
    const rows = await queryRows(tx, `SELECT ${COLUMNS} FROM saved_phrases WHERE id = $1 AND user_id = $2`, [id, userId]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Serialises one person's changes to their phrases, so two saves cannot both pass the count limit. */
  async lockOwner(tx: Tx, userId: string): Promise<void> {
    await queryRows(tx, `SELECT id FROM users WHERE id = $1 FOR UPDATE`, [userId]);
  }

  async count(tx: Tx, userId: string): Promise<number> {
    const [row] = await queryRows<{ n: number }>(tx, `SELECT count(*)::int AS n FROM saved_phrases WHERE user_id = $1`, [userId]);
    return row?.n ?? 0;
  }

  /** The person's phrase with this text, other than `exceptId`. */
  async withText(tx: Tx, userId: string, text: string, exceptId?: string): Promise<PhraseRow | null> {
    const rows = await queryRows(tx, `SELECT ${COLUMNS} FROM saved_phrases WHERE user_id = $1 AND text = $2 AND id IS DISTINCT FROM $3::uuid`, [userId, text, exceptId ?? null]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  async create(tx: Tx, input: { userId: string; kind: PhraseKind | null; text: string; at: Date }): Promise<PhraseRow> {
    const [row] = await queryRows(
      tx,
      `INSERT INTO saved_phrases (user_id, kind, text, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING ${COLUMNS}`,
      [input.userId, input.kind, input.text, input.at],
    );
    return toRow(row!);
  }

  async update(tx: Tx, userId: string, id: string, change: { kind: PhraseKind | null; text: string; at: Date }): Promise<PhraseRow | null> {
    const rows = await queryRows(
      tx,
      `UPDATE saved_phrases SET kind = $3, text = $4, updated_at = $5 WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, userId, change.kind, change.text, change.at],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async remove(tx: Tx, userId: string, id: string): Promise<PhraseRow | null> {
    const rows = await queryRows(tx, `DELETE FROM saved_phrases WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`, [id, userId]);
    return rows[0] ? toRow(rows[0]) : null;
  }
}
