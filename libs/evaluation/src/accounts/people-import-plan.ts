import { ROLE_NAMES, ROLES, type Code, type Role } from '@jixiao/workflow';
import type { NamedSheetRow } from '../tracking/named-sheet';
import { isEmailAddress, normalisePhone, USERNAME_PATTERN } from './contact-rules';
import { ROLES_OF } from './organisation-roles';

/** The column titles problems name. */
export type PeopleColumn = '姓名' | '账号' | '邮箱' | '手机' | '角色' | '组室';

export interface PeopleImportProblem {
  row: number;
  field: PeopleColumn | null;
  code: Code;
  message: string;
}

export interface ImportedPerson {
  row: number;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  roles: Role[];
  subOffice: string | null;
}

export interface UpdatedPerson extends ImportedPerson {
  userId: string;
  /** What the row changes: displayName, email, phone, roles, subOffice. */
  changed: Array<'displayName' | 'email' | 'phone' | 'roles' | 'subOffice'>;
}

export interface PeopleImportPlan {
  problems: PeopleImportProblem[];
  added: ImportedPerson[];
  updated: UpdatedPerson[];
  unchanged: number;
  /** Sub-office names the file names that the unit does not have yet: created on apply. */
  subOffices: string[];
}

/** A person of the unit as the plan compares rows with. */
export interface ExistingPerson {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  roles: readonly Role[];
  subOffice: string | null;
}

export interface PeopleImportContext {
  /** The unit's people, by user name. */
  people: ReadonlyMap<string, ExistingPerson>;
  /** User names the file uses that belong to people of other organisations. */
  takenElsewhere: ReadonlySet<string>;
  subOfficeNames: ReadonlySet<string>;
  /** Who imports: they cannot take the unit admin role from themselves. */
  importerId: string;
}

const ROLE_BY_WORD: ReadonlyMap<string, Role> = new Map<string, Role>([
  ...(Object.entries(ROLE_NAMES) as Array<[Role, string]>).map(([role, name]) => [name, role] as [string, Role]),
  ...ROLES.map((role) => [role, role] as [string, Role]),
  ['组长', 'group_leader'],
  ['成员', 'member'],
  ['管理员', 'unit_admin'],
]);

/** 角色 cells list several roles separated by 、，,;； or spaces. */
export function roleWords(cell: string): string[] {
  return cell.split(/[、，,;；\s\u3000]+/).filter((word) => word !== '');
}

/**
 * Compares a unit's people list with its people: every problem of every row at once, and what the
 * file would add and change. Rows are matched by 账号; an empty cell of a known person keeps
 * what is there. Pure, so that preview and apply decide alike.
 */
