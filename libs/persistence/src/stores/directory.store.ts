import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import type { UnitType } from '../entities/organisation.entity';
import { queryRows } from './rows';

/** A unit of a bureau's directory as stored, with what the directory shows beside it. */
export interface DirectoryUnitRow {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  unitType: UnitType | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  archivedAt: Date | null;
  archivedReason: string | null;
  /** Active unit administrators. */
  adminCount: number;
  /** Names it had before, oldest first. */
  formerNames: string[];
}

/** The fields of a unit the directory writes. */
export interface DirectoryUnitFields {
  code: string;
  name: string;
  parentId: string | null;
  unitType: UnitType | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  archivedAt: Date | null;
  archivedReason: string | null;
}

export type DirectoryChangeKind = 'created' | 'renamed' | 'moved' | 'updated' | 'archived' | 'restored' | 'imported';

export interface NewDirectoryChange {
  unitId: string;
  kind: DirectoryChangeKind;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface DirectoryChangeRow {
  id: string;
  kind: DirectoryChangeKind;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  actorId: string | null;
  actorName: string | null;
  at: Date;
  importId: string | null;
}

const FIELDS_RECORD = `x(ord integer, id uuid, code text, name text, parent_id uuid, unit_type text, contact_name text, contact_phone text,
                        contact_email text, archived_at timestamptz, archived_reason text)`;

const asRecord = (ord: number, id: string | null, unit: DirectoryUnitFields) => ({
  ord,
  id,
  code: unit.code,
  name: unit.name,
  parent_id: unit.parentId,
  unit_type: unit.unitType,
  contact_name: unit.contactName,
  contact_phone: unit.contactPhone,
  contact_email: unit.contactEmail,
  archived_at: unit.archivedAt?.toISOString() ?? null,
  archived_reason: unit.archivedReason,
});

/** A bureau's budget-unit directory (单位名录) and the record of its changes. Batched: an import writes hundreds of units. */
@Injectable()
export class DirectoryStore {
  /**
   * Locks the bureau's directory for the rest of the transaction: checks of uniqueness and of the
   * hierarchy then see every unit as it will be written.
   */
  async lock(tx: Tx, bureauId: string): Promise<void> {
    await queryRows(tx, `SELECT id FROM organisations WHERE id = $1 AND kind = 'finance_bureau' FOR UPDATE`, [bureauId]);
  }

