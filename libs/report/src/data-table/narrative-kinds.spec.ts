import { balancedSeedDataTable } from './data-table.factory';
import { checkNarrative, findQuotedFigures, type NarrativeSection } from './narrative';
import { readCount } from './narrative-lists';

/**
 * Sentences worded as district departments word them in their published self-evaluation reports,
 * against the seed's table with its income total balanced (2686.26 万元 = 2300.39 + 381.59 + 4.28;
 * expenditure 2702.04 = 975.88 + 1726.16).
 */
function section(code: string, ...paragraphs: string[]): NarrativeSection {
  return { code, paragraphs };
}

const check = (...paragraphs: string[]) => checkNarrative([section('2.1', ...paragraphs)], balancedSeedDataTable());
const codes = (...paragraphs: string[]) => check(...paragraphs).map((p) => [p.severity, p.code]);

describe('labels reports use for the table\'s figures', () => {
  it('reads 本年收入合计, 支出合计, 财政拨款收入 and the balances', () => {
    const quotes = findQuotedFigures(
      section('1.4', '本年收入合计2686.26万元，本年支出合计2702.04万元；财政拨款收入2681.98万元，年初结转和结余120.50万元，年末结转和结余104.72万元。'),
    );
    expect(quotes.map((q) => [q.label, q.value.toFixed()])).toEqual([
      ['本年收入合计', '2686.26'],
      ['本年支出合计', '2702.04'],
      ['财政拨款收入', '2681.98'],
      ['年初结转和结余', '120.5'],
      ['年末结转和结余', '104.72'],
    ]);
  });

  it('compares 财政拨款收入 with the three appropriations together', () => {
    expect(codes('财政拨款收入2681.98万元，占本年收入的99.84%。')).toEqual([]);
    expect(check('其中财政拨款收入2300.39万元。')).toEqual([
      expect.objectContaining({ code: 'DATA_TABLE.NARRATIVE_MISMATCH', figures: { quoted: '2300.39', table: '2681.98', difference: '-381.59' } }),
    ]);
  });

  it('catches a wrong 支出合计 and 人员经费支出', () => {
    const table = balancedSeedDataTable((input) => {
      input.expenditure!.staffRunningProject = { staff: '702.10', running: '273.78', project: '1726.16' };
    });
    const problems = checkNarrative([section('2.1', '本年支出合计2720.04万元，其中人员经费支出720.10万元，公用经费支出273.78万元。')], table);
    expect(problems.map((p) => [p.code, p.figures?.table])).toEqual([
      ['DATA_TABLE.NARRATIVE_MISMATCH', '2702.04'],
      ['DATA_TABLE.NARRATIVE_MISMATCH', '702.10'],
    ]);
  });
});

describe('a project\'s figures under the department\'s labels', () => {
  it('are not compared with the department\'s table', () => {
    expect(codes('人才驿站建设项目本年支出45.60万元，重点项目支出320.00万元，专项资金的收入合计80万元。')).toEqual([]);
  });
});

describe('last year\'s figures beside a label', () => {
  it('are not compared with this year\'s table', () => {
    expect(
      codes(
        '上年收入决算2412.66万元，本年收入决算2686.26万元。',
        '支出决算2702.04万元，较上年支出决算2530.11万元增加171.93万元。',
        '去年同期项目支出1500.00万元；同比基本支出为900.12万元。',
        '上一年度人员经费支出620.00万元，本年基本持平。',
        '上年收入决算2412.66万元，支出决算2530.11万元。',
      ),
    ).toEqual([]);
  });

  it('while this year\'s figure in the same sentence still is', () => {
    expect(codes('上年收入决算2412.66万元，本年收入决算2668.26万元。')).toEqual([['error', 'DATA_TABLE.NARRATIVE_MISMATCH']]);
    expect(codes('上年收入决算2412.66万元，本年收入决算2686.26万元，支出决算2720.04万元。')).toEqual([['error', 'DATA_TABLE.NARRATIVE_MISMATCH']]);
    // A comparison with last year does not make the next clause last year's.
    expect(codes('收入决算2686.26万元，较上年增加273.60万元，支出决算2720.04万元。')).toEqual([['error', 'DATA_TABLE.NARRATIVE_MISMATCH']]);
  });
});

describe('shares', () => {
  it('accepts shares right at their printed precision, with or without the whole named', () => {
    expect(
      codes(
        '基本支出975.88万元，占支出决算的36.12%；项目支出1726.16万元，占63.88%。',
        '一般公共预算财政拨款收入2300.39万元，占收入决算的85.6%，政府性基金预算财政拨款收入占比14.21%。',
      ),
    ).toEqual([]);
  });

  it('catches a share that is not part ÷ whole, giving the expected share', () => {
    const problems = check('基本支出975.88万元，占支出决算的37.12%。');
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'DATA_TABLE.NARRATIVE_SHARE_MISMATCH',
        path: 'sections.2.1.paragraphs.0',
        figures: expect.objectContaining({ printed: '37.12', expected: '36.12', part: '975.88', whole: '2702.04' }),
      }),
    ]);
    expect(problems[0].message).toContain('应为 36.12%');
  });

  it('reads a share given in brackets', () => {
    expect(check('基本支出975.88万元（占支出决算的35.12%）。').map((p) => p.figures?.expected)).toEqual(['36.12']);
  });

  it('catches a share of income swapped with its complement', () => {
    expect(check('政府性基金预算财政拨款收入381.59万元，占总收入的85.64%。').map((p) => p.figures?.expected)).toEqual(['14.21']);
  });

  it('leaves last year\'s share alone', () => {
    expect(codes('上年基本支出占支出决算的40.25%。')).toEqual([]);
  });
});

