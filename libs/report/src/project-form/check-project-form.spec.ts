import type { Problem } from '../problem';
import { checkProjectForm } from './check-project-form';
import type { IndicatorRowInput, ProjectFormInput } from './project-form';
import { NATIONAL_RULE_PACK, SICHUAN_RULE_PACK } from './rule-packs';

/**
 * A county's training project, figures as a published national form prints them: budget 120 万元,
 * 103.2 spent (86%, 8.6 of 10), a reason for the low rate, five indicators adding up to 50/30/10.
 */
function nationalForm(overrides: Partial<ProjectFormInput> = {}): ProjectFormInput {
  return {
    header: { projectName: '基层农技人员能力提升培训项目', competentDepartment: '某县农业农村局', implementingUnit: '某县农业技术推广中心' },
    funding: {
      total: { initialBudget: '100', budget: '120', spent: '103.2' },
      currentYearAppropriation: { initialBudget: '100', budget: '100', spent: '85.2' },
      carriedOver: { budget: '20', spent: '18' },
      printedRate: '86%',
      printedScore: '8.6',
      reason: '部分培训班因场地调整延至次年一季度举办，相应资金未在年内支付；已调整次年开班计划。',
    },
    goals: { expected: '全年培训基层农技人员1200人次，合格率不低于95%。', actual: '全年培训1350人次，合格率96.5%。' },
    indicators: [
      row({ level1: '产出指标', level2: '数量指标', level3: '培训人次', target: '≥1,200人次', actual: '1350人次', points: '20', score: '20', deviationReason: '报名人数超出预期，次年据实调整目标值。' }),
      row({ level1: '产出指标', level2: '质量指标', level3: '培训合格率', target: '≥95%', actual: '96.5%', points: '15', score: '15' }),
      row({ level1: '产出指标', level2: '时效指标', level3: '按时完成率', target: '100%', actual: '100%', points: '15', score: '15' }),
      row({ level1: '效益指标', level2: '社会效益指标', level3: '基层农技服务能力', target: '有效提升', actual: '完成', points: '30', score: '27' }),
      row({ level1: '满意度指标', level2: '服务对象满意度指标', level3: '参训人员满意度', target: '≥90%', actual: '93.5%', points: '10', score: '10' }),
    ],
    ...overrides,
  };
}

function row(fields: IndicatorRowInput): IndicatorRowInput {
  return fields;
}

function withRow(index: number, change: Partial<IndicatorRowInput>, form = nationalForm()): ProjectFormInput {
  const indicators = form.indicators!.map((r, i) => (i === index ? { ...r, ...change } : r));
  return { ...form, indicators };
}

