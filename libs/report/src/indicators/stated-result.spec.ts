import { DEFAULT_INDICATOR_CONFIG, indicatorLeaves, type IndicatorConfig } from './indicator-config';
import type { IndicatorScore } from './indicator-scores';
import { checkStatedResultInText, findStatedResult, gradeOfWord } from './stated-result';

const config = DEFAULT_INDICATOR_CONFIG;

/** Full marks less 7.5 points on three leaves: 92.5, grade 优. */
function sheet(overrides: Record<string, Partial<IndicatorScore>> = {}): IndicatorScore[] {
  const deductions: Record<string, Partial<IndicatorScore>> = {
    '1.2.2': { score: '2.5', justification: '年初预算调整较多' },
    '4.2.2': { score: '1', justification: '长效机制尚未建立' },
    '4.3.1': { score: '5', justification: '未开展满意度调查' },
  };
  return indicatorLeaves(config).map((leaf) => ({ code: leaf.code, score: leaf.maximum.toFixed(), ...deductions[leaf.code], ...overrides[leaf.code] }));
}

const found = (...paragraphs: string[]) => findStatedResult([{ code: '4', paragraphs }]).map((s) => [s.kind, s.value]);

describe('findStatedResult', () => {
  it('finds the self-score and the grade as reports print them', () => {
    expect(found('经综合评价，本部门2023年度整体支出绩效自评得分为92.5分，自评等级为“优”。')).toEqual([
      ['total', '92.5'],
      ['grade', '优'],
    ]);
    expect(found('根据评分标准，综合评分 95 分，评价等级：良。')).toEqual([
      ['total', '95'],
      ['grade', '良'],
    ]);
    expect(found('对照指标体系逐项打分，自评总分９２.５分，评定为优秀。')).toEqual([
      ['total', '92.5'],
      ['grade', '优秀'],
    ]);
    expect(found('对照整体绩效自评指标评分表自评得分90分。')).toEqual([['total', '90']]);
    expect(found('自评结果：绩效评价得分88分，等次为良好。')).toEqual([
      ['total', '88'],
      ['grade', '良好'],
    ]);
  });

  it('leaves out last year\'s result and words that only look like a grade', () => {
    expect(found('上年自评得分88分，等级为良；本年自评得分92.5分。')).toEqual([['total', '92.5']]);
    expect(found('较上年自评得分86分提高6.5分。', '各单位绩效等级差异较大，评分标准仍需完善。')).toEqual([]);
  });

  it('leaves out one indicator\'s score and a project\'s', () => {
    expect(found('其中预算执行率指标自评得分9.52分，人才驿站项目自评得分85分；部门整体自评最终得分92.5分，评价结论为优秀。')).toEqual([
      ['total', '92.5'],
      ['grade', '优秀'],
    ]);
  });

  it('reads 不合格 as itself, never as 合格', () => {
    expect(found('评价等级为不合格。')).toEqual([['grade', '不合格']]);
  });
});

describe('gradeOfWord', () => {
  it('maps the usual words to the campaign\'s grades, and keeps a word a band bears', () => {
    expect(['优秀', '良好', '合格', '中等', '不合格', '差', '优'].map((w) => gradeOfWord(w, config))).toEqual(['优', '良', '中', '中', '差', '差', '优']);
    const wordy: IndicatorConfig = { ...config, bands: [{ grade: '优秀', from: '90', to: '100' }, { grade: '合格', from: '60', to: '90' }, { grade: '不合格', from: '0', to: '60' }] };
    expect(['优秀', '合格', '不合格'].map((w) => gradeOfWord(w, wordy))).toEqual(['优秀', '合格', '不合格']);
  });
});

describe('checkStatedResultInText', () => {
  it('finds a text that agrees with the scores clean', () => {
    const sections = [{ code: '4', paragraphs: ['本部门整体支出绩效自评得分为92.5分，自评等级为“优”。'] }];
    expect(checkStatedResultInText(config, sheet(), sections)).toEqual([]);
    expect(checkStatedResultInText(config, sheet(), [{ code: '4', paragraphs: ['综合评分92.50分，评定为优秀。'] }])).toEqual([]);
  });

  it('reports a printed score and grade that the scores do not give, at the paragraph', () => {
    const sections = [{ code: '4', paragraphs: ['前言。', '本部门整体支出绩效自评得分为95分，自评等级为“良”。'] }];
    const problems = checkStatedResultInText(config, sheet(), sections);
    expect(problems.map((p) => [p.code, p.path, p.figures?.stated])).toEqual([
      ['INDICATORS.TOTAL_MISMATCH', 'sections.4.paragraphs.1', '95'],
      ['INDICATORS.GRADE_MISMATCH', 'sections.4.paragraphs.1', '良'],
    ]);
    expect(problems[0].message).toContain('92.5分');
    expect(problems[1].message).toContain('应为“优”');
  });

  it('catches 90 printed as 良: 90 is inside 优', () => {
    const ninety = sheet({ '4.3.1': { score: '2.5', justification: '未开展满意度调查' } });
    expect(checkStatedResultInText(config, ninety, [{ code: '4', paragraphs: ['自评得分90分，等级为良好。'] }]).map((p) => p.code)).toEqual(['INDICATORS.GRADE_MISMATCH']);
  });

  it('says nothing while a leaf is still blank', () => {
    expect(checkStatedResultInText(config, sheet({ '2.1': { score: null } }), [{ code: '4', paragraphs: ['自评得分为95分。'] }])).toEqual([]);
  });
});
