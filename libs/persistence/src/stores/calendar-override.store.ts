import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

export interface CalendarOverrideRow {
  date: string;
  working: boolean;
  reason: string;
  updatedBy: string;
  updatedAt: Date;
}

/** Local changes to the national working-day calendar, one per date. */
@Injectable()
export class CalendarOverrideStore {
  async list(tx: Tx): Promise<CalendarOverrideRow[]> {
    const rows = await queryRows<{ date: string; working: boolean; reason: string; updated_by: string; updated_at: Date }>(
      tx,
      `SELECT date::text AS date, working, reason, updated_by, updated_at FROM calendar_overrides ORDER BY date`,
    );
    return rows.map((row) => ({ date: row.date, working: row.working, reason: row.reason, updatedBy: row.updated_by, updatedAt: row.updated_at }));
  }

  async put(tx: Tx, input: { date: string; working: boolean; reason: string; updatedBy: string }): Promise<void> {
    await queryRows(
      tx,
      `INSERT INTO calendar_overrides (date, working, reason, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (date) DO UPDATE SET working = EXCLUDED.working, reason = EXCLUDED.reason, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [input.date, input.working, input.reason, input.updatedBy],
    );
  }

  /** False when the date had no override. */
  async delete(tx: Tx, date: string): Promise<boolean> {
    const rows = await queryRows(tx, `DELETE FROM calendar_overrides WHERE date = $1 RETURNING date`, [date]);
    return rows.length === 1;
  }
}