describe('lists with a stated total', () => {
  it('accepts items that add up to the total', () => {
    expect(codes('项目支出主要用于：村“两委”干部补贴820.50万元、人才专项资金300万元、干部培训经费120.16万元，共计1240.66万元。')).toEqual([]);
  });

  it('does not take what brackets hold for an item', () => {
    expect(codes('其中：信息系统运维10万元（含上年结转2万元）、档案数字化加工20万元，共计30万元。')).toEqual([]);
  });

  it('catches items that do not add up, naming the sum and the difference', () => {
    const problems = check('其中：购置办公设备10.5万元、信息系统运维20万元、档案数字化加工30万元，共计65.5万元。');
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'DATA_TABLE.NARRATIVE_LIST_SUM_MISMATCH',
        path: 'sections.2.1.paragraphs.0',
        figures: { stated: '65.50', sum: '60.50', difference: '5.00', items: '3' },
      }),
    ]);
  });

  it('reads items in 元 and a total in 万元 exactly', () => {
    expect(codes('发放慰问金35000元、活动经费12000元，合计4.7万元。')).toEqual([]);
    expect(codes('发放慰问金35000元、活动经费12000元，合计4.8万元。')).toEqual([['error', 'DATA_TABLE.NARRATIVE_LIST_SUM_MISMATCH']]);
  });

  it('with the total first, reports only items exceeding it: a "其中" list may name some parts only', () => {
    expect(codes('全年下达专项资金共计500万元，其中：党建经费200万元、人才经费100万元。')).toEqual([]);
    expect(codes('全年下达专项资金共计500万元，其中：党建经费300万元、人才经费250万元。')).toEqual([['error', 'DATA_TABLE.NARRATIVE_LIST_SUM_MISMATCH']]);
  });

  it('does not count a list ending in 等, a single item, or a label\'s own total', () => {
    expect(codes('购置设备10万元、维修20万元等，共计45万元。', '培训费20万元，合计20万元。', '基本支出975.88万元，项目支出1726.16万元，支出合计2702.04万元。')).toEqual([]);
  });
});

describe('counts of listed items', () => {
  it('accepts a count that matches the list', () => {
    expect(
      codes(
        '2023年共实施项目5个，分别是：村级组织运转保障、党员教育培训、人才引进培育、干部教育培训和基层党建示范点建设。',
        '共3个重点项目：人才驿站建设、选调生到村锻炼及党建引领小区治理。',
      ),
    ).toEqual([]);
  });

  it('reads a count without 共 when a word introduces the list', () => {
    expect(codes('下设二级单位3个，即区档案馆、区史志办和区机要保密局。')).toEqual([]);
    expect(check('直属事业单位6个，即区档案馆、区史志办、区机要保密局、区网格化服务中心和区信息中心。').map((p) => p.figures)).toEqual([{ stated: '6', listed: '5' }]);
  });

  it('does not read an ordinal or a single thing described as a count', () => {
    expect(codes('第二个阶段：调研、起草、征求意见。', '建立一个机制，即日常监督和专项检查相结合。', '执行率提高2.5个百分点，即由90%和…')).toEqual([]);
  });

  it('catches a count that does not match the items listed', () => {
    const problems = check('本年度共实施项目五个，分别是：村级组织运转保障、党员教育培训、人才引进培育和干部教育培训。');
    expect(problems).toEqual([
      expect.objectContaining({ code: 'DATA_TABLE.NARRATIVE_COUNT_MISMATCH', path: 'sections.2.1.paragraphs.0', figures: { stated: '5', listed: '4' } }),
    ]);
  });

  it('does not count lists ending in 等, numbered lists, names with 和 inside quotes, or last year\'s', () => {
    expect(
      codes(
        '共开展重点工作6项，包括党建引领、人才服务、干部培训等。',
        '共完成3项任务：一是完成换届选举；二是完成人才评选；三是完成培训。',
        '共实施2个项目：“党建和人才服务”项目、基层阵地建设项目。',
        '上年共实施项目4个，分别是：甲项目、乙项目。',
      ),
    ).toEqual([]);
  });

  it('reads counts written in Chinese numerals', () => {
    expect([readCount('五'), readCount('十'), readCount('十二'), readCount('二十三'), readCount('两'), readCount('12'), readCount('百')]).toEqual([5, 10, 12, 23, 2, 12, undefined]);
  });
});
