import type { DirectoryChangeKind, DirectoryUnitRow, UnitType } from '@jixiao/persistence';
import type { NamedSheetRow, SheetProblem } from '../tracking/named-sheet';
import { checkUnitCode } from './credit-code';
import { cycles, levels } from './hierarchy';
import { EMAIL_PATTERN, PHONE_PATTERN } from './unit-views';

const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;
const LEVEL_WORDS = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
const TYPE_WORDS: Readonly<Record<string, UnitType>> = { 行政: 'administrative', 行政单位: 'administrative', 事业: 'institution', 事业单位: 'institution' };
const FIELD_TITLES = { unitType: '单位类型', contactName: '联系人', contactPhone: '电话', contactEmail: '邮箱' } as const;
type DetailField = keyof typeof FIELD_TITLES;
const DETAIL_FIELDS = Object.keys(FIELD_TITLES) as DetailField[];

/** A unit as the file leaves it; its parent by code (codes are unique within a bureau). */
export interface PlannedUnit {
  id: string | null;
  code: string;
  name: string;
  parentCode: string | null;
  unitType: UnitType | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  archived: boolean;
}

export interface PlannedChange {
  code: string;
  kind: DirectoryChangeKind;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface PlannedAdministrator {
  code: string;
  username: string;
  displayName: string;
  email: string;
  phone: string | null;
}

export interface DirectoryImportChanges {
  added: Array<{ code: string; name: string; parentName: string | null }>;
  renamed: Array<{ code: string; from: string; to: string }>;
  moved: Array<{ code: string; name: string; from: string | null; to: string | null }>;
  updated: Array<{ code: string; name: string; fields: string[] }>;
  archived: Array<{ code: string; name: string }>;
  restored: Array<{ code: string; name: string }>;
  unchanged: number;
  administrators: Array<{ code: string; username: string; displayName: string; email: string }>;
}

export interface DirectoryImportPlan {
  problems: SheetProblem[];
  changes: DirectoryImportChanges;
  /** What applying writes: new units, existing units with every field as they will be, and the records. */
  create: PlannedUnit[];
  update: PlannedUnit[];
  records: PlannedChange[];
  administrators: PlannedAdministrator[];
}

export interface DirectoryImportContext {
  existing: readonly DirectoryUnitRow[];
  /** Users already holding a user name the file names, with their organisation. */
  usernames: ReadonlyMap<string, string>;
  /** Active units with an unfinished case in an issued campaign: its title. */
  unfinishedCase: ReadonlyMap<string, string>;
  archiveMissing: boolean;
  /** Whether the file has each column. */
  columns: Readonly<Record<string, boolean>>;
}

function parseLevel(text: string): number | null | 'invalid' {
  if (text === '') return null;
  const compact = text.replace(/\s+/g, '');
  if (/^[1-9]$/.test(compact)) return Number(compact);
  const match = /^([一二三四五六七八九])级?$/.exec(compact);
  return match ? LEVEL_WORDS.indexOf(match[1]!) + 1 : 'invalid';
}

/**
 * Checks a directory file against the bureau's directory and plans what applying it changes. Every
 * problem is found at once, each with its row and column; the plan is only applied without any.
 * The file lists units by code: a code already in the directory is that unit (renamed, moved,
 * updated, or restored if archived), a new code a new unit. A column the file lacks leaves those
 * fields as they are; with `archiveMissing`, active units the file leaves out are archived (撤并).
 */
export function planDirectoryImport(rows: readonly NamedSheetRow[], context: DirectoryImportContext): DirectoryImportPlan {
  const problems: SheetProblem[] = [];
  const problem = (row: number, field: string | null, code: string, message: string) => problems.push({ row, field, code, message: row > 0 ? `第${row}行：${message}` : message });
  const existingByCode = new Map(context.existing.map((u) => [u.code, u]));
  const existingById = new Map(context.existing.map((u) => [u.id, u]));

  // 1. Each row on its own.
  interface Line {
    row: number;
    code: string;
    name: string;
    parentText: string;
    level: number | null;
    unit: PlannedUnit;
    admin: PlannedAdministrator | null;
  }
  const lines: Line[] = [];
  const rowOfCode = new Map<string, number>();
  const rowOfUsername = new Map<string, number>();
  for (const { row, cells } of rows) {
    const text = (key: string) => (cells[key] ?? '').trim();
    const rawCode = text('code');
    const name = text('name');
    let code = rawCode.toUpperCase();
    if (rawCode === '') problem(row, '单位代码', 'IMPORT.EMPTY_CELL', '单位代码为空。');
    // A code already in the directory is that unit's, even one kept from before codes were checked.
    else if (existingByCode.has(rawCode)) code = rawCode;
    else {
      const checked = checkUnitCode(rawCode);
      code = checked.code;
      if (!checked.ok && checked.problem === 'invalid') {
        problem(row, '单位代码', 'DIRECTORY.CODE_INVALID', `单位代码“${code}”既不是 18 位统一社会信用代码，也不是 3 到 15 位数字的预算单位编码。`);
      } else if (!checked.ok && checked.problem === 'check_failed') {
        problem(row, '单位代码', 'DIRECTORY.CODE_CHECK_FAILED', `统一社会信用代码“${code}”未通过校验：第 ${checked.position} 位应为“${checked.expected}”，请核对是否抄错。`);
      }
    }
    if (name === '') problem(row, '单位名称', 'IMPORT.EMPTY_CELL', '单位名称为空。');
    else if (name.length > 100) problem(row, '单位名称', 'DIRECTORY.NAME_TOO_LONG', '单位名称超过 100 个字。');
    const level = parseLevel(text('level'));
    if (level === 'invalid') problem(row, '单位级次', 'DIRECTORY.LEVEL_MISMATCH', `单位级次“${text('level')}”看不懂：请填“一级”“二级”“三级”或 1、2、3。`);
    const typeText = text('unitType');
    const unitType = typeText === '' ? null : (TYPE_WORDS[typeText] ?? null);
    if (typeText !== '' && unitType === null) problem(row, '单位类型', 'DIRECTORY.UNIT_TYPE_INVALID', `单位类型“${typeText}”须是“行政”或“事业”。`);
    const phone = text('contactPhone');
    if (phone !== '' && !PHONE_PATTERN.test(phone)) problem(row, '电话', 'DIRECTORY.PHONE_INVALID', `电话“${phone}”格式不正确。`);
    const email = text('contactEmail');
    if (email !== '' && !EMAIL_PATTERN.test(email)) problem(row, '邮箱', 'DIRECTORY.EMAIL_INVALID', `邮箱“${email}”格式不正确。`);

    const first = rowOfCode.get(code);
    if (code !== '' && first !== undefined) {
      problem(row, '单位代码', 'DIRECTORY.CODE_TAKEN', `单位代码“${code}”与第${first}行重复。`);
      continue;
    }
    if (code !== '') rowOfCode.set(code, row);

    const existing = existingByCode.get(code);
    const keep = <K extends DetailField>(field: K, value: PlannedUnit[K]): PlannedUnit[K] =>
      context.columns[field] ? value : ((existing?.[field] ?? null) as PlannedUnit[K]);
    const unit: PlannedUnit = {
      id: existing?.id ?? null,
      code,
      name,
      parentCode: null,
      unitType: keep('unitType', unitType),
      contactName: keep('contactName', text('contactName') || null),
      contactPhone: keep('contactPhone', phone || null),
      contactEmail: keep('contactEmail', email || null),
      archived: false,
    };

    let admin: PlannedAdministrator | null = null;
    const username = text('adminUsername');
    if (username !== '') {
      const holder = context.usernames.get(username);
      const firstRow = rowOfUsername.get(username);
      if (!USERNAME_PATTERN.test(username)) {
        problem(row, '管理员账号', 'USER.USERNAME_INVALID', `管理员账号“${username}”须是 3 到 64 位的字母、数字、点、下划线或连字符。`);
      } else if (firstRow !== undefined) {
        problem(row, '管理员账号', 'USER.DUPLICATE_IN_FILE', `管理员账号“${username}”与第${firstRow}行重复。`);
      } else if (holder !== undefined && holder !== existing?.id) {
        problem(row, '管理员账号', 'USER.USERNAME_TAKEN', `管理员账号“${username}”已被其他人使用，请换一个。`);
      } else if (unit.contactEmail === null) {
        problem(row, '邮箱', 'USER.EMAIL_REQUIRED', `要为管理员“${username}”发送邀请邮件，须填写邮箱。`);
      } else if (holder === undefined) {
        admin = { code, username, displayName: text('adminName') || unit.contactName || username, email: unit.contactEmail, phone: unit.contactPhone };
      }
      rowOfUsername.set(username, row);
    }
    lines.push({ row, code, name, parentText: text('parent'), level: level === 'invalid' ? null : level, unit, admin });
  }

  // 2. The directory as the file leaves it: the file's units, and the active units it does not list.
  const final = new Map<string, PlannedUnit & { row: number | null }>();
  for (const line of lines) final.set(line.code, { ...line.unit, row: line.row });
  const archiving: DirectoryUnitRow[] = [];
  for (const unit of context.existing) {
    if (unit.archivedAt !== null || final.has(unit.code)) continue;
    if (context.archiveMissing) {
      archiving.push(unit);
      continue;
    }
    const parentCode = unit.parentId === null ? null : (existingById.get(unit.parentId)?.code ?? null);
    final.set(unit.code, { ...unit, parentCode, archived: false, row: null });
  }
  const finalByName = new Map<string, string[]>();
  for (const unit of final.values()) finalByName.set(unit.name, [...(finalByName.get(unit.name) ?? []), unit.code]);

  // Rows whose 主管部门 is unknown: their level cannot be judged.
  const unresolved = new Set<string>();
  for (const line of lines) {
    // Names: unique among the active units.
    const sameName = (finalByName.get(line.name) ?? []).filter((code) => code !== line.code);
    if (line.name !== '' && sameName.length > 0) {
      const other = final.get(sameName[0]!)!;
      if (other.row === null) problem(line.row, '单位名称', 'DIRECTORY.NAME_TAKEN', `名录中已有名为“${line.name}”的在用单位（代码 ${other.code}）。`);
      else if (other.row < line.row) problem(line.row, '单位名称', 'DIRECTORY.NAME_TAKEN', `单位名称“${line.name}”与第${other.row}行重复。`);
    }
    // 主管部门: a code or a name of the directory as it will be; without the column, the unit stays where it is.
    if (line.parentText === '') {
      const kept = context.columns.parent ? undefined : existingByCode.get(line.code);
      const keptParent = kept?.parentId ? (existingById.get(kept.parentId)?.code ?? null) : null;
      final.get(line.code)!.parentCode = keptParent;
      line.unit.parentCode = keptParent;
      continue;
    }
    const byCode = final.get(line.parentText) ?? final.get(line.parentText.toUpperCase());
    const byName = finalByName.get(line.parentText);
    const parentCode = byCode?.code ?? byName?.[0] ?? null;
    if (parentCode === null) {
      unresolved.add(line.code);
      const gone = context.existing.find((u) => u.code === line.parentText.toUpperCase() || u.name === line.parentText);
      problem(
        line.row,
        '主管部门',
        'DIRECTORY.UNKNOWN_PARENT',
        gone ? `主管部门“${line.parentText}”已撤并${context.archiveMissing && gone.archivedAt === null ? '（文件中没有列出它）' : ''}，不能作为主管部门。` : `主管部门“${line.parentText}”既不在文件中，也不在本局名录中。`,
      );
    } else if (parentCode === line.code) {
      problem(line.row, '主管部门', 'DIRECTORY.CYCLE', `单位不能是自己的主管部门。`);
    } else {
      final.get(line.code)!.parentCode = parentCode;
      line.unit.parentCode = parentCode;
    }
  }

  // 3. The hierarchy: no cycles, and the levels the file states match those it implies.
  const nodes = [...final.values()].map((u) => ({ id: u.code, parentId: u.parentCode, name: u.name }));
  for (const cycle of cycles(nodes)) {
    if (cycle.length < 2) continue;
    const path = [...cycle, cycle[0]!].join(' → ');
    for (const code of cycle) {
      const row = final.get(code)!.row;
      if (row !== null) problem(row, '主管部门', 'DIRECTORY.CYCLE', `隶属关系成环：${path}。`);
    }
  }
  const level = levels(nodes);
  for (const line of lines) {
    const derived = level.get(line.code);
    if (line.level !== null && derived !== undefined && derived !== line.level && !unresolved.has(line.code)) {
      problem(line.row, '单位级次', 'DIRECTORY.LEVEL_MISMATCH', `单位级次填的是${LEVEL_WORDS[line.level - 1] ?? line.level}级，按主管部门应为${LEVEL_WORDS[derived - 1] ?? derived}级。`);
    }
  }
  for (const unit of archiving) {
    const campaign = context.unfinishedCase.get(unit.id);
    if (campaign !== undefined) {
      problem(0, null, 'DIRECTORY.OPEN_CASE', `文件中没有“${unit.name}”（代码 ${unit.code}），但它在已下发的通知《${campaign}》中还有未公开的评价任务，不能撤并；请把它留在文件中。`);
    }
  }

  // 4. What applying changes.
  const nameOfCode = (code: string | null) => (code === null ? null : (final.get(code)?.name ?? existingByCode.get(code)?.name ?? null));
  const plan: DirectoryImportPlan = {
    problems: problems.sort((a, b) => a.row - b.row),
    changes: { added: [], renamed: [], moved: [], updated: [], archived: [], restored: [], unchanged: 0, administrators: [] },
    create: [],
    update: [],
    records: [],
    administrators: [],
  };
  const { changes, records } = plan;
  for (const line of lines) {
    const unit = line.unit;
    const before = existingByCode.get(line.code);
    if (!before) {
      plan.create.push(unit);
      changes.added.push({ code: unit.code, name: unit.name, parentName: nameOfCode(unit.parentCode) });
      records.push({ code: unit.code, kind: 'created', before: null, after: { ...snapshot(unit), parentName: nameOfCode(unit.parentCode) } });
    } else {
      const beforeParent = before.parentId === null ? null : (existingById.get(before.parentId)?.code ?? null);
      let touched = false;
      if (before.archivedAt !== null) {
        changes.restored.push({ code: unit.code, name: unit.name });
        records.push({ code: unit.code, kind: 'restored', before: { archivedAt: before.archivedAt.toISOString(), reason: before.archivedReason }, after: null });
        touched = true;
      }
      if (before.name !== unit.name) {
        changes.renamed.push({ code: unit.code, from: before.name, to: unit.name });
        records.push({ code: unit.code, kind: 'renamed', before: { name: before.name }, after: { name: unit.name } });
        touched = true;
      }
      if (beforeParent !== unit.parentCode) {
        const from = nameOfCode(beforeParent);
        const to = nameOfCode(unit.parentCode);
        changes.moved.push({ code: unit.code, name: unit.name, from, to });
        records.push({ code: unit.code, kind: 'moved', before: { parentCode: beforeParent, parentName: from }, after: { parentCode: unit.parentCode, parentName: to } });
        touched = true;
      }
      const changed = DETAIL_FIELDS.filter((field) => before[field] !== unit[field]);
      if (changed.length > 0) {
        changes.updated.push({ code: unit.code, name: unit.name, fields: changed.map((f) => FIELD_TITLES[f]) });
        records.push({
          code: unit.code,
          kind: 'updated',
          before: Object.fromEntries(changed.map((f) => [f, before[f]])),
          after: Object.fromEntries(changed.map((f) => [f, unit[f]])),
        });
        touched = true;
      }
      if (touched) plan.update.push(unit);
      else changes.unchanged += 1;
    }
    if (line.admin) {
      plan.administrators.push(line.admin);
      changes.administrators.push({ code: line.admin.code, username: line.admin.username, displayName: line.admin.displayName, email: line.admin.email });
    }
  }
  for (const unit of archiving) {
    const parentCode = unit.parentId === null ? null : (existingById.get(unit.parentId)?.code ?? null);
    plan.update.push({ ...unit, parentCode, archived: true });
    changes.archived.push({ code: unit.code, name: unit.name });
    records.push({ code: unit.code, kind: 'archived', before: null, after: { reason: '名录导入时文件中没有这个单位' } });
  }
  return plan;
}

function snapshot(unit: PlannedUnit) {
  return {
    code: unit.code,
    name: unit.name,
    parentCode: unit.parentCode,
    unitType: unit.unitType,
    contactName: unit.contactName,
    contactPhone: unit.contactPhone,
    contactEmail: unit.contactEmail,
  };
}