  async units(tx: Tx, bureauId: string): Promise<DirectoryUnitRow[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT o.id, o.code, o.name, o.parent_id, o.unit_type, o.contact_name, o.contact_phone, o.contact_email, o.archived_at, o.archived_reason,
              (SELECT count(*) FROM users u JOIN role_assignments r ON r.user_id = u.id AND r.organisation_id = u.organisation_id
                WHERE u.organisation_id = o.id AND r.role = 'unit_admin' AND u.disabled_at IS NULL)::int AS admin_count,
              ARRAY(SELECT c.before ->> 'name' FROM directory_changes c WHERE c.unit_id = o.id AND c.kind = 'renamed' ORDER BY c.at, c.seq) AS former_names
         FROM organisations o
        WHERE o.kind = 'unit' AND o.bureau_id = $1`,
      [bureauId],
    );
    return rows.map((row) => ({
      id: row.id as string,
      code: row.code as string,
      name: row.name as string,
      parentId: (row.parent_id as string | null) ?? null,
      unitType: (row.unit_type as UnitType | null) ?? null,
      contactName: (row.contact_name as string | null) ?? null,
      contactPhone: (row.contact_phone as string | null) ?? null,
      contactEmail: (row.contact_email as string | null) ?? null,
      archivedAt: row.archived_at ? new Date(row.archived_at as string) : null,
      archivedReason: (row.archived_reason as string | null) ?? null,
      adminCount: Number(row.admin_count),
      formerNames: [...new Set((row.former_names as string[]).filter((n) => n !== null && n !== row.name))],
    }));
  }

  /** Adds units to the bureau's directory in one statement; answers their ids in the order given. */
  async insert(tx: Tx, bureauId: string, units: readonly DirectoryUnitFields[]): Promise<string[]> {
    if (units.length === 0) return [];
    // Codes are unique within the bureau, so each inserted row finds its place in the input by its code.
    const rows = await queryRows<{ id: string }>(
      tx,
      `WITH input AS (
         SELECT x.* FROM jsonb_to_recordset($2::jsonb) AS ${FIELDS_RECORD}
       ), inserted AS (
         INSERT INTO organisations (kind, bureau_id, code, name, parent_id, unit_type, contact_name, contact_phone, contact_email, archived_at, archived_reason)
         SELECT 'unit', $1, code, name, parent_id, unit_type, contact_name, contact_phone, contact_email, archived_at, archived_reason
           FROM input ORDER BY ord
         RETURNING id, code
       )
       SELECT inserted.id FROM inserted JOIN input ON input.code = inserted.code ORDER BY input.ord`,
      [bureauId, JSON.stringify(units.map((u, i) => asRecord(i, null, u)))],
    );
    return rows.map((row) => row.id);
  }

  /** Writes every field of the units given, in one statement. */
  async update(tx: Tx, bureauId: string, units: readonly (DirectoryUnitFields & { id: string })[]): Promise<void> {
    if (units.length === 0) return;
    await queryRows(
      tx,
      `UPDATE organisations o
          SET code = x.code, name = x.name, parent_id = x.parent_id, unit_type = x.unit_type, contact_name = x.contact_name,
              contact_phone = x.contact_phone, contact_email = x.contact_email, archived_at = x.archived_at,
              archived_reason = x.archived_reason, updated_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS ${FIELDS_RECORD}
        WHERE o.id = x.id AND o.kind = 'unit' AND o.bureau_id = $1`,
      [bureauId, JSON.stringify(units.map((u, i) => asRecord(i, u.id, u)))],
    );
  }

  async record(tx: Tx, bureauId: string, actorId: string, at: Date, changes: readonly NewDirectoryChange[], importId: string | null = null): Promise<void> {
    if (changes.length === 0) return;
    await queryRows(
      tx,
      `INSERT INTO directory_changes (bureau_id, unit_id, kind, before, after, actor_id, at, import_id)
       SELECT $1, x.unit_id, x.kind, x.before, x.after, $2, $3, $4
         FROM jsonb_to_recordset($5::jsonb) AS x(ord integer, unit_id uuid, kind text, before jsonb, after jsonb)
        ORDER BY x.ord`,
      [bureauId, actorId, at, importId, JSON.stringify(changes.map((c, ord) => ({ ord, unit_id: c.unitId, kind: c.kind, before: c.before, after: c.after })))],
    );
  }

  /** A unit's changes, newest first, with the names of those who made them. */
  async changes(tx: Tx, unitId: string): Promise<DirectoryChangeRow[]> {
    const rows = await queryRows<Record<string, unknown>>(
      tx,
      `SELECT c.id, c.kind, c.before, c.after, c.actor_id, u.display_name AS actor_name, c.at, c.import_id
         FROM directory_changes c LEFT JOIN users u ON u.id = c.actor_id
        WHERE c.unit_id = $1 ORDER BY c.at DESC, c.seq DESC`,
      [unitId],
    );
    return rows.map((row) => ({
      id: row.id as string,
      kind: row.kind as DirectoryChangeKind,
      before: (row.before as Record<string, unknown> | null) ?? null,
      after: (row.after as Record<string, unknown> | null) ?? null,
      actorId: (row.actor_id as string | null) ?? null,
      actorName: (row.actor_name as string | null) ?? null,
      at: new Date(row.at as string),
      importId: (row.import_id as string | null) ?? null,
    }));
  }

  /** Titles of issued campaigns in which the unit has a case in one of `states` (not yet published). */
  async campaignsWithCaseIn(tx: Tx, unitId: string, states: readonly string[]): Promise<string[]> {
    const rows = await queryRows<{ title: string }>(
      tx,
      `SELECT DISTINCT c.title FROM evaluation_cases e JOIN campaigns c ON c.id = e.campaign_id
        WHERE e.unit_id = $1 AND c.status = 'issued' AND e.state = ANY($2) ORDER BY c.title`,
      [unitId, [...states]],
    );
    return rows.map((row) => row.title);
  }

  /** The bureau's units with a case in one of `states` in an issued campaign, each with one such campaign's title. */
  async unitsWithCaseIn(tx: Tx, bureauId: string, states: readonly string[]): Promise<Map<string, string>> {
    const rows = await queryRows<{ unit_id: string; title: string }>(
      tx,
      `SELECT DISTINCT ON (e.unit_id) e.unit_id, c.title
         FROM evaluation_cases e JOIN campaigns c ON c.id = e.campaign_id JOIN organisations o ON o.id = e.unit_id
        WHERE o.bureau_id = $1 AND c.status = 'issued' AND e.state = ANY($2) ORDER BY e.unit_id, c.title`,
      [bureauId, [...states]],
    );
    return new Map(rows.map((row) => [row.unit_id, row.title]));
  }

  /** Whether the unit is in the bureau's directory (archived or not). */
  async holds(tx: Tx, bureauId: string, unitId: string): Promise<boolean> {
    const rows = await queryRows(tx, `SELECT 1 FROM organisations WHERE id = $1 AND kind = 'unit' AND bureau_id = $2`, [unitId, bureauId]);
    return rows.length > 0;
  }
}