export function planPeopleImport(rows: readonly NamedSheetRow[], columns: Record<string, boolean>, context: PeopleImportContext): PeopleImportPlan {
  const problems: PeopleImportProblem[] = [];
  const added: ImportedPerson[] = [];
  const updated: UpdatedPerson[] = [];
  const newSubOffices = new Set<string>();
  const firstRowOf = new Map<string, number>();
  let unchanged = 0;
  if (!columns.name) problems.push({ row: 1, field: '姓名', code: 'USER.IMPORT_HEADER_MISSING', message: '第一行没有“姓名”列。' });

  for (const { row, cells } of rows) {
    const before = problems.length;
    const problem = (field: PeopleColumn, code: Code, message: string) => problems.push({ row, field, code, message: `第${row}行：${message}` });
    const cell = (key: string) => (cells[key] ?? '').trim();
    const username = cell('username');
    const displayName = cell('name');
    const emailCell = cell('email');
    const phoneCell = cell('phone');
    const rolesCell = cell('roles');
    const subOfficeCell = cell('subOffice');

    if (username === '') problem('账号', 'IMPORT.EMPTY_CELL', '账号为空。');
    else if (!USERNAME_PATTERN.test(username)) problem('账号', 'USER.USERNAME_INVALID', `账号“${username}”不合格式：须是 3 到 64 位的字母、数字、点、下划线或连字符。`);
    else if (firstRowOf.has(username.toLowerCase())) problem('账号', 'USER.DUPLICATE_IN_FILE', `账号“${username}”已在第${firstRowOf.get(username.toLowerCase())}行出现。`);
    else if (context.takenElsewhere.has(username)) problem('账号', 'USER.USERNAME_TAKEN_ELSEWHERE', `账号“${username}”已被其他单位的人员使用，请换一个。`);
    if (username !== '' && !firstRowOf.has(username.toLowerCase())) firstRowOf.set(username.toLowerCase(), row);
    if (columns.name && displayName === '') problem('姓名', 'IMPORT.EMPTY_CELL', '姓名为空。');

    const existing = context.people.get(username) ?? null;
    if (emailCell !== '' && !isEmailAddress(emailCell)) problem('邮箱', 'USER.EMAIL_INVALID', `邮箱“${emailCell}”格式不正确。`);
    if (emailCell === '' && !existing) problem('邮箱', 'USER.EMAIL_REQUIRED', '新人员须填写邮箱，邀请邮件发到这个邮箱。');
    const phone = phoneCell === '' ? null : normalisePhone(phoneCell);
    if (phoneCell !== '' && phone === null) problem('手机', 'USER.PHONE_INVALID', `“${phoneCell}”不是手机号码（1 开头的 11 位数字），也不是带区号的固定电话。`);

    const roles: Role[] = [];
    const unknown: string[] = [];
    const misplaced: string[] = [];
    for (const word of roleWords(rolesCell)) {
      const role = ROLE_BY_WORD.get(word);
      if (!role) unknown.push(word);
      else if (!ROLES_OF.unit.includes(role)) misplaced.push(word);
      else if (!roles.includes(role)) roles.push(role);
    }
    if (unknown.length > 0) problem('角色', 'USER.ROLE_UNKNOWN', `没有这个角色：${unknown.join('、')}（可填：${ROLES_OF.unit.map((r) => ROLE_NAMES[r]).join('、')}）。`);
    if (misplaced.length > 0) problem('角色', 'USER.ROLE_NOT_IN_ORGANISATION', `${misplaced.join('、')}不是预算单位的角色。`);
    if (rolesCell === '' && !existing && columns.roles) problem('角色', 'IMPORT.EMPTY_CELL', '新人员须填写角色。');
    if (existing && existing.id === context.importerId && rolesCell !== '' && existing.roles.includes('unit_admin') && !roles.includes('unit_admin')) {
      problem('角色', 'USER.LAST_ADMIN', '不能在导入中取消自己的单位管理员角色，请由本单位其他管理员操作。');
    }
    if (problems.length > before) continue;

    const subOffice = subOfficeCell === '' ? null : subOfficeCell;
    if (subOffice !== null && !context.subOfficeNames.has(subOffice)) newSubOffices.add(subOffice);
    if (!existing) {
      added.push({ row, username, displayName, email: emailCell, phone, roles, subOffice });
      continue;
    }
    const next = {
      displayName: displayName === '' ? existing.displayName : displayName,
      email: emailCell === '' ? existing.email : emailCell,
      phone: phone ?? existing.phone,
      roles: rolesCell === '' ? [...existing.roles] : roles,
      subOffice: subOffice ?? existing.subOffice,
    };
    const changed: UpdatedPerson['changed'] = [];
    if (next.displayName !== existing.displayName) changed.push('displayName');
    if (next.email !== existing.email) changed.push('email');
    if (next.phone !== existing.phone) changed.push('phone');
    if ([...next.roles].sort().join() !== [...existing.roles].sort().join()) changed.push('roles');
    if (next.subOffice !== existing.subOffice) changed.push('subOffice');
    if (changed.length === 0) unchanged += 1;
    else updated.push({ row, userId: existing.id, username, ...next, changed });
  }
  return { problems, added, updated, unchanged, subOffices: [...newSubOffices] };
}
