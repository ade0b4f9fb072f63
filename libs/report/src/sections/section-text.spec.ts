import { checkSectionText, parseSectionBlocks, TABLE_LIMITS, type SectionBlock } from './section-text';

/** A section 1.4 written like the seed's, in our own words. */
function newSection(overrides: SectionBlock[] = []): SectionBlock[] {
  return [
    { type: 'paragraph', text: '本年度收入决算2686.28万元，其中一般公共预算财政拨款2300.39万元，政府性基金预算财政拨款381.59万元，其他收入4.28万元。' },
    { type: 'paragraph', text: '本年度支出决算2702.04万元，其中基本支出975.88万元，项目支出1726.16万元。' },
    {
      type: 'table',
      caption: '收支决算表（万元）',
      header: ['项目', '金额'],
      rows: [
        ['收入合计', '2686.28'],
        ['支出合计', '2702.04'],
      ],
    },
    ...overrides,
  ];
}

describe('checkSectionText', () => {
  it('finds nothing wrong in a section written with real content', () => {
    expect(checkSectionText('1.4', newSection())).toEqual([]);
    expect(checkSectionText('4', [{ type: 'paragraph', text: '无' }])).toEqual([]);
  });

  it.each([
    ['请填写本单位的机构设置情况。', '请填写'],
    ['请根据年度工作计划说明重点工作。', '请根据'],
    ['此处填写部门职能。', '此处填写'],
    ['填写说明：金额单位为万元。', '填写说明'],
    ['示例：本部门内设13个组室。', '示例'],
    ['本部门内设13个组室（说明：按三定方案填写）。', '（说明：'],
    ['本部门内设(说明: 按三定方案)', '(说明:'],
    ['截至2023年12月31日，在职××人。', '××'],
    ['中共XXX区委组织部', 'XXX'],
    ['成立日期为【】。', '【】'],
    ['【单位名称】2023年度整体绩效自评报告', '【单位名称】'],
  ])('reports template text left in a paragraph: %s', (text, found) => {
    const problems = checkSectionText('1.1', newSection([{ type: 'paragraph', text }]));
    expect(problems).toEqual([
      expect.objectContaining({ severity: 'error', code: 'SECTION.TEMPLATE_TEXT', path: 'sections.1.1.blocks.3', figures: { found } }),
    ]);
    expect(problems[0].message).toContain(found);
  });

  it('reports template text in a table cell and a heading with their paths', () => {
    const problems = checkSectionText('1.4', [
      { type: 'heading', text: '（一）请填写标题' },
      { type: 'table', header: ['项目', '金额'], rows: [['收入合计', '××']] },
    ]);
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['SECTION.TEMPLATE_TEXT', 'sections.1.4.blocks.0'],
      ['SECTION.TEMPLATE_TEXT', 'sections.1.4.blocks.1.rows.0.1'],
    ]);
  });

  it('reports a section with no blocks, only blank paragraphs, or only headings as empty', () => {
    for (const blocks of [[], [{ type: 'paragraph', text: '  ' }], [{ type: 'heading', text: '（一）评价小组情况' }]] as SectionBlock[][]) {
      expect(checkSectionText('2.1', blocks)).toEqual([
        expect.objectContaining({ severity: 'error', code: 'SECTION.EMPTY', path: 'sections.2.1' }),
      ]);
    }
  });

  it('does not mistake ordinary words for template text', () => {
    const blocks: SectionBlock[] = [{ type: 'paragraph', text: '高标准建设社区党建示范点，开展说明会3场，X光机1台。' }];
    expect(checkSectionText('3.2', blocks)).toEqual([]);
  });
});

describe('parseSectionBlocks', () => {
  it('accepts headings, paragraphs and tables', () => {
    const raw = [
      { type: 'heading', level: 2, text: '（一）自评结果' },
      { type: 'paragraph', text: '自评得分90分。' },
      { type: 'table', header: ['指标', '得分'], rows: [['预算编制', '16.5']] },
    ];
    expect(parseSectionBlocks('3.1', raw)).toEqual({ blocks: raw, problems: [] });
  });

  it('refuses unknown block types, missing text and ragged tables', () => {
    const { problems } = parseSectionBlocks('3.1', [
      { type: 'image', src: 'a.png' },
      { type: 'paragraph' },
      { type: 'table', header: ['指标', '得分'], rows: [['预算编制']] },
    ]);
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['SECTION.INVALID_BLOCK', 'sections.3.1.blocks.0.type'],
      ['SECTION.INVALID_BLOCK', 'sections.3.1.blocks.1'],
      ['SECTION.INVALID_BLOCK', 'sections.3.1.blocks.2.rows.0'],
    ]);
  });

  it("accepts a staffing table like the seed's 1.1, and one at every limit", () => {
    const staffing = {
      type: 'table',
      caption: '人员编制情况',
      header: ['机构', '编制数', '在职人数', '离休人数', '退休人数'],
      rows: [
        ['区委组织部', '20', '17', '1', '19'],
        ['区委党史研究室', '3', '2', '0', '0'],
        ['区改制企业离休干部安置管理中心', '1', '1', '0', '0'],
        ['区党员现代远程教育管理中心', '4', '3', '0', '0'],
        ['区党建指导中心', '30', '23', '0', '0'],
      ],
    };
    const widest = Array.from({ length: TABLE_LIMITS.columns }, () => '甲'.repeat(TABLE_LIMITS.cellLength));
    const atLimit = { type: 'table', caption: '表'.repeat(TABLE_LIMITS.captionLength), header: widest, rows: Array.from({ length: TABLE_LIMITS.rows }, () => widest) };
    expect(parseSectionBlocks('1.1', [staffing, atLimit]).problems).toEqual([]);
  });

  it('refuses a table beyond its limits with every place at fault', () => {
    const wide = Array.from({ length: TABLE_LIMITS.columns + 1 }, () => '数');
    const long = { type: 'table', header: ['项目', '金额'], rows: Array.from({ length: TABLE_LIMITS.rows + 1 }, () => ['收入', '1']) };
    const cells = { type: 'table', caption: '表'.repeat(TABLE_LIMITS.captionLength + 1), header: ['项'.repeat(TABLE_LIMITS.cellLength + 1)], rows: [['短'], ['长'.repeat(TABLE_LIMITS.cellLength + 1)]] };
    const { blocks, problems } = parseSectionBlocks('1.1', [{ type: 'table', header: wide, rows: [wide] }, long, cells]);
    expect(blocks).toEqual([]);
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['SECTION.TABLE_TOO_WIDE', 'sections.1.1.blocks.0'],
      ['SECTION.TABLE_TOO_LONG', 'sections.1.1.blocks.1.rows'],
      ['SECTION.TABLE_CAPTION_TOO_LONG', 'sections.1.1.blocks.2.caption'],
      ['SECTION.TABLE_CELL_TOO_LONG', 'sections.1.1.blocks.2.header.0'],
      ['SECTION.TABLE_CELL_TOO_LONG', 'sections.1.1.blocks.2.rows.1.0'],
    ]);
    expect(problems[0]!.message).toBe(`第1.1节第1块表格有${TABLE_LIMITS.columns + 1}列，最多${TABLE_LIMITS.columns}列。`);
  });
});
