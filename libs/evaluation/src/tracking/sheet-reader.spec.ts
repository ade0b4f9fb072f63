import { deflateRawSync } from 'node:zlib';
import { zip } from '../../../../test/support/zip';
import type { SheetSpec } from './named-sheet';
import { SheetReader } from './sheet-reader';

const csv = (text: string) => Buffer.from(text, 'utf8');

const PEOPLE: SheetSpec = {
  columns: [
    { key: 'name', title: '姓名', headers: ['姓名'] },
    { key: 'username', title: '账号', headers: ['账号', '用户名'] },
    { key: 'email', title: '邮箱', headers: ['邮箱', '电子邮箱'] },
  ],
  requireAny: ['username'],
  maxRows: 2,
  messages: { headerMissing: '缺列名', empty: '空文件', noRows: '没有人', tooManyRows: '最多 {max} 人，第 {row} 行是第 {next} 人', tooComplex: '太复杂' },
};

/** The reader runs in worker threads: a worker that times out or runs out of memory is a refused file, not a crash. */
describe('SheetReader', () => {
  const readers: SheetReader[] = [];
  const reader = (limits: ConstructorParameters<typeof SheetReader>[0]) => {
    const created = new SheetReader(limits);
    readers.push(created);
    return created;
  };
  afterAll(() => Promise.all(readers.map((r) => r.onModuleDestroy())));

  it('reads a unit list in a worker thread', async () => {
    const sheet = await reader({}).readUnits(csv('单位代码,单位名称\nA1,甲\n'), 'csv');
    expect(sheet).toEqual({ ok: true, rows: [{ row: 2, code: 'A1', name: '甲' }], columns: { code: true, name: true } });
  });

  it('reads the named columns of any list by their aliases, absent columns as not found', async () => {
    const sheet = await reader({}).read(csv('备注, 用户名 ,姓名\n x ,zhang,张三\n,,\nq,li,\n'), 'csv', PEOPLE);
    expect(sheet).toEqual({
      ok: true,
      rows: [
        { row: 2, cells: { username: 'zhang', name: '张三' } },
        { row: 4, cells: { username: 'li', name: '' } },
      ],
      columns: { name: true, username: true, email: false },
    });
  });

  it('answers the spec’s own words when a required column or the rows are missing', async () => {
    const read = reader({});
    expect(await read.read(csv('姓名\n张三\n'), 'csv', PEOPLE)).toEqual({ ok: false, problems: [{ row: 0, field: null, code: 'IMPORT.HEADER_MISSING', message: '缺列名' }] });
    expect(await read.read(csv('账号\n'), 'csv', PEOPLE)).toEqual({ ok: false, problems: [{ row: 0, field: null, code: 'IMPORT.NO_ROWS', message: '没有人' }] });
    expect(await read.read(csv('账号\na\nb\nc\n'), 'csv', PEOPLE)).toEqual({
      ok: false,
      problems: [{ row: 0, field: null, code: 'IMPORT.TOO_MANY_ROWS', message: '最多 2 人，第 4 行是第 3 人' }],
    });
  });

  it('refuses a file its worker could not read in time, and reads the next one', async () => {
    const slow = reader({ timeoutMs: 1 });
    const sheet = await slow.readUnits(csv(`单位代码\n${'A\n'.repeat(100_000)}`), 'csv');
    expect(sheet).toEqual({ ok: false, problems: [expect.objectContaining({ row: 0, code: 'IMPORT.TOO_COMPLEX' })] });
    const patient = reader({});
    expect((await patient.readUnits(csv('单位代码\nA1\n'), 'csv')).ok).toBe(true);
  });

  it('refuses a workbook of a million shared strings before they fill the worker’s memory', async () => {
    const strings = Buffer.from(`<sst>${'<si><t>ab</t></si>'.repeat(1_000_000)}</sst>`);
    const small = reader({});
    const file = zip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets><sheet name="a" sheetId="1"/></sheets></workbook>') },
      { name: 'xl/sharedStrings.xml', deflated: { bytes: deflateRawSync(strings), size: strings.length, crc: 0 } },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet><sheetData/></worksheet>') },
    ]);
    expect(await small.readUnits(file, 'xlsx')).toEqual({ ok: false, problems: [expect.objectContaining({ row: 0, code: 'IMPORT.TOO_COMPLEX' })] });
  });
});
