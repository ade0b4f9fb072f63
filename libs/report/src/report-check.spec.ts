import { checkReport, UnknownRulePackError } from './report-check';

describe('checkReport', () => {
  it('refuses a project form whose amount is not a number, with the parser’s code and path, as the API would', () => {
    const outcome = checkReport({ kind: 'project', rulePack: 'national-2020', projectForm: { funding: { total: { budget: '一百二十' } } } });
    expect(outcome.refused).toBe(true);
    expect(outcome.problems.map((p) => [p.severity, p.code, p.path])).toEqual([['error', 'PROJECT_FORM.NOT_A_NUMBER', 'funding.total.budget']]);
  });

  it('checks a parsed project form against the named pack', () => {
    const outcome = checkReport({
      kind: 'project',
      rulePack: 'national-2020',
      projectForm: { funding: { total: { budget: '43.2', spent: '37.24' }, printedScore: '9' } },
    });
    expect(outcome.refused).toBe(false);
    expect(outcome.problems).toContainEqual(expect.objectContaining({ code: 'PROJECT_FORM.EXECUTION_SCORE_MISMATCH', path: 'funding.printedScore' }));
  });

  it('says which rule pack it does not know', () => {
    expect(() => checkReport({ kind: 'project', rulePack: 'hunan-2019', projectForm: {} })).toThrow(UnknownRulePackError);
  });

  it('checks a department report’s table and the figures its text quotes', () => {
    const outcome = checkReport({
      kind: 'department',
      dataTable: { income: { total: '2686.28', components: { generalPublicBudgetAppropriation: '2300.39', governmentFundAppropriation: '381.59', other: '4.28' } } },
      sections: [{ code: '1.4', paragraphs: ['2023年收入决算2686.28万元。'] }],
    });
    expect(outcome.kind).toBe('department');
    expect(outcome.problems).toContainEqual(expect.objectContaining({ code: 'DATA_TABLE.TOTAL_MISMATCH', path: 'income.total' }));
  });
});
