import { deflateSync } from 'node:zlib';
import { typesetPdf, type TypesetOptions } from '../../../../test/support/typeset-pdf';
import { reportLines, selfScoreLine } from './outline-numbering';
import { PdfReader } from './pdf-reader';
import { inflatesBeyond } from './pdf-text.worker';
import { comparePdfText, comparePublication, pdfBodyText } from './publication.check';
import type { SealedSnapshot } from './snapshot';

const snapshot = (): SealedSnapshot => ({
  caseId: '00000000-0000-0000-0000-000000000001',
  contentVersion: 1,
  unitName: '湛江市霞山区示范单位',
  fiscalYear: 2023,
  documentNumber: '霞财〔2024〕12号',
  date: '2024-05-20',
  sections: [
    {
      code: '1.1',
      title: '单位机构设置与职能',
      revision: 1,
      blocks: [{ type: 'paragraph', text: '本单位负责辖区内的公共服务与日常管理，内设综合股、业务股和财务股三个股室。'.repeat(30) }],
    },
    { code: '1.2', title: '年度总体工作和重点工作任务', revision: 1, blocks: [{ type: 'paragraph', text: '全年完成重点任务十二项，服务群众三万余人次。' }] },
  ],
  dataTable: { unit: '万元', figures: [{ key: 'income.total', label: '收入合计', value: '2686.26' }], staffing: [] },
  indicators: { title: '部门整体支出绩效评价指标表', rows: [{ code: '1', name: '预算编制', level: 1, maximum: '20', score: '20' }], total: '96.5', grade: '优' },
});

/** The report's lines typeset by another office (see typesetPdf), with one figure changed if asked. */
async function typesetElsewhere(source: SealedSnapshot, options: TypesetOptions & { figure?: string } = {}): Promise<Buffer> {
  const paragraphs: string[] = [];
  for (const line of reportLines(source)) {
    if (line.kind === 'heading' || line.kind === 'paragraph') paragraphs.push(line.text);
    else for (const row of line.rows) paragraphs.push(row.join('  '));
  }
  for (const figure of source.dataTable?.figures ?? []) paragraphs.push(`${figure.label}  ${options.figure ?? figure.value}`);
  paragraphs.push(selfScoreLine(source));
  return typesetPdf(paragraphs, options);
}

/** A well-formed PDF with one content stream of `size` zero bytes, deflated to a few kilobytes. */
function bomb(size: number): Buffer {
  const stream = deflateSync(Buffer.alloc(size));
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')];
  const offsets: number[] = [];
  const length = () => parts.reduce((sum, part) => sum + part.length, 0);
  objects.forEach((body, index) => {
    offsets.push(length());
    parts.push(Buffer.from(`${index + 1} 0 obj\n${body}\nendobj\n`));
  });
  offsets.push(length());
  parts.push(Buffer.from(`4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream\nendobj\n'));
  const xref = length();
  parts.push(Buffer.from(`xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return Buffer.concat(parts);
}

describe('reading a published PDF', () => {
  const reader = new PdfReader();
  afterAll(() => reader.onModuleDestroy());

  it('reads the text of each page in a worker thread, and finds a copy typeset elsewhere faithful to the sealed version', async () => {
    const pdf = await typesetElsewhere(snapshot());
    const pages = await reader.pages(pdf);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toContain('单位机构设置与职能');
    pages.forEach((page, index) => expect(page.trim().endsWith(`— ${index + 1} —`)).toBe(true));
    expect(comparePdfText(snapshot(), pages)).toEqual([]);
    // The long paragraph runs over a page break: read with the page numbers left in, it is not found.
    expect(comparePublication(snapshot(), pages.join('\n'))).toEqual([expect.objectContaining({ kind: 'section_changed', heading: '（一）单位机构设置与职能' })]);
  });

  it('names the figure a re-typeset copy changed, with the sealed and the published value', async () => {
    const pages = await reader.pages(await typesetElsewhere(snapshot(), { figure: '2686.00' }));
    expect(comparePdfText(snapshot(), pages)).toEqual([{ kind: 'figure_differs', label: '收入合计', sealed: '2686.26', published: '2686.00' }]);
  });

  it('names the section whose text a copy changed, and the changed self-score', async () => {
    const changed = snapshot();
    changed.sections[1]!.blocks = [{ type: 'paragraph', text: '全年完成重点任务十项。' }];
    const pages = await reader.pages(await typesetElsewhere({ ...changed, indicators: { ...changed.indicators, total: '90' } }));
    expect(comparePdfText(snapshot(), pages)).toEqual([
      { kind: 'section_changed', heading: '（二）年度总体工作和重点工作任务', missingText: ['全年完成重点任务十二项，服务群众三万余人次。'] },
      { kind: 'score_differs', sealed: '96.5', published: '90' },
    ]);
  });

  it('drops only the page numbers at the head or foot of a page, never a figure inside it', () => {
    expect(pdfBodyText(['正文前半\n— 1 —', '第 2 页 共 3 页\n正文后半\n20', '96.5\n得分\n3 / 3'])).toBe('正文前半\n正文后半\n96.5\n得分');
    expect(pdfBodyText(['- 7 -\n摘要\nPage 7 of 9'])).toBe('摘要');
  });

  it('refuses what is not a PDF, a PDF cut short, an encrypted PDF and one with too many pages, each with its code', async () => {
    const pdf = await typesetElsewhere(snapshot());
    expect(await reader.read(Buffer.from('PK\u0003\u0004 这是一个 Word 文档'))).toEqual({ ok: false, problem: 'PDF.NOT_A_PDF' });
    expect(await reader.read(Buffer.alloc(0))).toEqual({ ok: false, problem: 'PDF.NOT_A_PDF' });
    expect(await reader.read(pdf.subarray(0, Math.floor(pdf.length * 0.6)))).toEqual({ ok: false, problem: 'PDF.DAMAGED' });
    // Cut short inside, yet ending as a PDF does: pdf.js finds the damage.
    const gutted = Buffer.concat([pdf.subarray(0, 2000), pdf.subarray(pdf.length - 200)]);
    expect(await reader.read(gutted)).toEqual({ ok: false, problem: 'PDF.DAMAGED' });
    expect(await reader.read(await typesetElsewhere(snapshot(), { userPassword: 'secret' }))).toEqual({ ok: false, problem: 'PDF.ENCRYPTED' });
    const fewPages = new PdfReader({ maxPages: 3 });
    try {
      expect(await fewPages.read(await typesetElsewhere(snapshot(), { pages: 4 }))).toEqual({ ok: false, problem: 'PDF.TOO_COMPLEX' });
    } finally {
      await fewPages.onModuleDestroy();
    }
    expect(await new PdfReader({ maxBytes: 1024 }).read(pdf)).toEqual({ ok: false, problem: 'PDF.TOO_LARGE' });
    await expect(reader.pages(Buffer.from('not a pdf'))).rejects.toMatchObject({ code: 'PDF.NOT_A_PDF' });
  });

  it('refuses a PDF bomb before pdf.js inflates it: 300 MB of page content in a few hundred kilobytes', async () => {
    const small = bomb(1024 * 1024);
    expect(inflatesBeyond(small, 2 * 1024 * 1024)).toBe(false);
    expect(inflatesBeyond(small, 512 * 1024)).toBe(true);
    const big = bomb(300 * 1024 * 1024);
    expect(big.length).toBeLessThan(1024 * 1024);
    expect(await reader.read(big)).toEqual({ ok: false, problem: 'PDF.TOO_COMPLEX' });
    // The worker is still there for the next file.
    expect((await reader.read(small)).ok).toBe(true);
  });
});
