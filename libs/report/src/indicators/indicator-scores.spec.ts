import { DEFAULT_INDICATOR_CONFIG, indicatorLeaves, type IndicatorConfig } from './indicator-config';
import { checkScores, checkStatedResult, isScoreSheetComplete, parseScores, totalAndGrade, type IndicatorScore } from './indicator-scores';

const config = DEFAULT_INDICATOR_CONFIG;

/**
 * A sheet like the seed's: full marks except where its own section 3.3 admits weaknesses
 * (targets not specific enough, unforeseeable spending, evaluation rules still weak): 90 in all.
 */
const SEED_DEDUCTIONS: Record<string, [string, string]> = {
  '1.1.2': ['2', '绩效目标设立不够明确、细化和量化'],
  '1.2.2': ['2.5', '年初预算受不可预见因素影响，调整较多'],
  '2.1': ['9', '执行率按支出决算与调整后预算计算，未全部执行'],
  '3.2.1': ['2', '绩效评价制度建设和规范化管理有待加强'],
  '3.2.2': ['2', '自评指标体系不完善'],
  '4.2.2': ['3', '长效机制仍在建立中'],
  '4.3.1': ['6.5', '未开展系统的满意度调查'],
};

function newScoreSheet(overrides: Record<string, Partial<IndicatorScore>> = {}, cfg: IndicatorConfig = config): IndicatorScore[] {
  return indicatorLeaves(cfg).map((leaf) => {
    const deduction = SEED_DEDUCTIONS[leaf.code];
    const base: IndicatorScore = deduction
      ? { code: leaf.code, score: deduction[0], justification: deduction[1] }
      : { code: leaf.code, score: leaf.maximum.toFixed() };
    return { ...base, ...overrides[leaf.code] };
  });
}

describe('totalAndGrade', () => {
  it('totals a seed-like sheet to exactly 90 and grades it 优', () => {
    const sheet = newScoreSheet();
    expect(checkScores(config, sheet)).toEqual([]);
    const result = totalAndGrade(config, sheet);
    expect(result).toMatchObject({ total: '90', grade: '优', complete: true });
    expect(result.subtotals).toMatchObject({ '1': '16.5', '2': '29', '3': '12', '4': '32.5' });
    expect(result.maxima).toMatchObject({ '1': '20', '2': '30', '3': '15', '4': '35' });
  });

  it('grades 89.99 as 良: the lower bound of 优 is inclusive and nothing rounds up', () => {
    const sheet = newScoreSheet({ '4.3.1': { score: '6.49' } });
    expect(totalAndGrade(config, sheet)).toMatchObject({ total: '89.99', grade: '良' });
  });

  it('grades 100 as 优 and 0 as 差', () => {
    const full = indicatorLeaves(config).map((leaf) => ({ code: leaf.code, score: leaf.maximum.toFixed() }));
    expect(totalAndGrade(config, full)).toMatchObject({ total: '100', grade: '优' });
    const nothing = indicatorLeaves(config).map((leaf) => ({ code: leaf.code, score: '0', justification: '未开展' }));
    expect(totalAndGrade(config, nothing)).toMatchObject({ total: '0', grade: '差' });
  });

  it('uses the campaign’s own bands', () => {
    const strict: IndicatorConfig = {
      ...config,
      bands: [
        { grade: '优秀', from: '95', to: '100' },
        { grade: '合格', from: '0', to: '95' },
      ],
    };
    expect(totalAndGrade(strict, newScoreSheet()).grade).toBe('合格');
  });

  it('adds hundredths exactly (no binary-float drift)', () => {
    const sheet = newScoreSheet({ '1.1.1': { score: '3.7', justification: '部分目标未细化' }, '1.1.2': { score: '3.9', justification: '指标未量化' } });
    // 90 − 0.3 (1.1.1 from 4 to 3.7) + 1.9 (1.1.2 from 2 to 3.9)
    expect(totalAndGrade(config, sheet).total).toBe('91.6');
  });

  it('gives no grade while a leaf is blank', () => {
    const sheet = newScoreSheet({ '2.1': { score: null } });
    expect(totalAndGrade(config, sheet)).toMatchObject({ total: '81', grade: null, complete: false });
  });
});

