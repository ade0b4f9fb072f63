import type { DirectoryUnitRow } from '@jixiao/persistence';
import { planDirectoryImport } from './import-plan';

const existing = (id: string, code: string, name: string, parentId: string | null = null, archived = false): DirectoryUnitRow => ({
  id,
  code,
  name,
  parentId,
  unitType: null,
  contactName: null,
  contactPhone: null,
  contactEmail: null,
  archivedAt: archived ? new Date('2026-01-01T00:00:00Z') : null,
  archivedReason: archived ? '撤并' : null,
  adminCount: 0,
  formerNames: [],
});

const COLUMNS = { code: true, name: true, parent: true, level: true, unitType: false, contactName: false, contactPhone: false, contactEmail: false, adminUsername: false, adminName: false };
const rows = (...lines: Array<Record<string, string>>) => lines.map((cells, index) => ({ row: index + 2, cells }));
const plan = (units: DirectoryUnitRow[], lines: ReturnType<typeof rows>, archiveMissing = false) =>
  planDirectoryImport(lines, { existing: units, usernames: new Map(), unfinishedCase: new Map(), archiveMissing, columns: COLUMNS });

describe('planDirectoryImport', () => {
  it('matches rows to units by code: renames, moves, restores, adds, and counts the unchanged', () => {
    const units = [existing('a', '101', '教育局'), existing('b', '102', '一中', 'a'), existing('c', '103', '卫健局', null, true), existing('d', '104', '档案馆')];
    const result = plan(units, rows({ code: '101', name: '教育和体育局' }, { code: '102', name: '一中', parent: '103' }, { code: '103', name: '卫健局' }, { code: '104', name: '档案馆' }, { code: '105', name: '二中', parent: '教育和体育局', level: '二级' }));
    expect(result.problems).toEqual([]);
    expect(result.changes).toMatchObject({
      renamed: [{ code: '101', from: '教育局', to: '教育和体育局' }],
      moved: [{ code: '102', from: '教育和体育局', to: '卫健局' }],
      restored: [{ code: '103' }],
      added: [{ code: '105', parentName: '教育和体育局' }],
      unchanged: 1,
    });
  });

  it('reports a cycle on every row of it, naming its codes', () => {
    const result = plan([], rows({ code: '201', name: '甲', parent: '202' }, { code: '202', name: '乙', parent: '201' }));
    expect(result.problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [2, '主管部门', 'DIRECTORY.CYCLE'],
      [3, '主管部门', 'DIRECTORY.CYCLE'],
    ]);
    expect(result.problems[0]!.message).toContain('201 → 202 → 201');
  });

  it('does not judge the level of a row whose 主管部门 is unknown', () => {
    const result = plan([], rows({ code: '301', name: '丙', parent: '无此单位', level: '二级' }));
    expect(result.problems.map((p) => p.code)).toEqual(['DIRECTORY.UNKNOWN_PARENT']);
  });

  it('refuses an archived 主管部门 and a name held by another active unit', () => {
    const units = [existing('a', '101', '教育局'), existing('c', '103', '卫健局', null, true)];
    const result = plan(units, rows({ code: '401', name: '丁', parent: '卫健局' }, { code: '402', name: '教育局' }));
    expect(result.problems.map((p) => [p.row, p.code])).toEqual([
      [2, 'DIRECTORY.UNKNOWN_PARENT'],
      [3, 'DIRECTORY.NAME_TAKEN'],
    ]);
    expect(result.problems[0]!.message).toContain('已撤并');
  });

  it('archives the active units a file leaves out only when asked', () => {
    const units = [existing('a', '101', '教育局'), existing('d', '104', '档案馆')];
    const lines = rows({ code: '101', name: '教育局' });
    expect(plan(units, lines).changes.archived).toEqual([]);
    expect(plan(units, lines, true).changes.archived).toEqual([{ code: '104', name: '档案馆' }]);
  });
});
