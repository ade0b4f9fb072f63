import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { dataTableRows, indicatorRows, reportLines, sealLine, selfScoreLine } from './outline-numbering';
import { renderPdf } from './pdf.renderer';
import { printedForms } from './project-form.factory';
import { PROJECT_FORM_TITLE } from './project-form-layout';
import type { SealedSnapshot } from './snapshot';

const snapshot = (): SealedSnapshot => ({
  caseId: '00000000-0000-0000-0000-000000000001',
  contentVersion: 1,
  unitName: '中共湛江市霞山区委组织部',
  fiscalYear: 2023,
  documentNumber: '湛霞财〔2024〕68号',
  date: '2024-05-20',
  sections: [
    { code: '1.1', title: '单位机构设置与职能', revision: 1, blocks: [{ type: 'heading', text: '主要职能' }, { type: 'heading', level: 2, text: '组织建设' }, { type: 'paragraph', text: '负责全区党的组织建设。' }] },
    { code: '1.4', title: '整体支出情况', revision: 2, blocks: [{ type: 'paragraph', text: '2023年度本单位收入合计2686.26万元，支出合计2702.04万元。' }, { type: 'table', caption: '收支情况', header: ['项目', '金额（万元）'], rows: [['基本支出', '975.88'], ['项目支出', '1726.16']] }] },
    { code: '4', title: '其他自评情况', revision: 0, blocks: [] },
  ],
  dataTable: {
    unit: '万元',
    figures: [
      { key: 'income.total', label: '收入合计', value: '2686.26' },
      { key: 'expenditure.total', label: '支出合计', value: '2702.04' },
    ],
    staffing: [{ organ: '区党建指导中心', authorizedPosts: '30', staffInPost: '23', retired: '0', retiredBefore1949: '0' }],
  },
  indicators: {
    title: '部门整体支出绩效评价指标表',
    rows: [
      { code: '1', name: '预算编制', level: 1, maximum: '20', score: '18.5' },
      { code: '2', name: '预算执行', level: 1, maximum: '80', score: '78' },
    ],
    total: '96.5',
    grade: '优',
  },
  projectForms: printedForms(),
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** Text as compared: a PDF reader may split or space a line's glyphs, which the report never relies on. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

/** The PDF read back by a PDF library, as a reader of the published report would: its pages' text. */
async function readPdf(pdf: Buffer): Promise<{ pages: number; text: string[] }> {
  // unpdf is ESM only: loaded through Node's own import(), which Jest runs with --experimental-vm-modules.
  const { extractText, getDocumentProxy } = await import('unpdf');
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { totalPages, text } = await extractText(document, { mergePages: false });
  return { pages: totalPages, text: text.map(squeeze) };
}

/** A red disc on a transparent square, as a unit's seal image is: an RGBA PNG written by hand. */
function redDiscPng(size = 48): Buffer {
  const crc = (bytes: Buffer) => {
    let c = ~0;
    for (const byte of bytes) {
      c ^= byte;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const check = Buffer.alloc(4);
    check.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, check]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const inside = (x - size / 2 + 0.5) ** 2 + (y - size / 2 + 0.5) ** 2 <= (size / 2) ** 2;
      row.set(inside ? [220, 20, 30, 200] : [0, 0, 0, 0], 1 + x * 4);
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

describe('the sealed report as a PDF', () => {
  let plain: Buffer;
  let read: { pages: number; text: string[] };
  beforeAll(async () => {
    plain = await renderPdf(snapshot());
    read = await readPdf(plain);
  }, 60_000);

  it('is an A4 PDF with the Chinese fonts embedded, numbered “— n —” at the foot of every page', () => {
    expect(plain.subarray(0, 8).toString('latin1')).toBe('%PDF-1.3');
    expect(plain.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(plain.toString('latin1')).toMatch(/\/FontFile2 \d+ 0 R/);
    // The title page, the report, then each project form on pages of its own.
    expect(read.pages).toBeGreaterThanOrEqual(2 + snapshot().projectForms!.length);
    read.text.forEach((page, index) => expect(page).toContain(`—${index + 1}—`));
  });

  it('reads back the title block, every numbered heading and paragraph in order, the tables’ figures, the self-score and the unit and date where the seal goes', () => {
    const all = read.text.join('');
    const expected = [
      '整体绩效自评报告',
      '评价年度：2023年度',
      `评价单位：${snapshot().unitName}`,
      '文号：湛霞财〔2024〕68号',
      ...reportLines(snapshot()).flatMap((line) => (line.kind === 'table' ? [] : [line.text])),
      '基础数据表（单位：万元）',
      ...dataTableRows(snapshot())!.rows.flat(),
      '区党建指导中心',
      snapshot().indicators.title,
      ...indicatorRows(snapshot()).rows.flat().filter((cell) => cell !== ''),
      selfScoreLine(snapshot()),
      PROJECT_FORM_TITLE,
      sealLine(snapshot()),
      '2024-05-20',
    ].map(squeeze);
    let from = 0;
    for (const text of expected) {
      const at = all.indexOf(text, from);
      expect({ text, found: at >= 0 }).toEqual({ text, found: true });
      from = at + text.length;
    }
    expect(reportLines(snapshot()).filter((l) => l.kind === 'heading').map((l) => (l.kind === 'heading' ? l.text : ''))).toEqual([
      '一、单位基本情况',
      '（一）单位机构设置与职能',
      '1.主要职能',
      '（1）组织建设',
      '（二）整体支出情况',
      '二、其他自评情况',
    ]);
    expect(all).toContain('975.88');
  });

  it('prints each project form’s figures and grade on pages of their own', () => {
    const forms = snapshot().projectForms!;
    for (const form of forms) {
      const page = read.text.findIndex((text) => text.includes(squeeze(form.projectName)));
      expect(page).toBeGreaterThan(0);
      const text = read.text.slice(page).join('');
      expect(text).toContain(squeeze(form.funding[0]!.spent));
      expect(text).toContain(squeeze(form.indicators[0]!.actual));
      expect(text).toContain(squeeze(form.grade ?? '未评定'));
    }
  });

  it('gives the same bytes for the same snapshot, dated at the seal day’s midnight in Asia/Shanghai', async () => {
    const again = await renderPdf(snapshot());
    expect(sha256(again)).toBe(sha256(plain));
    expect(plain.toString('latin1')).toContain('(D:20240519160000Z)');
    expect(sha256(await renderPdf({ ...snapshot(), date: '2024-05-21' }))).not.toBe(sha256(plain));
  });

  it('draws the seal image over the unit and date when given one, and stays deterministic', async () => {
    const seal = { png: redDiscPng() };
    const sealed = await renderPdf(snapshot(), { seal });
    const text = sealed.toString('latin1');
    expect(text).toMatch(/\/Subtype \/Image/);
    // The seal's transparency travels as a soft mask, so the text under it shows through.
    expect(text).toMatch(/\/SMask \d+ 0 R/);
    expect(plain.toString('latin1')).not.toMatch(/\/Subtype \/Image/);
    expect(sha256(await renderPdf(snapshot(), { seal }))).toBe(sha256(sealed));
    const back = await readPdf(sealed);
    expect(back.pages).toBe(read.pages);
    expect(back.text.at(-1)).toContain(squeeze(sealLine(snapshot())));
  });
});
