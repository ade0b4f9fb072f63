import { createHash } from 'node:crypto';
import { printedForms } from '../rendering/project-form.factory';
import { renderDocx, renderHtml, type SealedSnapshot } from '../rendering';
import { renderPdf } from '../rendering/pdf.renderer';
import { RenderingPool } from './rendering-pool';
import { renderInputSha256 } from './version.renderer';

const snapshot = (): SealedSnapshot => ({
  caseId: '00000000-0000-0000-0000-000000000001',
  contentVersion: 1,
  unitName: '中共湛江市霞山区委组织部',
  fiscalYear: 2023,
  documentNumber: '湛霞财〔2024〕68号',
  date: '2024-05-20',
  sections: [
    { code: '1.1', title: '单位机构设置与职能', revision: 1, blocks: [{ type: 'heading', text: '主要职能' }, { type: 'paragraph', text: '负责全区党的组织建设。' }] },
    { code: '1.4', title: '收入支出情况', revision: 2, blocks: [{ type: 'table', header: ['项目', '金额（万元）'], rows: [['基本支出', '975.88']] }] },
  ],
  dataTable: { unit: '万元', figures: [{ key: 'income.total', label: '收入合计', value: '2686.26' }], staffing: [] },
  indicators: { title: '部门整体支出绩效评价指标表', rows: [{ code: '1', name: '预算编制', level: 1, maximum: '20', score: '20' }], total: '96.5', grade: '优' },
  projectForms: printedForms(),
});
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('rendering in worker threads', () => {
  const pool = new RenderingPool();
  afterAll(() => pool.onModuleDestroy());

  it('gives the same .docx, PDF and HTML, byte for byte, as rendering on the main thread', async () => {
    const [threaded, again] = await Promise.all([pool.render(snapshot()), pool.render(snapshot())]);
    const docx = await renderDocx(snapshot());
    expect(threaded.docx.equals(docx)).toBe(true);
    expect(threaded.docxSha256).toBe(sha256(docx));
    expect(threaded.html).toBe(renderHtml(snapshot()));
    expect(again.docx.equals(docx)).toBe(true);
    const pdf = await renderPdf(snapshot());
    expect(threaded.pdf.equals(pdf)).toBe(true);
    expect(threaded.pdfSha256).toBe(sha256(pdf));
    expect(again.pdf.equals(pdf)).toBe(true);
    expect(pool.rendered).toBe(2);
  }, 60_000);

  it('renders the PDF alone, the same bytes as with the other documents', async () => {
    const [alone, together] = await Promise.all([pool.renderPdf(snapshot()), pool.render(snapshot())]);
    expect(alone.pdf.equals(together.pdf)).toBe(true);
    expect(alone.pdfSha256).toBe(together.pdfSha256);
  }, 60_000);

  it('keys a rendering by everything the documents print, and not by the case or its content version', () => {
    const other = { ...snapshot(), caseId: '00000000-0000-0000-0000-000000000002', contentVersion: 3 };
    expect(renderInputSha256(other)).toBe(renderInputSha256(snapshot()));
    expect(renderInputSha256({ ...snapshot(), date: '2024-05-21' })).not.toBe(renderInputSha256(snapshot()));
    expect(renderInputSha256({ ...snapshot(), unitName: '湛江市霞山区财政局' })).not.toBe(renderInputSha256(snapshot()));
  });
});
