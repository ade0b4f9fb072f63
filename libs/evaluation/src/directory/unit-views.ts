import type { DirectoryUnitRow, UnitType } from '@jixiao/persistence';
import { unitCodeKind, type UnitCodeKind } from './credit-code';
import { levels, treeOrder } from './hierarchy';

/** A unit as the directory shows it. */
export interface UnitView {
  id: string;
  code: string;
  codeKind: UnitCodeKind;
  name: string;
  parentId: string | null;
  parentName: string | null;
  /** 单位级次, derived from the hierarchy: 1 at the top. */
  level: number;
  unitType: UnitType | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  archivedAt: string | null;
  archivedReason: string | null;
  formerNames: string[];
  adminCount: number;
  /** Active units directly under it. */
  childCount: number;
}

export const UNIT_TYPE_NAMES: Readonly<Record<UnitType, string>> = { administrative: '行政', institution: '事业' };

/** Every unit of a directory as shown, in tree order (parent before children, siblings by name). */
export function unitViews(rows: readonly DirectoryUnitRow[]): UnitView[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const level = levels(rows);
  const children = new Map<string, number>();
  for (const row of rows) {
    if (row.parentId !== null && row.archivedAt === null) children.set(row.parentId, (children.get(row.parentId) ?? 0) + 1);
  }
  return treeOrder(rows).map((row) => ({
    id: row.id,
    code: row.code,
    codeKind: unitCodeKind(row.code),
    name: row.name,
    parentId: row.parentId,
    parentName: row.parentId === null ? null : (byId.get(row.parentId)?.name ?? null),
    level: level.get(row.id) ?? 1,
    unitType: row.unitType,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    contactEmail: row.contactEmail,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    archivedReason: row.archivedReason,
    formerNames: row.formerNames,
    adminCount: row.adminCount,
    childCount: children.get(row.id) ?? 0,
  }));
}

/** A unit's fields as a change record keeps them (its parent by id and name). */
export function unitSnapshot(row: Pick<DirectoryUnitRow, 'code' | 'name' | 'parentId' | 'unitType' | 'contactName' | 'contactPhone' | 'contactEmail'>, parentName: string | null) {
  return {
    code: row.code,
    name: row.name,
    parentId: row.parentId,
    parentName,
    unitType: row.unitType,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    contactEmail: row.contactEmail,
  };
}

/** The contact fields, in the order the directory names them. */
export const CONTACT_FIELDS = ['unitType', 'contactName', 'contactPhone', 'contactEmail'] as const;

/** A phone number as bureaus write them: digits with spaces, dashes, parentheses or a leading +; 7 to 20 characters. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{5,18}[0-9]$/;
/** An e-mail address: something@domain.tld, without spaces. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
