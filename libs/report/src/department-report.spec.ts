import { Decimal } from 'decimal.js';
import { balancedSeedDataTableInput } from './data-table/data-table.factory';
import { checkDepartmentReport, type DepartmentReportInput } from './department-report';
import { DEFAULT_INDICATOR_CONFIG, indicatorLeaves, type IndicatorConfig } from './indicators/indicator-config';
import { checkScores, parseScores, type IndicatorScore } from './indicators/indicator-scores';

const config = DEFAULT_INDICATOR_CONFIG;

/** Full marks but for three leaves; 2.1 carries whatever the test gives it. */
function sheet(overrides: Record<string, Partial<IndicatorScore>> = {}, cfg: IndicatorConfig = config): IndicatorScore[] {
  const deductions: Record<string, Partial<IndicatorScore>> = {
    '1.1.2': { score: '3', justification: '部分绩效指标未量化' },
    '4.3.1': { score: '6', justification: '未开展满意度调查' },
  };
  return indicatorLeaves(cfg).map((leaf) => ({ code: leaf.code, score: leaf.maximum.toFixed(), ...deductions[leaf.code], ...overrides[leaf.code] }));
}

/** The seed's table with an execution block: 2571.94 of 2702.04 spent, a rate of 95.1851…%. */
function report(change: Partial<DepartmentReportInput> = {}): DepartmentReportInput {
  return {
    dataTableInput: balancedSeedDataTableInput((input) => {
      input.execution = { adjustedBudget: '2702.04', spent: '2571.94', printedRate: '95.19' };
    }),
    scoresInput: sheet({ '2.1': { score: '9.52', justification: '执行率95.19%，按比率计分' } }),
    indicatorConfig: config,
    sections: [],
    roundingTolerance: '0.01',
    ...change,
  };
}

describe('checkScores against the execution rate', () => {
  it('accepts the score the rate gives, rounded half-up to two decimals', () => {
    // 2571.94 / 2702.04 × 10 = 9.5185…
    const rate = new Decimal('2571.94').dividedBy('2702.04');
    expect(checkScores(config, sheet({ '2.1': { score: '9.52', justification: '未全部执行' } }), { executionRate: rate })).toEqual([]);
  });

  it('catches full marks for execution at 86%, naming the rate, the maximum and the expected score', () => {
    const problems = checkScores(config, sheet({ '2.1': { score: '10' } }), { executionRate: new Decimal('0.86') });
    expect(problems).toEqual([
      {
        severity: 'error',
        code: 'INDICATORS.EXECUTION_SCORE_MISMATCH',
        message: expect.stringContaining('预算执行率为86%'),
        path: 'indicators.2.1.score',
        figures: { score: '10', rate: '86', maximum: '10', expected: '8.6', difference: '1.4' },
      },
    ]);
    expect(problems[0].message).toContain('应得8.6分');
    expect(problems[0].message).toContain('满分10分');
  });

  it('caps the score at the maximum when more was spent than budgeted', () => {
    expect(checkScores(config, sheet(), { executionRate: new Decimal('1.0312') })).toEqual([]);
  });

  it('scales to a leaf worth other than 10 points', () => {
    const heavier: IndicatorConfig = {
      ...config,
      indicators: config.indicators.map((node) =>
        node.code === '2'
          ? { ...node, children: node.children!.map((c) => (c.code === '2.1' ? { ...c, maximum: '12' } : c.code === '2.2' ? { ...c, children: [c.children![0]] } : c)) }
          : node,
      ),
    };
    // 12 × 0.9 = 10.8; 2.2.2 (3 points) is gone and 2.1 gained 2: a 99-point table, fine for this check.
    const problems = checkScores(heavier, sheet({ '2.1': { score: '10.9', justification: '执行率90%' } }, heavier), { executionRate: new Decimal('0.9') });
    expect(problems.map((p) => [p.code, p.figures?.expected])).toEqual([['INDICATORS.EXECUTION_SCORE_MISMATCH', '10.8']]);
  });

  it('says nothing of the execution score while the table has no rate', () => {
    expect(checkScores(config, sheet({ '2.1': { score: '10' } }))).toEqual([]);
  });
});