describe('checkScores', () => {
  it('reports a score above the maximum with both figures', () => {
    const problems = checkScores(config, newScoreSheet({ '2.1': { score: '12' } }));
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'INDICATORS.SCORE_ABOVE_MAXIMUM',
        path: 'indicators.2.1.score',
        figures: { score: '12', maximum: '10', excess: '2' },
      }),
    ]);
    expect(problems[0].message).toContain('12');
    expect(problems[0].message).toContain('10');
  });

  it('reports a blank score as an error and the sheet as incomplete', () => {
    const sheet = newScoreSheet({ '3.1.1': { score: null } });
    expect(checkScores(config, sheet)).toEqual([
      expect.objectContaining({ severity: 'error', code: 'INDICATORS.SCORE_BLANK', path: 'indicators.3.1.1.score', figures: { maximum: '5' } }),
    ]);
    expect(isScoreSheetComplete(config, sheet)).toBe(false);
    expect(isScoreSheetComplete(config, newScoreSheet())).toBe(true);
  });

  it('treats a leaf missing from the sheet, or whitespace, as blank', () => {
    const sheet = newScoreSheet({ '1.1.1': { score: '  ' } }).filter((entry) => entry.code !== '4.1.1');
    expect(checkScores(config, sheet).map((p) => [p.code, p.path])).toEqual([
      ['INDICATORS.SCORE_BLANK', 'indicators.1.1.1.score'],
      ['INDICATORS.SCORE_BLANK', 'indicators.4.1.1.score'],
    ]);
  });

  it('requires a justification for a deduction', () => {
    const problems = checkScores(config, newScoreSheet({ '1.1.2': { justification: ' ' } }));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'INDICATORS.JUSTIFICATION_REQUIRED',
        path: 'indicators.1.1.2.justification',
        figures: { score: '2', maximum: '4', deduction: '2' },
      }),
    ]);
  });

  it('reports a negative score, a text answer and an unknown or parent code', () => {
    const sheet = [
      ...newScoreSheet({ '1.2.1': { score: '-1', justification: '倒扣' }, '2.2.1': { score: '完成' } }),
      { code: '9.9', score: '1' },
      { code: '2', score: '30' },
    ];
    expect(checkScores(config, sheet).map((p) => [p.code, p.path, p.figures])).toEqual([
      ['INDICATORS.UNKNOWN_CODE', 'indicators.9.9.score', undefined],
      ['INDICATORS.NOT_A_LEAF', 'indicators.2.score', undefined],
      ['INDICATORS.SCORE_NEGATIVE', 'indicators.1.2.1.score', { score: '-1', maximum: '4' }],
      ['INDICATORS.NOT_A_NUMBER', 'indicators.2.2.1.score', { entered: '完成', maximum: '3' }],
    ]);
  });
});