const codes = (problems: Problem[]): string[] => problems.map((p) => p.code);
const one = (problems: Problem[], code: string): Problem => {
  const found = problems.filter((p) => p.code === code);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('checkProjectForm on the national rule pack', () => {
  it('finds nothing wrong with a correct form and derives its total and grade', () => {
    const { problems, result } = checkProjectForm(nationalForm(), NATIONAL_RULE_PACK);
    expect(problems).toEqual([]);
    expect(result).toEqual({
      executionRatePercent: '86',
      executionScore: '8.60',
      sum: '95.6',
      total: '95.6',
      cap: null,
      grade: '优',
      complete: true,
      parts: [
        { part: '产出指标', points: '50', score: '50' },
        { part: '效益指标', points: '30', score: '27' },
        { part: '满意度指标', points: '10', score: '10' },
      ],
    });
  });

  it('asks for the header, and nothing about staffing, on an empty form', () => {
    const { problems, result } = checkProjectForm({}, NATIONAL_RULE_PACK);
    expect(problems.every((p) => p.code === 'PROJECT_FORM.REQUIRED_MISSING')).toBe(true);
    expect(problems.map((p) => p.path)).toEqual([
      'header.projectName',
      'header.competentDepartment',
      'header.implementingUnit',
      'funding.total.budget',
      'funding.total.spent',
      'goals.expected',
      'goals.actual',
      'indicators',
    ]);
    expect(problems.some((p) => /编制|人员/.test(p.message))).toBe(false);
    expect(result).toMatchObject({ executionRatePercent: null, executionScore: null, grade: null, complete: false, total: '0' });
  });

  it('adds the funding sources in every column, blank sources counting as nothing', () => {
    const form = nationalForm();
    form.funding = { ...form.funding, carriedOver: { budget: '20', spent: '18.1' } };
    const problem = one(checkProjectForm(form, NATIONAL_RULE_PACK).problems, 'PROJECT_FORM.FUNDING_SUM_MISMATCH');
    expect(problem).toMatchObject({ severity: 'error', path: 'funding.total.spent', figures: { total: '103.20', sum: '103.30', difference: '-0.10' } });
    expect(problem.message).toContain('其他资金 （空）');
  });

  it('warns when more was spent than budgeted', () => {
    const form = nationalForm();
    form.funding = { ...form.funding, carriedOver: { budget: '20', spent: '21' }, currentYearAppropriation: { initialBudget: '100', budget: '100', spent: '82.2' } };
    const problem = one(checkProjectForm(form, NATIONAL_RULE_PACK).problems, 'PROJECT_FORM.SPENT_ABOVE_BUDGET');
    expect(problem).toMatchObject({ severity: 'warning', path: 'funding.carriedOver.spent', figures: { excess: '1.00' } });
  });

  it('refuses a zero budget instead of dividing by it', () => {
    const form = nationalForm();
    form.funding = { total: { budget: '0', spent: '0' }, reason: 'x' };
    expect(codes(checkProjectForm(form, NATIONAL_RULE_PACK).problems)).toContain('PROJECT_FORM.ZERO_BUDGET');
  });

  it('compares the printed rate at its printed precision', () => {
    const form = nationalForm();
    // 103.2 / 120 = 86% exactly: 86.0 is right, 86.4 is not.
    form.funding = { ...form.funding, printedRate: '86.0' };
    expect(codes(checkProjectForm(form, NATIONAL_RULE_PACK).problems)).not.toContain('PROJECT_FORM.RATE_MISMATCH');
    form.funding = { ...form.funding, printedRate: '86.4%' };
    const problem = one(checkProjectForm(form, NATIONAL_RULE_PACK).problems, 'PROJECT_FORM.RATE_MISMATCH');
    expect(problem.figures).toEqual({ printed: '86.4', computed: '86', expected: '86.0' });
  });

  it('accepts a rate rounded half up and scores the unrounded rate', () => {
    const form = nationalForm();
    // 100.55 / 120 = 83.7916…%: printed 83.79, score 8.379… → 8.38.
    form.funding = {
      total: { budget: '120', spent: '100.55' },
      currentYearAppropriation: { budget: '100', spent: '82.55' },
      carriedOver: { budget: '20', spent: '18' },
      printedRate: '83.79%',
      printedScore: '8.38',
      reason: '部分培训延期。',
    };
    const { problems, result } = checkProjectForm(form, NATIONAL_RULE_PACK);
    expect(codes(problems)).toEqual([]);
    expect(result.executionScore).toBe('8.38');
  });

  it('refuses full execution points at 86%', () => {
    const form = nationalForm();
    form.funding = { ...form.funding, printedScore: '10' };
    const problem = one(checkProjectForm(form, NATIONAL_RULE_PACK).problems, 'PROJECT_FORM.EXECUTION_SCORE_MISMATCH');
    expect(problem).toMatchObject({ severity: 'error', figures: { printed: '10', computed: '8.6' } });
  });

  it('only warns when the score was taken from the rounded rate', () => {
    const form = nationalForm();
    // 102.72 / 120 = 85.6%, printed 86%: 8.6 is 86% × 10, the rule gives 8.56.
    form.funding = {
      total: { budget: '120', spent: '102.72' },
      currentYearAppropriation: { budget: '120', spent: '102.72' },
      printedRate: '86%',
      printedScore: '8.6',
      reason: '部分培训延期。',
    };
    const problem = one(checkProjectForm(form, NATIONAL_RULE_PACK).problems, 'PROJECT_FORM.EXECUTION_SCORE_MISMATCH');
    expect(problem).toMatchObject({ severity: 'warning', figures: { printed: '8.6', computed: '8.56', rate: '85.6' } });
    expect(problem.message).toContain('舍入后的执行率 86% ');
  });

  it('requires the reason for a rate below 90%', () => {
    const form = nationalForm();
    form.funding = { ...form.funding, reason: undefined };
    const problem = one(checkProjectForm(form, NATIONAL_RULE_PACK).problems, 'PROJECT_FORM.EXECUTION_REASON_REQUIRED');
    expect(problem).toMatchObject({ severity: 'error', path: 'funding.reason', figures: { rate: '86', threshold: '90' } });
  });

  it('accepts 产出/效益/满意度 for the parts and refuses another name', () => {
    const short = withRow(0, { level1: '产出' });
    expect(checkProjectForm(short, NATIONAL_RULE_PACK).problems).toEqual([]);
    const problems = checkProjectForm(withRow(0, { level1: '成本指标' }), NATIONAL_RULE_PACK).problems;
    expect(one(problems, 'PROJECT_FORM.LEVEL1_UNKNOWN').path).toBe('indicators.0.level1');
    expect(one(problems, 'PROJECT_FORM.PART_POINTS_MISMATCH')).toMatchObject({
      severity: 'error',
      figures: { part: '产出指标', points: '30', weight: '50', total: '70', expectedTotal: '90' },
    });
  });

  it('only notes weights moved between parts while the indicators still carry 90 points', () => {
    // A wage project without service users: 产出 60, 效益 30, no satisfaction row (an adjustment 财预〔2020〕10号 allows).
    const form = nationalForm();
    form.indicators = [
      row({ level1: '产出指标', level2: '数量指标', level3: '工资发放覆盖率', target: '100%', actual: '100%', points: '60', score: '60' }),
      row({ level1: '效益指标', level2: '社会效益指标', level3: '足额保障率', target: '100%', actual: '100%', points: '30', score: '30' }),
    ];
    const { problems, result } = checkProjectForm(form, NATIONAL_RULE_PACK);
    expect(problems.map((p) => [p.severity, p.code, p.figures?.part])).toEqual([
      ['note', 'PROJECT_FORM.PART_POINTS_MISMATCH', '产出指标'],
      ['note', 'PROJECT_FORM.PART_POINTS_MISMATCH', '满意度指标'],
    ]);
    expect(result).toMatchObject({ total: '98.6', grade: '优' });
  });

  it('asks no reason for keeping well under a ceiling, and reads a deadline as one', () => {
    const cheaper = withRow(2, { level2: '成本指标', level3: '人均培训成本', target: '≤1000元', actual: '820元', score: '15' });
    expect(checkProjectForm(cheaper, NATIONAL_RULE_PACK).problems).toEqual([]);
    const early = withRow(2, { level2: '时效指标', level3: '验收时间', target: '9月前', actual: '7月', score: '15' });
    expect(checkProjectForm(early, NATIONAL_RULE_PACK).problems).toEqual([]);
    const late = withRow(2, { level2: '时效指标', level3: '验收时间', target: '9月前', actual: '10月', score: '13.5' });
    expect(codes(checkProjectForm(late, NATIONAL_RULE_PACK).problems)).toEqual(['PROJECT_FORM.DEVIATION_REASON_REQUIRED']);
  });

  it('treats a blank score as incomplete: no grade yet', () => {
    const { problems, result } = checkProjectForm(withRow(1, { score: undefined }), NATIONAL_RULE_PACK);
    expect(one(problems, 'PROJECT_FORM.SCORE_BLANK')).toMatchObject({ path: 'indicators.1.score', message: expect.stringContaining('产出指标·质量指标·培训合格率') });
    expect(result).toMatchObject({ complete: false, grade: null });
  });

  it('refuses a score above the points', () => {
    const problems = checkProjectForm(withRow(4, { score: '12' }), NATIONAL_RULE_PACK).problems;
    expect(codes(problems)).toContain('PROJECT_FORM.SCORE_ABOVE_POINTS');
  });

  it('refuses a word where a quantitative target needs a number', () => {
    const problem = one(checkProjectForm(withRow(1, { actual: '完成' }), NATIONAL_RULE_PACK).problems, 'PROJECT_FORM.ACTUAL_NOT_A_NUMBER');
    expect(problem.path).toBe('indicators.1.actual');
    expect(problem.message).toContain('单位%');
  });

  it('refuses an actual value in another unit', () => {
    const problems = checkProjectForm(withRow(0, { actual: '1350人' }), NATIONAL_RULE_PACK).problems;
    expect(one(problems, 'PROJECT_FORM.UNIT_MISMATCH').figures).toEqual({ targetUnit: '人次', actualUnit: '人' });
  });

  it('refuses full points for a missed quantitative target and asks for its reason', () => {
    // 满意度 ≥90%, actual 81%: at most 10 × 81 / 90 = 9 points.
    const problems = checkProjectForm(withRow(4, { actual: '81%' }), NATIONAL_RULE_PACK).problems;
    expect(one(problems, 'PROJECT_FORM.SCORE_ABOVE_RULE')).toMatchObject({ path: 'indicators.4.score', figures: { score: '10', rule: '9' } });
    expect(one(problems, 'PROJECT_FORM.DEVIATION_REASON_REQUIRED').path).toBe('indicators.4.deviationReason');
  });

  it('scores an "at most" target by target over actual', () => {
    const form = withRow(2, { level2: '时效指标', level3: '平均办结时间', target: '≤3天', actual: '4天', score: '15', deviationReason: '汛期停课两周。' });
    const problem = one(checkProjectForm(form, NATIONAL_RULE_PACK).problems, 'PROJECT_FORM.SCORE_ABOVE_RULE');
    expect(problem.figures).toMatchObject({ rule: '11.25' });
  });

  it('lets the scorer give less than the rule with a reason, and warns without one', () => {
    const lower = withRow(1, { score: '14' });
    const warned = one(checkProjectForm(lower, NATIONAL_RULE_PACK).problems, 'PROJECT_FORM.SCORE_BELOW_RULE');
    expect(warned.severity).toBe('warning');
    const explained = withRow(1, { score: '14', deviationReason: '个别班次考核不规范，扣1分。' });
    expect(one(checkProjectForm(explained, NATIONAL_RULE_PACK).problems, 'PROJECT_FORM.SCORE_BELOW_RULE').severity).toBe('note');
  });

  it('asks for a reason when a target is exceeded by more than the threshold', () => {
    const problem = one(checkProjectForm(withRow(0, { deviationReason: undefined }), NATIONAL_RULE_PACK).problems, 'PROJECT_FORM.DEVIATION_REASON_REQUIRED');
    expect(problem.figures).toMatchObject({ deviationPercent: '12.5' });
    // 1300 is 8.33% above 1200: within the threshold.
    expect(checkProjectForm(withRow(0, { actual: '1300人次', deviationReason: undefined }), NATIONAL_RULE_PACK).problems).toEqual([]);
  });

  it('holds a qualitative score to the band of its actual value', () => {
    const partly = withRow(3, { actual: '基本完成', score: '27', deviationReason: '两个乡镇服务站尚未建成。' });
    const problem = one(checkProjectForm(partly, NATIONAL_RULE_PACK).problems, 'PROJECT_FORM.SCORE_OUTSIDE_BAND');
    expect(problem.figures).toEqual({ score: '27', from: '18', to: '24' });
    const fine = withRow(3, { actual: '基本完成', score: '21', deviationReason: '两个乡镇服务站尚未建成。' });
    expect(checkProjectForm(fine, NATIONAL_RULE_PACK).problems).toEqual([]);
    const unexplained = withRow(3, { actual: '未完成', score: '10' });
    expect(codes(checkProjectForm(unexplained, NATIONAL_RULE_PACK).problems)).toEqual(['PROJECT_FORM.DEVIATION_REASON_REQUIRED']);
  });

  it('notes a qualitative actual value that does not say how far the target was met', () => {
    const problems = checkProjectForm(withRow(3, { actual: '服务能力明显增强' }), NATIONAL_RULE_PACK).problems;
    expect(one(problems, 'PROJECT_FORM.QUALITATIVE_UNCLASSIFIED').severity).toBe('note');
  });

  it('refuses a printed total or grade that the scores do not give', () => {
    const form = nationalForm({ stated: { total: '96.6', grade: '良' } });
    const problems = checkProjectForm(form, NATIONAL_RULE_PACK).problems;
    expect(one(problems, 'PROJECT_FORM.TOTAL_MISMATCH').figures).toMatchObject({ stated: '96.6', computed: '95.6' });
    expect(one(problems, 'PROJECT_FORM.GRADE_MISMATCH').figures).toMatchObject({ stated: '良', computed: '优' });
    expect(checkProjectForm(nationalForm({ stated: { total: '95.60', grade: '优' } }), NATIONAL_RULE_PACK).problems).toEqual([]);
  });

  it('puts 90 in 优', () => {
    // 效益 27 → 21.4 (基本完成 band 18–24): 88 + 8.6 - 5.6 = 90.
    const form = withRow(3, { actual: '基本完成', score: '21.4', deviationReason: '两个乡镇服务站尚未建成。' });
    expect(checkProjectForm(form, NATIONAL_RULE_PACK).result).toMatchObject({ total: '90', grade: '优' });
  });
});

describe('checkProjectForm on the Sichuan rule pack', () => {
  function sichuanForm(): ProjectFormInput {
    const form = nationalForm();
    return {
      ...form,
      indicators: form.indicators!.map((r) => {
        const nature = r.target!.startsWith('≥') ? '≥' : /\d/.test(r.target!) ? '=' : '定性';
        const unit = r.target!.includes('%') ? '%' : r.target!.includes('人次') ? '人次' : undefined;
        return { ...r, nature, unit, target: r.target!.replace(/^≥/, '') };
      }),
    };
  }

  it('finds nothing wrong with a correct form', () => {
    const { problems, result } = checkProjectForm(sichuanForm(), SICHUAN_RULE_PACK);
    expect(problems).toEqual([]);
    expect(result).toMatchObject({ total: '95.6', cap: null, grade: '优' });
  });

  it('requires the 指标性质 column', () => {
    const form = sichuanForm();
    form.indicators![1] = { ...form.indicators![1], nature: undefined };
    expect(one(checkProjectForm(form, SICHUAN_RULE_PACK).problems, 'PROJECT_FORM.REQUIRED_MISSING').path).toBe('indicators.1.nature');
  });

  it('caps the total by the execution rate', () => {
    const form = sichuanForm();
    // 90 / 120 = 75%: at most 89.
    form.funding = { total: { budget: '120', spent: '90' }, currentYearAppropriation: { budget: '120', spent: '90' }, reason: '设备采购流标后重新招标。' };
    const { problems, result } = checkProjectForm(form, SICHUAN_RULE_PACK);
    expect(codes(problems)).toEqual(['PROJECT_FORM.TOTAL_CAPPED']);
    expect(result).toMatchObject({ executionScore: '7.50', sum: '94.5', total: '89', cap: '89', grade: '良' });
    // 66 / 120 = 55%: at most 69.
    form.funding = { total: { budget: '120', spent: '66' }, reason: '设备采购流标后重新招标。' };
    expect(checkProjectForm(form, SICHUAN_RULE_PACK).result).toMatchObject({ total: '69', cap: '69', grade: '中' });
  });

  it('deducts a share of the points for a target exceeded by 30% or more', () => {
    const form = sichuanForm();
    form.indicators![0] = { ...form.indicators![0], target: '1000' };
    // 1350 is 35% above 1000: 20 − 10% of 20 = 18.
    const problem = one(checkProjectForm(form, SICHUAN_RULE_PACK).problems, 'PROJECT_FORM.SCORE_ABOVE_RULE');
    expect(problem.figures).toEqual({ score: '20', rule: '18', deduction: '2' });
    expect(problem.message).toContain('目标设定偏低');
    form.indicators![0] = { ...form.indicators![0], score: '18' };
    expect(checkProjectForm(form, SICHUAN_RULE_PACK).problems).toEqual([]);
    // The national pack deducts nothing.
    expect(checkProjectForm(form, NATIONAL_RULE_PACK).problems.map((p) => p.code)).toEqual(['PROJECT_FORM.SCORE_BELOW_RULE']);
  });
});
