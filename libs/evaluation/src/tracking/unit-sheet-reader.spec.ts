import { deflateRawSync } from 'node:zlib';
import { zip } from '../../../../test/support/zip';
import { UnitSheetReader } from './unit-sheet-reader';

const csv = (text: string) => Buffer.from(text, 'utf8');

/** The reader runs in worker threads: a worker that times out or runs out of memory is a refused file, not a crash. */
describe('UnitSheetReader', () => {
  const readers: UnitSheetReader[] = [];
  const reader = (limits: ConstructorParameters<typeof UnitSheetReader>[0]) => {
    const created = new UnitSheetReader(limits);
    readers.push(created);
    return created;
  };
  afterAll(() => Promise.all(readers.map((r) => r.onModuleDestroy())));

  it('reads a list in a worker thread', async () => {
    const sheet = await reader({}).read(csv('单位代码,单位名称\nA1,甲\n'), 'csv');
    expect(sheet).toEqual({ ok: true, rows: [{ row: 2, code: 'A1', name: '甲' }], columns: { code: true, name: true } });
  });

  it('refuses a file its worker could not read in time, and reads the next one', async () => {
    const slow = reader({ timeoutMs: 1 });
    const sheet = await slow.read(csv(`单位代码\n${'A\n'.repeat(100_000)}`), 'csv');
    expect(sheet).toEqual({ ok: false, problems: [expect.objectContaining({ row: 0, code: 'IMPORT.TOO_COMPLEX' })] });
    const patient = reader({});
    expect((await patient.read(csv('单位代码\nA1\n'), 'csv')).ok).toBe(true);
  });

  it('refuses a workbook of a million shared strings before they fill the worker’s memory', async () => {
    const strings = Buffer.from(`<sst>${'<si><t>ab</t></si>'.repeat(1_000_000)}</sst>`);
    const small = reader({});
    const file = zip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets><sheet name="a" sheetId="1"/></sheets></workbook>') },
      { name: 'xl/sharedStrings.xml', deflated: { bytes: deflateRawSync(strings), size: strings.length, crc: 0 } },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet><sheetData/></worksheet>') },
    ]);
    expect(await small.read(file, 'xlsx')).toEqual({ ok: false, problems: [expect.objectContaining({ row: 0, code: 'IMPORT.TOO_COMPLEX' })] });
  });
});
