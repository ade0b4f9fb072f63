import { createHash } from 'node:crypto';
import { renderDocx } from './docx.renderer';
import { renderHtml } from './html.renderer';
import { reportLines } from './outline-numbering';
import { printedForms } from './project-form.factory';
import { compareDocument, comparePublication, plainText } from './publication.check';
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

  it('finds a figure changed in the data table even where the narrative still prints it right', () => {
    const told: SealedSnapshot = { ...snapshot(), sections: [{ code: '1.4', title: '收入支出情况', revision: 1, blocks: [{ type: 'paragraph', text: '本年收入合计2686.26万元。' }] }] };
    const html = renderHtml(told);
    expect(comparePublication(told, html)).toEqual([]);
    const cell = html.indexOf('2686.26', html.indexOf('<table'));
    expect(cell).toBeGreaterThan(0);
    const changed = `${html.slice(0, cell)}2686.00${html.slice(cell + '2686.26'.length)}`;
    expect(comparePublication(told, changed)).toEqual([{ kind: 'figure_differs', label: '收入合计', sealed: '2686.26', published: '2686.00' }]);
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

describe('the project forms in the sealed document', () => {
  const withForms = (change?: (s: SealedSnapshot) => void): SealedSnapshot => {
    const s = { ...snapshot(), projectForms: printedForms() };
    change?.(s);
    return s;
  };
  const formsOnly = () => withForms((s) => (s.departmentReport = false));
  /** What both packs print: names, column labels, figures, derived totals and grades. */
  const printed = [
    '农村公路养护项目',
    '社区卫生服务中心医疗设备购置',
    '湛江市霞山区交通运输局',
    '霞山区社区卫生服务中心',
    '陈立新',
    '13902587416',
    '（2023年度）',
    '全年预算数（A）',
    '全年执行数（B）',
    '调整后预算数（A）',
    '执行数（B）',
    '执行率（B/A）',
    '原因说明',
    '指标性质',
    '度量单位',
    '偏差原因分析及改进措施',
    '其中：当年财政拨款',
    '上年结转资金',
    '173.21',
    '86.61%',
    '8.66',
    '72.50%',
    '7.25',
    '两段路面修复工程未到结算期，尾款结转下年支付。',
    '完成辖区42公里农村公路日常养护，优良路率不低于80%。',
    '≥42公里',
    '8.67',
    '台（套）',
    '94.33',
    '（按执行率封顶89分）',
  ];

  it('prints each form after the report on a page of its own, with the column labels of its pack, its figures, total and grade', async () => {
    const xml = readZipEntry(await renderDocx(withForms()), 'word/document.xml')!;
    const text = plainText(xml);
    for (const expected of printed) expect(text).toContain(expected);
    expect(text.split('项目支出绩效自评表').length - 1).toBe(2);
    expect(xml.match(/<w:pageBreakBefore\/>/g)).toHaveLength(2);
    expect(text).toContain('总分10094.33评价等级优');
    expect(text).toContain('总分10089（按执行率封顶89分）评价等级良');
    // The report first, then the forms in their order, the seal line last.
    const order = ['自评得分：96.5分', '农村公路养护项目', '社区卫生服务中心医疗设备购置', '区级预算部门单位（公章）'].map((t) => text.indexOf(t));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('merges repeated 一级 and 二级 indicators down the rows in the .docx', async () => {
    const xml = readZipEntry(await renderDocx(withForms()), 'word/document.xml')!;
    // 产出指标 over three rows and 数量指标 over two in the first form, 产出指标 over two in the second;
    // 年度总体目标 over its two rows in each, the provincial reason down the four funding rows.
    expect(xml.match(/<w:vMerge w:val="restart"\/>/g)).toHaveLength(6);
    expect(xml).toContain('<w:vMerge w:val="continue"/>');
    expect(plainText(xml).match(/产出指标/g)).toHaveLength(2);
  });

  it('gives the same bytes for the same forms, and other bytes when a figure changes', async () => {
    const first = await renderDocx(withForms());
    expect(sha256(await renderDocx(withForms()))).toBe(sha256(first));
    expect(sha256(await renderDocx(withForms((s) => (s.projectForms![1]!.funding[0]!.spent = '261.01'))))).not.toBe(sha256(first));
    expect(sha256(await renderDocx(withForms(), { renderedAt: '2024-05-20 14:30' }))).toBe(sha256(await renderDocx(withForms(), { renderedAt: '2024-05-20 14:30' })));
  });

  it('prints only the forms under a title page naming the unit when the unit files no department-wide report', async () => {
    const bytes = await renderDocx(formsOnly());
    const text = plainText(readZipEntry(bytes, 'word/document.xml')!);
    expect(text).toContain('评价单位：中共湛江市霞山区委组织部');
    for (const expected of ['农村公路养护项目', '调整后预算数（A）', '94.33']) expect(text).toContain(expected);
    for (const absent of ['整体绩效自评报告', '自评得分', '单位机构设置与职能', '基础数据表']) expect(text).not.toContain(absent);
    expect(readZipEntry(bytes, 'docProps/core.xml')).toContain('<dc:title>中共湛江市霞山区委组织部2023年度项目支出绩效自评表</dc:title>');
    expect(compareDocument(formsOnly(), bytes)).toEqual([{ kind: 'file_not_original' }]);
  });

  it('prints the same tables in the HTML, each in a box that scrolls sideways on a phone, with no script', () => {
    const html = renderHtml(withForms());
    const text = plainText(html);
    for (const expected of printed) expect(text).toContain(expected);
    expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    expect(html).toContain('.table-scroll{overflow-x:auto;max-width:100%}');
    expect(html.match(/<section class="project-form">/g)).toHaveLength(2);
    expect(html.match(/<div class="table-scroll"><table/g)).toHaveLength(8);
    expect(html.match(/<div class="table-scroll"><table class="wide"/g)).toHaveLength(4);
    expect(html).toContain('<td rowspan="3">产出指标</td><td rowspan="2">数量指标</td><td>日常养护里程</td>');
    expect(html).toContain('<th>调整后预算数（A）</th><th>执行数（B）</th><th>分值</th><th>执行率（B/A）</th><th>得分</th><th>原因说明</th>');
    expect(html).toContain('<td rowspan="4">彩超设备采购流标后重新招标，合同款于次年支付。</td>');
    expect(html).not.toMatch(/<script|\son\w+=/i);
    expect(renderHtml(withForms())).toBe(html);
  });

  it('keeps the page of a report without forms as it was, and prints only the forms when the unit files no report', () => {
    expect(renderHtml(snapshot())).not.toMatch(/<style|viewport|project-form/);
    const html = renderHtml(formsOnly());
    expect(html).toContain('<h1>项目支出绩效自评表</h1>');
    expect(html).not.toContain('自评得分');
    expect(html).toContain('<title>中共湛江市霞山区委组织部2023年度项目支出绩效自评表</title>');
    expect(renderHtml(formsOnly(), { renderedAt: '2024-05-20 14:30' })).toContain('<h1>项目支出绩效自评表（草稿）</h1>');
  });

  it('finds a published copy of the forms faithful, and names the form whose figure was changed', () => {
    const html = renderHtml(withForms());
    expect(comparePublication(withForms(), html)).toEqual([]);
    expect(comparePublication(withForms(), html.replace('173.21', '183.21'))).toEqual([
      { kind: 'section_changed', heading: '项目支出绩效自评表（农村公路养护项目）', missingText: ['173.21'] },
    ]);
  });
});
