import {
  DEFAULT_GRADE_BANDS,
  DEFAULT_INDICATOR_CONFIG,
  checkIndicatorConfig,
  indicatorLeaves,
  indicatorMaxima,
  type GradeBand,
  type IndicatorConfig,
  type IndicatorNode,
} from './indicator-config';

function newConfig(overrides: Partial<IndicatorConfig> = {}): IndicatorConfig {
  return { ...DEFAULT_INDICATOR_CONFIG, ...overrides };
}

function codes(problems: { code: string }[]): string[] {
  return problems.map((p) => p.code);
}

describe('DEFAULT_INDICATOR_CONFIG', () => {
  it('has leaf maxima adding up to exactly 100 and passes its own check', () => {
    const leaves = indicatorLeaves(DEFAULT_INDICATOR_CONFIG);
    expect(leaves.length).toBeGreaterThan(10);
    expect(leaves.reduce((sum, leaf) => sum.plus(leaf.maximum), leaves[0].maximum.minus(leaves[0].maximum)).toFixed()).toBe('100');
    expect(checkIndicatorConfig(DEFAULT_INDICATOR_CONFIG)).toEqual([]);
  });

  it('follows the seed report: 预算编制, 预算执行, 预算监督, 预算使用效益 with parents summed from children', () => {
    expect(DEFAULT_INDICATOR_CONFIG.indicators.map((node) => node.name)).toEqual(['预算编制', '预算执行', '预算监督', '预算使用效益']);
    const maxima = indicatorMaxima(DEFAULT_INDICATOR_CONFIG);
    const first = ['1', '2', '3', '4'].map((code) => maxima.get(code)!.toFixed());
    expect(first).toEqual(['20', '30', '15', '35']);
    expect(maxima.get('2.1')!.toFixed()).toBe('10');
  });

  it('has default bands 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60', () => {
    expect(DEFAULT_INDICATOR_CONFIG.bands).toEqual(DEFAULT_GRADE_BANDS);
    expect(DEFAULT_GRADE_BANDS.map((b) => `${b.grade}${b.from}-${b.to}`)).toEqual(['优90-100', '良80-90', '中60-80', '差0-60']);
  });
});

describe('checkIndicatorConfig', () => {
  const twoLeaves = (a: string, b: string): IndicatorNode[] => [
    { code: 'A', name: '预算编制', children: [{ code: 'A1', name: '目标设置', maximum: a }] },
    { code: 'B', name: '预算执行', children: [{ code: 'B1', name: '预算执行率', maximum: b }] },
  ];

  it('refuses weights adding up to 99.5, naming the sum and the difference', () => {
    const problems = checkIndicatorConfig(newConfig({ indicators: twoLeaves('40', '59.5') }));
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'INDICATORS.WEIGHTS_NOT_100',
        path: 'indicators',
        figures: { sum: '99.5', expected: '100', difference: '-0.5' },
      }),
    ]);
    expect(problems[0].message).toContain('99.5');
  });

  it('adds weights exactly, where binary floats would not (0.1 + 0.2 style sums)', () => {
    const indicators: IndicatorNode[] = [
      { code: 'A', name: '甲', children: [{ code: 'A1', name: '甲一', maximum: '33.33' }, { code: 'A2', name: '甲二', maximum: '33.33' }] },
      { code: 'B', name: '乙', maximum: '33.34' },
    ];
    expect(checkIndicatorConfig(newConfig({ indicators }))).toEqual([]);
  });

  it('refuses duplicate codes', () => {
    const indicators: IndicatorNode[] = [
      { code: 'A', name: '预算编制', children: [{ code: 'A1', name: '目标设置', maximum: '50' }] },
      { code: 'B', name: '预算执行', children: [{ code: 'A1', name: '预算执行率', maximum: '50' }] },
    ];
    const problems = checkIndicatorConfig(newConfig({ indicators }));
    expect(codes(problems)).toEqual(['INDICATORS.DUPLICATE_CODE']);
    expect(problems[0].path).toBe('indicators.A1');
  });

  it('refuses a leaf whose maximum is 0 or less', () => {
    const indicators: IndicatorNode[] = [
      { code: 'A', name: '预算编制', children: [{ code: 'A1', name: '目标设置', maximum: '100' }, { code: 'A2', name: '空指标', maximum: '0' }] },
    ];
    const problems = checkIndicatorConfig(newConfig({ indicators }));
    expect(problems).toEqual([expect.objectContaining({ code: 'INDICATORS.MAXIMUM_NOT_POSITIVE', path: 'indicators.A2.maximum', figures: { maximum: '0' } })]);
  });

  it('refuses a fourth level', () => {
    const indicators: IndicatorNode[] = [
      {
        code: '1',
        name: '一级',
        children: [{ code: '1.1', name: '二级', children: [{ code: '1.1.1', name: '三级', children: [{ code: '1.1.1.1', name: '四级', maximum: '100' }] }] }],
      },
    ];
    const problems = checkIndicatorConfig(newConfig({ indicators }));
    expect(problems).toEqual([expect.objectContaining({ code: 'INDICATORS.TOO_DEEP', path: 'indicators.1.1.1.1', figures: { level: '4', maximumLevels: '3' } })]);
  });

  it('refuses a parent maximum that differs from the sum of its children', () => {
    const indicators: IndicatorNode[] = [{ code: 'A', name: '预算编制', maximum: '90', children: [{ code: 'A1', name: '目标设置', maximum: '100' }] }];
    expect(checkIndicatorConfig(newConfig({ indicators }))).toEqual([
      expect.objectContaining({ code: 'INDICATORS.PARENT_MAXIMUM_MISMATCH', figures: { stated: '90', sumOfChildren: '100' } }),
    ]);
  });

  it('refuses a leaf maximum that is text', () => {
    const indicators: IndicatorNode[] = [{ code: 'A', name: '预算编制', maximum: '满分' }];
    expect(codes(checkIndicatorConfig(newConfig({ indicators })))).toEqual(['INDICATORS.NOT_A_NUMBER', 'INDICATORS.WEIGHTS_NOT_100']);
  });
});

