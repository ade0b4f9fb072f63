import { seedDataTable } from './data-table.factory';
import { checkNarrative, findQuotedFigures, type NarrativeSection } from './narrative';

/** Section 一（四） and the execution paragraph of 三（二）, worded as in the seed. */
const SECTION_1_4: NarrativeSection = {
  code: '1.4',
  paragraphs: [
    '2023年收入决算 2686.28 万元，其中：一般公共预算财政拨款收入 2300.39 万元，政府性基金预算财政拨款收入 381.59 万元，其他收入 4.28 万元。',
    '2023年支出决算 2702.04 万元。支出按支出功能和经济分类划分：基本支出 975.88 万元，项目支出 1726.16 万元。',
  ],
};
const SECTION_3_2: NarrativeSection = {
  code: '3.2',
  paragraphs: ['2. 预算执行情况。2023年收入决算2686.28万元，2023年支出决算2702.04万元。基本支出保障了日常工作正常运转，项目支出保障了重点工作顺利推进。'],
};

function section(code: string, ...paragraphs: string[]): NarrativeSection {
  return { code, paragraphs };
}

describe('findQuotedFigures', () => {
  it('finds every figure of the seed section 1.4, with or without a space before the unit', () => {
    expect(findQuotedFigures(SECTION_1_4).map((q) => [q.label, q.value.toFixed(), q.paragraph])).toEqual([
      ['收入决算', '2686.28', 0],
      ['一般公共预算财政拨款收入', '2300.39', 0],
      ['政府性基金预算财政拨款收入', '381.59', 0],
      ['其他收入', '4.28', 0],
      ['支出决算', '2702.04', 1],
      ['基本支出', '975.88', 1],
      ['项目支出', '1726.16', 1],
    ]);
    expect(findQuotedFigures(SECTION_3_2).map((q) => [q.label, q.value.toFixed()])).toEqual([
      ['收入决算', '2686.28'],
      ['支出决算', '2702.04'],
    ]);
  });

  it('ignores a label followed by something other than its figure', () => {
    expect(findQuotedFigures(section('1.4', '收入决算较上年增加 100 万元，项目支出决算情况良好，2023年度'))).toEqual([]);
  });

  it('reads a figure quoted in 元 in 万元, exactly', () => {
    expect(findQuotedFigures(section('1.4', '其他收入 42800 元')).map((q) => [q.value.toFixed(), q.decimals])).toEqual([['4.28', 4]]);
  });
});

describe('checkNarrative', () => {
  it('finds the seed sections consistent with the seed table', () => {
    expect(checkNarrative([SECTION_1_4, SECTION_3_2], seedDataTable())).toEqual([]);
  });

  it('reports a quoted figure that contradicts the table, with the section code and both figures', () => {
    const drafted = section('1.4', '2023年收入决算 2668.28 万元，其中：一般公共预算财政拨款收入 2300.39万元。');
    expect(checkNarrative([drafted], seedDataTable())).toEqual([
      {
        severity: 'error',
        code: 'DATA_TABLE.NARRATIVE_MISMATCH',
        message: expect.stringMatching(/^第 1\.4 节写“收入决算 2668\.28 万元”，与基础数据表的收入决算 2686\.28 万元不符（相差 -18\.00 万元）/),
        path: 'sections.1.4.paragraphs.0',
        figures: { quoted: '2668.28', table: '2686.28', difference: '-18.00' },
      },
    ]);
  });

  it('reports a contradiction in the execution paragraph of section 3.2', () => {
    const drafted = section('3.2', '2. 预算执行情况。2023年收入决算2686.28万元，2023年支出决算2720.04万元。');
    expect(checkNarrative([drafted], seedDataTable()).map((p) => [p.code, p.path, p.figures])).toEqual([
      ['DATA_TABLE.NARRATIVE_MISMATCH', 'sections.3.2.paragraphs.0', { quoted: '2720.04', table: '2702.04', difference: '18.00' }],
    ]);
  });

  it('compares a figure quoted in 元 or rounded at its own precision', () => {
    const table = seedDataTable();
    expect(checkNarrative([section('1.4', '一般公共预算财政拨款收入为23003900元，收入决算约2686万元')], table)).toEqual([]);
    expect(checkNarrative([section('1.4', '一般公共预算财政拨款收入为23003800元，收入决算约2690万元')], table).map((p) => p.figures)).toEqual([
      { quoted: '2300.38', table: '2300.39', difference: '-0.01' },
      { quoted: '2690', table: '2686.28', difference: '3.72' },
    ]);
  });

  it('attributes "项目支出决算" to project expenditure, not to total expenditure', () => {
    expect(checkNarrative([section('3.2', '项目支出决算 1726.16 万元')], seedDataTable())).toEqual([]);
  });

  it('compares a quoted execution rate with the printed rate', () => {
    const table = seedDataTable((input) => (input.execution = { adjustedBudget: '1800.00', spent: '1726.16', printedRate: '95.90' }));
    expect(checkNarrative([section('3.2', '预算执行率为95.9%。')], table)).toEqual([]);
    expect(checkNarrative([section('3.2', '预算执行率为 98.56%。')], table).map((p) => [p.code, p.figures])).toEqual([
      ['DATA_TABLE.NARRATIVE_MISMATCH', { quoted: '98.56', table: '95.9', difference: '2.66' }],
    ]);
  });

  it('notes a quoted figure the table has no place for yet', () => {
    expect(checkNarrative([section('1.4', '其中人员经费 800.00 万元')], seedDataTable())).toEqual([
      {
        severity: 'note',
        code: 'DATA_TABLE.NARRATIVE_FIGURE_NOT_IN_TABLE',
        message: expect.stringContaining('没有人员经费'),
        path: 'sections.1.4.paragraphs.0',
        figures: { quoted: '800' },
      },
    ]);
  });
});