describe('checkScores against a quantitative target', () => {
  const withTarget: IndicatorConfig = {
    ...config,
    indicators: config.indicators.map((node) =>
      node.code === '4'
        ? {
            ...node,
            children: node.children!.map((c) =>
              c.code === '4.1' ? { ...c, children: [{ ...c.children![0], measure: { kind: 'quantitative', direction: 'at_least', target: '12', unit: '项' } }, c.children![1]] } : c,
            ),
          }
        : node,
    ),
  };

  it('refuses more than the proportional score: 9 of 12 tasks done earns at most 6 of 8 points', () => {
    const problems = checkScores(withTarget, sheet({ '4.1.1': { score: '7', actual: '9', justification: '完成9项' } }, withTarget));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'INDICATORS.SCORE_ABOVE_RULE',
        path: 'indicators.4.1.1.score',
        figures: { score: '7', target: '12', actual: '9', maximum: '8', ceiling: '6', excess: '1' },
      }),
    ]);
  });

  it('accepts a score at or below the proportional score, and any score without an actual value', () => {
    expect(checkScores(withTarget, sheet({ '4.1.1': { score: '6', actual: '9', justification: '完成9项' } }, withTarget))).toEqual([]);
    expect(checkScores(withTarget, sheet({ '4.1.1': { score: '8' } }, withTarget))).toEqual([]);
  });

  it('reads the actual value strictly', () => {
    expect(parseScores([{ code: '4.1.1', score: '6', actual: '九项' }]).problems.map((p) => [p.code, p.path])).toEqual([
      ['INDICATORS.ACTUAL_NOT_A_NUMBER', 'indicators.4.1.1.actual'],
    ]);
    expect(parseScores([{ code: '4.1.1', score: '6', actual: '９.50' }]).scores).toEqual([{ code: '4.1.1', score: '6', actual: '9.5' }]);
  });
});

describe('checkDepartmentReport', () => {
  it('finds a consistent report clean, and totals it', () => {
    const checked = checkDepartmentReport(report());
    // The seed spent more than its income, from its carried-in balance: a note, nothing to correct.
    expect(checked.dataTable.map((p) => [p.severity, p.code])).toEqual([['note', 'DATA_TABLE.SPENT_ABOVE_INCOME']]);
    expect(checked.scores).toEqual([]);
    expect(checked.result).toMatchObject({ total: '96.52', grade: '优', complete: true });
  });

  it('scores execution against the rate computed from the table, not the printed one', () => {
    const checked = checkDepartmentReport(report({ scoresInput: sheet({ '2.1': { score: '10' } }) }));
    expect(checked.scores.map((p) => [p.code, p.figures?.expected])).toEqual([['INDICATORS.EXECUTION_SCORE_MISMATCH', '9.52']]);
  });

  it('reports a table never saved as missing, and a table that does not parse as its field errors', () => {
    expect(checkDepartmentReport(report({ dataTableInput: null })).dataTable.map((p) => p.code)).toEqual(['DATA_TABLE.MISSING']);
    const bad = checkDepartmentReport(report({ dataTableInput: { income: { total: '两千万' } } }));
    expect(bad.dataTable).toEqual([expect.objectContaining({ severity: 'error', code: 'DATA_TABLE.NOT_A_NUMBER', path: 'income.total' })]);
    // Without a table there is no rate to score against: the 10 stands unchallenged.
    expect(checkDepartmentReport(report({ dataTableInput: null, scoresInput: sheet({ '2.1': { score: '10' } }) })).scores).toEqual([]);
  });

  it('gives the score sheet\'s parse errors instead of its checks', () => {
    const checked = checkDepartmentReport(report({ scoresInput: [{ code: '1.1.1', score: '四分' }] }));
    expect(checked.scores.map((p) => p.code)).toEqual(['INDICATORS.NOT_A_NUMBER']);
  });

  it('compares the text with the table and the stated result with the scores', () => {
    const checked = checkDepartmentReport(
      report({
        sections: [
          { code: '1.4', paragraphs: ['2023年收入决算 2686.26 万元，支出决算 2720.04 万元。'] },
          { code: '4', paragraphs: ['综上，本部门2023年度整体支出绩效自评得分为95.52分，自评等级为“优”。'] },
        ],
      }),
    );
    expect(checked.dataTable.filter((p) => p.severity === 'error').map((p) => [p.code, p.path])).toEqual([['DATA_TABLE.NARRATIVE_MISMATCH', 'sections.1.4.paragraphs.0']]);
    expect(checked.scores).toEqual([
      expect.objectContaining({
        code: 'INDICATORS.TOTAL_MISMATCH',
        path: 'sections.4.paragraphs.0',
        figures: expect.objectContaining({ stated: '95.52', computed: '96.52' }),
      }),
    ]);
  });
});
