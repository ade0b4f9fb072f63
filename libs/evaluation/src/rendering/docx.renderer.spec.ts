import { createHash } from 'node:crypto';
import { renderDocx } from './docx.renderer';
import { renderHtml } from './html.renderer';
import { reportLines } from './outline-numbering';
import { compareDocument, comparePublication } from './publication.check';
import type { SealedSnapshot } from './snapshot';
import { readZipEntry } from './zip-archive';

const snapshot = (): SealedSnapshot => ({
  caseId: '00000000-0000-0000-0000-000000000001',
  contentVersion: 1,
  unitName: '中共湛江市霞山区委组织部',
  fiscalYear: 2023,
  documentNumber: '湛霞财〔2024〕68号',
  date: '2024-05-20',
  sections: [
    { code: '1.1', title: '单位机构设置与职能', revision: 1, blocks: [{ type: 'heading', text: '主要职能' }, { type: 'heading', level: 2, text: '组织建设' }, { type: 'paragraph', text: '负责全区党的组织建设。' }] },
    { code: '1.2', title: '年度总体工作和重点工作任务', revision: 1, blocks: [{ type: 'paragraph', text: '完成年度任务。' }] },
    { code: '4', title: '其他自评情况', revision: 0, blocks: [] },
  ],
  dataTable: { unit: '万元', figures: [{ key: 'income.total', label: '收入合计', value: '2686.26' }], staffing: [] },
  indicators: { title: '部门整体支出绩效评价指标表', rows: [{ code: '1', name: '预算编制', level: 1, maximum: '20', score: '20' }], total: '96.5', grade: '优' },
});
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the rendered report', () => {
  it('numbers headings 一、（一）1.（1） by outline level, with the parts the outline only implies', () => {
    const headings = reportLines(snapshot()).filter((l) => l.kind === 'heading').map((l) => (l.kind === 'heading' ? l.text : ''));
    expect(headings).toEqual(['一、单位基本情况', '（一）单位机构设置与职能', '1.主要职能', '（1）组织建设', '（二）年度总体工作和重点工作任务', '二、其他自评情况']);
  });

  it('gives the same bytes for the same snapshot, with the seal date as the document date', async () => {
    const first = await renderDocx(snapshot());
    const second = await renderDocx(snapshot());
    expect(sha256(first)).toBe(sha256(second));
    expect(readZipEntry(first, 'docProps/core.xml')).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2024-05-20T00:00:00Z</dcterms:created>');
    expect(readZipEntry(first, 'word/document.xml')).toContain('自评得分：96.5分，自评等级：优。');
  });

  it('finds nothing to report when the published HTML is the preview, and a changed figure when it is not', () => {
    const html = renderHtml(snapshot());
    expect(comparePublication(snapshot(), html)).toEqual([]);
    expect(comparePublication(snapshot(), html.replace('2686.26', '2686.00'))).toEqual([{ kind: 'figure_differs', label: '收入合计', sealed: '2686.26', published: '2686.00' }]);
  });

  it('reads a published .docx for what differs: nothing but its bytes when its text agrees, the score when it changed, nothing to read in a non-.docx', async () => {
    const sealed = await renderDocx(snapshot());
    expect(compareDocument(snapshot(), sealed)).toEqual([{ kind: 'file_not_original' }]);
    const rescored = await renderDocx({ ...snapshot(), indicators: { ...snapshot().indicators, total: '90', grade: '优' } });
    expect(compareDocument(snapshot(), rescored)).toEqual([{ kind: 'score_differs', sealed: '96.5', published: '90' }]);
    expect(compareDocument(snapshot(), Buffer.from('不是文档'))).toEqual([{ kind: 'not_a_docx' }]);
  });

  it('marks a draft 草稿 with when it was rendered, in the HTML and in the .docx, the same bytes for the same input', async () => {
    const mark = { renderedAt: '2024-05-20 14:30' };
    const html = renderHtml(snapshot(), mark);
    expect(html).toContain('<p class="draft-banner" role="note">草稿（未盖章，仅供审阅），生成时间：2024-05-20 14:30（北京时间）');
    expect(html).toContain('<h1>整体绩效自评报告（草稿）</h1>');
    expect(html).toContain('<div class="draft-watermark" aria-hidden="true">草稿</div>');
    expect(renderHtml(snapshot(), mark)).toBe(html);
    expect(renderHtml(snapshot())).not.toContain('草稿');
    const first = await renderDocx(snapshot(), mark);
    expect(sha256(await renderDocx(snapshot(), mark))).toBe(sha256(first));
    expect(sha256(first)).not.toBe(sha256(await renderDocx(snapshot())));
    expect(readZipEntry(first, 'word/header1.xml')).toContain('草稿（未盖章，仅供审阅）');
    expect(readZipEntry(first, 'word/document.xml')).toContain('生成时间：2024-05-20 14:30（北京时间）');
    expect(readZipEntry(first, 'word/document.xml')).toContain('整体绩效自评报告（草稿）');
    expect(readZipEntry(first, 'docProps/core.xml')).toContain('整体绩效自评报告（草稿（未盖章，仅供审阅））');
    expect(readZipEntry(await renderDocx(snapshot()), 'word/document.xml')).not.toContain('草稿');
  });

  it('renders a table block of a section with its caption, header and cells in the HTML and the .docx', async () => {
    const withTable = snapshot();
    withTable.sections[0]!.blocks.push({ type: 'table', caption: '人员编制情况', header: ['机构', '编制数'], rows: [['区党建指导中心', '30']] });
    expect(renderHtml(withTable)).toContain('<table><caption>人员编制情况</caption><thead><tr><th>机构</th><th>编制数</th></tr></thead><tbody><tr><td>区党建指导中心</td><td>30</td></tr></tbody></table>');
    const document = readZipEntry(await renderDocx(withTable), 'word/document.xml');
    for (const text of ['人员编制情况', '机构', '编制数', '区党建指导中心', '30']) expect(document).toContain(`>${text}</w:t>`);
  });
});