describe('grade bands', () => {
  const bands = (list: [string, string, string][]): GradeBand[] => list.map(([grade, from, to]) => ({ grade, from, to }));

  it('refuses bands with a gap, naming where it lies', () => {
    const problems = checkIndicatorConfig(
      newConfig({
        bands: bands([
          ['优', '90', '100'],
          ['良', '80', '89'],
          ['中', '60', '80'],
          ['差', '0', '60'],
        ]),
      }),
    );
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', code: 'BANDS.GAP', path: 'bands.0.from', figures: { gapFrom: '89', gapTo: '90' } })]);
  });

  it('refuses bands that overlap', () => {
    const problems = checkIndicatorConfig(
      newConfig({
        bands: bands([
          ['优', '85', '100'],
          ['良', '80', '90'],
          ['中', '60', '80'],
          ['差', '0', '60'],
        ]),
      }),
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'BANDS.OVERLAP', path: 'bands.0.from', figures: { overlapFrom: '85', overlapTo: '90' } })]);
  });

  it('refuses bands that do not reach 0 or 100', () => {
    const problems = checkIndicatorConfig(
      newConfig({
        bands: bands([
          ['优', '90', '99'],
          ['良', '60', '90'],
        ]),
      }),
    );
    expect(problems.map((p) => [p.code, p.figures])).toEqual([
      ['BANDS.GAP', { gapFrom: '0', gapTo: '60' }],
      ['BANDS.GAP', { gapFrom: '99', gapTo: '100' }],
    ]);
  });

  it('refuses bands listed out of order', () => {
    const problems = checkIndicatorConfig(
      newConfig({
        bands: bands([
          ['差', '0', '60'],
          ['中', '60', '80'],
          ['良', '80', '90'],
          ['优', '90', '100'],
        ]),
      }),
    );
    expect(codes(problems)).toEqual(['BANDS.NOT_ORDERED', 'BANDS.NOT_ORDERED', 'BANDS.NOT_ORDERED']);
  });

  it('refuses a band whose lower bound is not below its upper bound', () => {
    const problems = checkIndicatorConfig(
      newConfig({
        bands: bands([
          ['优', '90', '100'],
          ['良', '90', '80'],
          ['差', '0', '90'],
        ]),
      }),
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'BANDS.INVALID_RANGE', path: 'bands.1', figures: { from: '90', to: '80' } })]);
  });
});

describe('the leaves and maxima of a config, worked out once per config', () => {
  it('gives the same leaves for a config however often it is asked, and a copy of the config its own', () => {
    const config = newConfig({ indicators: [{ code: '1', name: '产出', children: [{ code: '1.1', name: '数量', maximum: '60' }, { code: '1.2', name: '质量', maximum: '40' }] }] });
    const first = indicatorLeaves(config);
    expect(indicatorLeaves(config)).toBe(first);
    expect(first.map((leaf) => [leaf.code, leaf.maximum.toFixed(), leaf.lineage])).toEqual([
      ['1.1', '60', ['1', '1.1']],
      ['1.2', '40', ['1', '1.2']],
    ]);
    expect(indicatorMaxima(config).get('1')?.toFixed()).toBe('100');
    const other = newConfig({ indicators: [{ code: '1', name: '产出', maximum: '100' }] });
    expect(indicatorLeaves(other).map((leaf) => leaf.code)).toEqual(['1']);
    expect(indicatorMaxima(other).get('1')?.toFixed()).toBe('100');
  });

  it('shares them frozen, so that no caller changes them for the next', () => {
    const leaves = indicatorLeaves(DEFAULT_INDICATOR_CONFIG);
    expect(Object.isFrozen(leaves)).toBe(true);
    expect(Object.isFrozen(leaves[0])).toBe(true);
    expect(Object.isFrozen(leaves[0]!.lineage)).toBe(true);
  });
});