describe('parseScores', () => {
  it('refuses a plus sign, as the data table refuses it in amounts', () => {
    expect(parseScores([{ code: '4.1.1', score: '+9' }, { code: '4.1.2', score: '＋7' }]).problems.map((p) => [p.code, p.path])).toEqual([
      ['INDICATORS.NOT_A_NUMBER', 'indicators.4.1.1.score'],
      ['INDICATORS.NOT_A_NUMBER', 'indicators.4.1.2.score'],
    ]);
  });

  it('refuses a text answer where a number is needed', () => {
    const { problems, scores } = parseScores([{ code: '4.1.1', score: '完成' }]);
    expect(problems).toEqual([
      expect.objectContaining({ severity: 'error', code: 'INDICATORS.NOT_A_NUMBER', path: 'indicators.4.1.1.score', figures: { entered: '完成' } }),
    ]);
    expect(problems[0].message).toContain('完成');
    expect(scores).toEqual([{ code: '4.1.1', score: null }]);
  });

  it('refuses a unit typed after the number, too many decimals and negatives', () => {
    const { problems } = parseScores([
      { code: '1.1.1', score: '4分' },
      { code: '1.1.2', score: '3.333' },
      { code: '1.2.1', score: -2 },
    ]);
    expect(problems.map((p) => [p.code, p.path, p.figures])).toEqual([
      ['INDICATORS.NOT_A_NUMBER', 'indicators.1.1.1.score', { entered: '4分' }],
      ['INDICATORS.TOO_MANY_DECIMALS', 'indicators.1.1.2.score', { entered: '3.333' }],
      ['INDICATORS.SCORE_NEGATIVE', 'indicators.1.2.1.score', { score: '-2' }],
    ]);
  });

  it('accepts decimal strings, JSON numbers, full-width digits and blanks', () => {
    const { problems, scores } = parseScores([
      { code: '1.1.1', score: '3.50', justification: '目标未细化' },
      { code: '1.1.2', score: 4 },
      { code: '1.2.1', score: '４．５' },
      { code: '1.2.2', score: '' },
      { code: '1.2.3' },
    ]);
    expect(problems).toEqual([]);
    expect(scores).toEqual([
      { code: '1.1.1', score: '3.5', justification: '目标未细化' },
      { code: '1.1.2', score: '4' },
      { code: '1.2.1', score: '4.5' },
      { code: '1.2.2', score: null },
      { code: '1.2.3', score: null },
    ]);
  });

  it('refuses input that is not a list, entries without a code and duplicates', () => {
    expect(parseScores({ '1.1.1': 4 }).problems.map((p) => p.code)).toEqual(['INDICATORS.NOT_A_LIST']);
    const { problems } = parseScores([{ score: 4 }, { code: '2.1', score: 9 }, { code: '2.1', score: 10 }]);
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['INDICATORS.CODE_MISSING', 'indicators[0].code'],
      ['INDICATORS.DUPLICATE_SCORE', 'indicators.2.1.score'],
    ]);
  });
});

describe('checkStatedResult', () => {
  it('reports a grade typed by hand that does not follow from the score', () => {
    const sheet = newScoreSheet({ '4.3.1': { score: '6.49' } });
    const problems = checkStatedResult(config, sheet, { grade: '优' });
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'INDICATORS.GRADE_MISMATCH',
        path: 'result.grade',
        figures: { total: '89.99', bandFrom: '80', bandTo: '90' },
      }),
    ]);
    expect(problems[0].message).toContain('“优”');
    expect(problems[0].message).toContain('“良”');
  });

  it('reports a total typed by hand that differs from the sum, with the difference', () => {
    const problems = checkStatedResult(config, newScoreSheet(), { total: '92', grade: '优' });
    expect(problems).toEqual([
      expect.objectContaining({ code: 'INDICATORS.TOTAL_MISMATCH', path: 'result.total', figures: { stated: '92', computed: '90', difference: '2' } }),
    ]);
  });

  it('accepts a stated total and grade that follow from the scores (the seed’s 90, 优)', () => {
    expect(checkStatedResult(config, newScoreSheet(), { total: '90.00', grade: '优' })).toEqual([]);
    expect(checkStatedResult(config, newScoreSheet(), { total: 90 })).toEqual([]);
  });

  it('refuses a stated total that is text', () => {
    expect(checkStatedResult(config, newScoreSheet(), { total: '九十' })).toEqual([
      expect.objectContaining({ code: 'INDICATORS.NOT_A_NUMBER', path: 'result.total', figures: { computed: '90' } }),
    ]);
  });

  it('only notes that the result cannot be checked while a leaf is blank', () => {
    const problems = checkStatedResult(config, newScoreSheet({ '2.1': { score: null } }), { total: '90', grade: '优' });
    expect(problems).toEqual([expect.objectContaining({ severity: 'note', code: 'INDICATORS.RESULT_NOT_YET_COMPUTABLE' })]);
  });
});
