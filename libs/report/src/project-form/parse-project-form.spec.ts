import { PROJECT_FORM_LIMITS, parseProjectForm } from './parse-project-form';
import type { ProjectFormFieldError } from './project-form';

function errorsOf(raw: unknown): ProjectFormFieldError[] {
  const parsed = parseProjectForm(raw);
  if (parsed.ok) throw new Error('expected the form to be refused');
  return parsed.errors;
}

const pairs = (errors: ProjectFormFieldError[]): Array<[string, string]> => errors.map((e) => [e.code, e.path]);

describe('parseProjectForm', () => {
  it('normalises a form as typed: trimmed text, half-width digits, figures without separators or units', () => {
    const parsed = parseProjectForm({
      header: { projectName: '  基层农技人员能力提升培训项目 ', competentDepartment: '某县农业农村局', implementingUnit: '', phone: null },
      funding: {
        total: { budget: '１２０', spent: '103.2万元' },
        carriedOver: { budget: '+20.000000' },
        printedRate: '86%',
        printedScore: '8.6分',
      },
      indicators: [{ level1: '产出指标', level3: '培训人次', target: '≥1,200人次', actual: '１３５０人次', points: '20', score: '20' }],
      stated: { total: '95.6', grade: '优' },
    });
    expect(parsed).toEqual({
      ok: true,
      form: {
        header: { projectName: '基层农技人员能力提升培训项目', competentDepartment: '某县农业农村局' },
        funding: { total: { budget: '120', spent: '103.2' }, carriedOver: { budget: '20.000000' }, printedRate: '86', printedScore: '8.6' },
        indicators: [{ level1: '产出指标', level3: '培训人次', target: '≥1,200人次', actual: '1350人次', points: '20', score: '20' }],
        stated: { total: '95.6', grade: '优' },
      },
    });
  });

  it('accepts nothing at all as an empty form', () => {
    expect(parseProjectForm(undefined)).toEqual({ ok: true, form: {} });
    expect(parseProjectForm({})).toEqual({ ok: true, form: {} });
  });

  it('refuses a value where the form belongs', () => {
    expect(pairs(errorsOf('表'))).toEqual([['PROJECT_FORM.NOT_AN_OBJECT', '(form)']]);
    expect(pairs(errorsOf({ header: ['x'] }))).toEqual([['PROJECT_FORM.NOT_AN_OBJECT', 'header']]);
  });

  it('reports every bad field at once, each with its code and path', () => {
    const errors = errorsOf({
      header: { projectName: 12, staffing: '5' },
      funding: {
        total: { budget: 120, spent: '一百零三' },
        currentYearAppropriation: { budget: '100.1234567', spent: '-5' },
        other: { spent: '2000000000' },
        printedRate: '86.12345%',
      },
      goals: { expected: '目'.repeat(PROJECT_FORM_LIMITS.goal + 1) },
      indicators: [{ level1: '产出指标', points: '20.125', score: '150', actual: '很'.repeat(PROJECT_FORM_LIMITS.value + 1), weight: '1' }, null],
    });
    expect(pairs(errors)).toEqual([
      ['PROJECT_FORM.UNKNOWN_FIELD', 'header.staffing'],
      ['PROJECT_FORM.NOT_TEXT', 'header.projectName'],
      ['PROJECT_FORM.NOT_TEXT', 'funding.total.budget'],
      ['PROJECT_FORM.NOT_A_NUMBER', 'funding.total.spent'],
      ['PROJECT_FORM.TOO_MANY_DECIMALS', 'funding.currentYearAppropriation.budget'],
      ['PROJECT_FORM.NEGATIVE', 'funding.currentYearAppropriation.spent'],
      ['PROJECT_FORM.OUT_OF_RANGE', 'funding.other.spent'],
      ['PROJECT_FORM.TOO_MANY_DECIMALS', 'funding.printedRate'],
      ['PROJECT_FORM.TEXT_TOO_LONG', 'goals.expected'],
      ['PROJECT_FORM.UNKNOWN_FIELD', 'indicators.0.weight'],
      ['PROJECT_FORM.TEXT_TOO_LONG', 'indicators.0.actual'],
      ['PROJECT_FORM.TOO_MANY_DECIMALS', 'indicators.0.points'],
      ['PROJECT_FORM.OUT_OF_RANGE', 'indicators.0.score'],
      ['PROJECT_FORM.NOT_AN_OBJECT', 'indicators.1'],
    ]);
    expect(errors.every((e) => /[\u4e00-\u9fff]/.test(e.message))).toBe(true);
    expect(errors.find((e) => e.path === 'funding.total.spent')).toMatchObject({ received: '一百零三' });
  });

  it('allows six decimals in 万元 (to the fen) and two in a score', () => {
    const parsed = parseProjectForm({ funding: { total: { budget: '120.123456' } }, indicators: [{ score: '8.75' }] });
    expect(parsed.ok).toBe(true);
    expect(pairs(errorsOf({ indicators: [{ score: '8.755' }] }))).toEqual([['PROJECT_FORM.TOO_MANY_DECIMALS', 'indicators.0.score']]);
  });

  it('leaves the punctuation of prose alone', () => {
    const reason = '部分培训班延至次年，资金－待支付（约２０万元）';
    expect(parseProjectForm({ funding: { reason } })).toEqual({ ok: true, form: { funding: { reason: '部分培训班延至次年，资金－待支付（约20万元）' } } });
  });

  it('keeps a qualitative target and actual value as text', () => {
    const parsed = parseProjectForm({ indicators: [{ target: '有效提升', actual: '完成' }] });
    expect(parsed).toEqual({ ok: true, form: { indicators: [{ target: '有效提升', actual: '完成' }] } });
  });

  it('refuses more indicator rows than the form holds, and a list that is not one', () => {
    const rows = Array.from({ length: PROJECT_FORM_LIMITS.indicatorRows + 1 }, () => ({}));
    expect(pairs(errorsOf({ indicators: rows }))).toEqual([['PROJECT_FORM.TOO_MANY_ROWS', 'indicators']]);
    expect(parseProjectForm({ indicators: rows.slice(1) }).ok).toBe(true);
    expect(pairs(errorsOf({ indicators: { level1: '产出指标' } }))).toEqual([['PROJECT_FORM.NOT_A_LIST', 'indicators']]);
  });

  it('measures text in characters, not bytes', () => {
    expect(parseProjectForm({ header: { projectName: '项'.repeat(PROJECT_FORM_LIMITS.name) } }).ok).toBe(true);
    expect(pairs(errorsOf({ header: { projectName: '项'.repeat(PROJECT_FORM_LIMITS.name + 1) } }))).toEqual([
      ['PROJECT_FORM.TEXT_TOO_LONG', 'header.projectName'],
    ]);
  });
});
