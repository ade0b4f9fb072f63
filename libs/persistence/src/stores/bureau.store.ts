import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

export interface BureauRow {
  id: string;
  name: string;
  code: string;
  officerCount: number;
  unitCount: number;
  createdAt: Date;
}

const BUREAU_COLUMNS = `b.id, b.name, b.code, b.created_at,
       (SELECT count(*) FROM users u JOIN role_assignments r ON r.user_id = u.id AND r.organisation_id = u.organisation_id
         WHERE u.organisation_id = b.id AND r.role = 'finance_officer' AND u.disabled_at IS NULL)::int AS officer_count,
       (SELECT count(*) FROM organisations o WHERE o.kind = 'unit' AND o.bureau_id = b.id AND o.archived_at IS NULL)::int AS unit_count`;

function toBureau(row: Record<string, unknown>): BureauRow {
  return {
    id: row.id as string,
    name: row.name as string,
    code: row.code as string,
    officerCount: row.officer_count as number,
    unitCount: row.unit_count as number,
    createdAt: row.created_at as Date,
  };
}

/** Finance bureaus (organisations of kind finance_bureau) as the system administrator keeps them. */
@Injectable()
export class BureauStore {
  async list(tx: Tx): Promise<BureauRow[]> {
    const rows = await queryRows<Record<string, unknown>>(tx, `SELECT ${BUREAU_COLUMNS} FROM organisations b WHERE b.kind = 'finance_bureau' ORDER BY b.name, b.id`);
    return rows.map(toBureau);
  }

  async find(tx: Tx, id: string): Promise<BureauRow | null> {
    const rows = await queryRows<Record<string, unknown>>(tx, `SELECT ${BUREAU_COLUMNS} FROM organisations b WHERE b.kind = 'finance_bureau' AND b.id = $1`, [id]);
    return rows[0] ? toBureau(rows[0]) : null;
  }

  /**
   * Which of the name and code are taken: a code by any organisation but a unit (units' codes
   * are their bureau's own), a name by another bureau. Takes a transaction-long lock first, so
   * two bureaus created at once with the same name cannot both pass.
   */
  async taken(tx: Tx, name: string, code: string): Promise<{ name: boolean; code: boolean }> {
    await queryRows(tx, `SELECT pg_advisory_xact_lock(hashtext('jixiao:new-bureau'))`);
    const rows = await queryRows<{ name_taken: boolean; code_taken: boolean }>(
      tx,
      `SELECT EXISTS (SELECT 1 FROM organisations WHERE kind = 'finance_bureau' AND name = $1) AS name_taken,
              EXISTS (SELECT 1 FROM organisations WHERE kind <> 'unit' AND code = $2) AS code_taken`,
      [name, code],
    );
    return { name: rows[0]!.name_taken, code: rows[0]!.code_taken };
  }
}
