import type { Role } from '@jixiao/workflow';
import { planPeopleImport, roleWords, type ExistingPerson, type PeopleImportContext } from './people-import-plan';

const COLUMNS = { name: true, username: true, email: true, phone: true, roles: true, subOffice: true };

const existing = (overrides: Partial<ExistingPerson> = {}): ExistingPerson => ({
  id: 'u-1',
  username: 'zhang',
  displayName: '张三',
  email: 'zhang@example.cn',
  phone: null,
  roles: ['member'] as Role[],
  subOffice: '办公室',
  ...overrides,
});

const context = (overrides: Partial<PeopleImportContext> = {}): PeopleImportContext => ({
  people: new Map([['zhang', existing()]]),
  takenElsewhere: new Set(['elsewhere']),
  subOfficeNames: new Set(['办公室']),
  importerId: 'admin-1',
  ...overrides,
});

const row = (n: number, cells: Partial<Record<'name' | 'username' | 'email' | 'phone' | 'roles' | 'subOffice', string>>) => ({
  row: n,
  cells: { name: '', username: '', email: '', phone: '', roles: '', subOffice: '', ...cells },
});

describe('the people import plan', () => {
  it('splits 角色 on 、，,; and spaces', () => {
    expect(roleWords('填报人员、小组成员，分管领导;公开人员 印章管理员')).toEqual(['填报人员', '小组成员', '分管领导', '公开人员', '印章管理员']);
  });

  it.each([
    ['an empty 姓名', { username: 'lisi', email: 'li@x.cn', roles: '小组成员' }, '姓名', 'IMPORT.EMPTY_CELL'],
    ['an empty 账号', { name: '李四', email: 'li@x.cn', roles: '小组成员' }, '账号', 'IMPORT.EMPTY_CELL'],
    ['a malformed 账号', { name: '李四', username: '李四', email: 'li@x.cn', roles: '小组成员' }, '账号', 'USER.USERNAME_INVALID'],
    ['an account of another organisation', { name: '李四', username: 'elsewhere', email: 'li@x.cn', roles: '小组成员' }, '账号', 'USER.USERNAME_TAKEN_ELSEWHERE'],
    ['a malformed 邮箱', { name: '李四', username: 'lisi', email: 'li@', roles: '小组成员' }, '邮箱', 'USER.EMAIL_INVALID'],
    ['no 邮箱 for a new person', { name: '李四', username: 'lisi', roles: '小组成员' }, '邮箱', 'USER.EMAIL_REQUIRED'],
    ['a malformed 手机', { name: '李四', username: 'lisi', email: 'li@x.cn', phone: '110', roles: '小组成员' }, '手机', 'USER.PHONE_INVALID'],
    ['an unknown role', { name: '李四', username: 'lisi', email: 'li@x.cn', roles: '秘书' }, '角色', 'USER.ROLE_UNKNOWN'],
    ['a bureau’s role', { name: '李四', username: 'lisi', email: 'li@x.cn', roles: '财政局绩效科人员' }, '角色', 'USER.ROLE_NOT_IN_ORGANISATION'],
    ['no role for a new person', { name: '李四', username: 'lisi', email: 'li@x.cn' }, '角色', 'IMPORT.EMPTY_CELL'],
  ])('names %s with its row and column', (_name, cells, field, code) => {
    const plan = planPeopleImport([row(2, cells)], COLUMNS, context());
    expect(plan.problems).toEqual([expect.objectContaining({ row: 2, field, code, message: expect.stringMatching(/^第2行：/) })]);
    expect(plan.added).toEqual([]);
  });

  it('lists every problem of every row at once, and a duplicate 账号 at its second row', () => {
    const plan = planPeopleImport(
      [row(2, { name: '李四', username: 'lisi', email: 'bad', phone: '1', roles: '秘书' }), row(3, { name: '李四', username: 'LISI', email: 'li@x.cn', roles: '小组成员' })],
      COLUMNS,
      context(),
    );
    expect(plan.problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [2, '邮箱', 'USER.EMAIL_INVALID'],
      [2, '手机', 'USER.PHONE_INVALID'],
      [2, '角色', 'USER.ROLE_UNKNOWN'],
      [3, '账号', 'USER.DUPLICATE_IN_FILE'],
    ]);
  });

  it('adds new people with their roles and new 组室, updates known ones and keeps what an empty cell leaves', () => {
    const plan = planPeopleImport(
      [
        row(2, { name: '李四', username: 'lisi', email: 'li@x.cn', phone: '+86 139 1234 5678', roles: '填报人员、小组成员', subOffice: '综合组' }),
        row(3, { name: '张三', username: 'zhang', phone: '021-12345678' }),
      ],
      COLUMNS,
      context(),
    );
    expect(plan.problems).toEqual([]);
    expect(plan.added).toEqual([{ row: 2, username: 'lisi', displayName: '李四', email: 'li@x.cn', phone: '13912345678', roles: ['compiler', 'member'], subOffice: '综合组' }]);
    expect(plan.updated).toEqual([expect.objectContaining({ userId: 'u-1', email: 'zhang@example.cn', roles: ['member'], subOffice: '办公室', phone: '021-12345678', changed: ['phone'] })]);
    expect(plan.subOffices).toEqual(['综合组']);
    expect(plan.unchanged).toBe(0);
  });

  it('counts a person already as the file says as unchanged', () => {
    const plan = planPeopleImport([row(2, { name: '张三', username: 'zhang', email: 'zhang@example.cn', roles: '小组成员', subOffice: '办公室' })], COLUMNS, context());
    expect(plan).toMatchObject({ problems: [], added: [], updated: [], unchanged: 1, subOffices: [] });
  });

  it('refuses to take the unit admin role from the importer', () => {
    const people = new Map([['admin', existing({ id: 'admin-1', username: 'admin', roles: ['unit_admin'] })]]);
    const plan = planPeopleImport([row(2, { name: '管理员', username: 'admin', roles: '小组成员' })], COLUMNS, context({ people }));
    expect(plan.problems).toEqual([expect.objectContaining({ field: '角色', code: 'USER.LAST_ADMIN' })]);
  });

  it('asks for a 姓名 column', () => {
    const plan = planPeopleImport([row(2, { username: 'lisi', email: 'li@x.cn', roles: '小组成员' })], { ...COLUMNS, name: false }, context());
    expect(plan.problems[0]).toMatchObject({ row: 1, field: '姓名', code: 'USER.IMPORT_HEADER_MISSING' });
  });
});
