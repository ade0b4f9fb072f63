import type { Problem } from '../problem';
import { blockingProblems, problemKey } from './acknowledgement';
import { checkDataTable, dataTableCheck, executionRatePercent } from './data-table.check';
import { balancedSeedDataTable, seedDataTable, tableFrom } from './data-table.factory';

const SEED_NOTE: Problem = {
  severity: 'note',
  code: 'DATA_TABLE.SPENT_ABOVE_INCOME',
  message: expect.stringContaining('请填写年初结转结余'),
  path: 'expenditure.total',
  figures: { income: '2686.26', expenditure: '2702.04', excess: '15.78' },
};

function withoutSeedNote(problems: Problem[]): Problem[] {
  return problems.filter((problem) => problem.code !== 'DATA_TABLE.SPENT_ABOVE_INCOME');
}

describe('checkDataTable', () => {
  it('catches the defect in the seed report as published: income components add up to 2686.26, not 2686.28', () => {
    expect(checkDataTable(seedDataTable())).toEqual([
      {
        severity: 'error',
        code: 'DATA_TABLE.TOTAL_MISMATCH',
        message: expect.stringContaining('收入决算 2686.28 万元与其组成之和 2686.26 万元'),
        path: 'income.total',
        figures: { printed: '2686.28', computed: '2686.26', difference: '0.02', tolerance: '0.01' },
      },
      { ...SEED_NOTE, figures: { income: '2686.28', expenditure: '2702.04', excess: '15.76' } },
    ]);
    const lenient = checkDataTable(seedDataTable(), { roundingTolerance: '0.02' });
    expect(lenient.map((p) => [p.severity, p.code])).toEqual([
      ['warning', 'DATA_TABLE.TOTAL_WITHIN_TOLERANCE'],
      ['note', 'DATA_TABLE.SPENT_ABOVE_INCOME'],
    ]);
  });

  it('passes the seed figures, income balanced, with only the note that spending exceeded income', () => {
    expect(checkDataTable(balancedSeedDataTable())).toEqual([SEED_NOTE]);
    expect(dataTableCheck.check(balancedSeedDataTable(), { roundingTolerance: '0.01' })).toEqual([SEED_NOTE]);
  });

  it('gives the same result whether the seed is typed in 元 or in 万元', () => {
    const inYuan = tableFrom({
      unit: '元',
      income: { total: '26862600.00', components: { generalPublicBudgetAppropriation: '23003900', governmentFundAppropriation: '3815900.00', other: '42800' } },
      expenditure: { total: '27020400', basicAndProject: { basic: '9758800', project: '17261600' } },
      staffing: [{ organ: '中共湛江市霞山区委组织部', authorizedPosts: 20, staffInPost: 17, retired: 19, retiredBefore1949: 1 }],
    });
    expect(checkDataTable(inYuan)).toEqual([SEED_NOTE]);
  });

  describe('totals', () => {
    it('reports components a few hundredths off the printed total as an error beyond the tolerance', () => {
      const table = balancedSeedDataTable((input) => (input.income!.components!.other = '4.26'));
      expect(withoutSeedNote(checkDataTable(table))).toEqual([
        {
          severity: 'error',
          code: 'DATA_TABLE.TOTAL_MISMATCH',
          message: expect.stringContaining('收入决算 2686.26 万元与其组成之和 2686.24 万元'),
          path: 'income.total',
          figures: { printed: '2686.26', computed: '2686.24', difference: '0.02', tolerance: '0.01' },
        },
      ]);
    });

    it('reports a difference within the rounding tolerance as a warning to acknowledge', () => {
      const table = balancedSeedDataTable((input) => (input.income!.components!.other = '4.29'));
      expect(withoutSeedNote(checkDataTable(table))).toEqual([
        expect.objectContaining({
          severity: 'warning',
          code: 'DATA_TABLE.TOTAL_WITHIN_TOLERANCE',
          path: 'income.total',
          figures: { printed: '2686.26', computed: '2686.27', difference: '-0.01', tolerance: '0.01' },
        }),
      ]);
    });

    it('takes the tolerance from the campaign', () => {
      const table = balancedSeedDataTable((input) => (input.income!.components!.other = '4.26'));
      expect(withoutSeedNote(checkDataTable(table, { roundingTolerance: '0.05' })).map((p) => [p.severity, p.code, p.figures?.tolerance])).toEqual([
        ['warning', 'DATA_TABLE.TOTAL_WITHIN_TOLERANCE', '0.05'],
      ]);
      expect(withoutSeedNote(checkDataTable(table, { roundingTolerance: '0' })).map((p) => p.code)).toEqual(['DATA_TABLE.TOTAL_MISMATCH']);
      expect(() => checkDataTable(table, { roundingTolerance: '-0.01' })).toThrow(RangeError);
    });

    it('reports a total row left at 0 while its components are not', () => {
      const table = balancedSeedDataTable((input) => (input.income!.total = '0.00'));
      expect(checkDataTable(table)).toEqual([
        {
          severity: 'error',
          code: 'DATA_TABLE.TOTAL_MISSING',
          message: expect.stringContaining('收入决算填为 0'),
          path: 'income.total',
          figures: { printed: '0.00', computed: '2686.26' },
        },
      ]);
    });

    it('reports a blank total once even when both expenditure splits are given', () => {
      const table = balancedSeedDataTable((input) => {
        delete input.expenditure!.total;
        input.expenditure!.staffRunningProject = { staff: '800.00', running: '175.88', project: '1726.16' };
      });
      expect(checkDataTable(table)).toEqual([
        expect.objectContaining({ severity: 'error', code: 'DATA_TABLE.TOTAL_MISSING', path: 'expenditure.total', figures: { computed: '2702.04' } }),
      ]);
    });

    it('asks for the totals and the staffing of an empty table', () => {
      expect(checkDataTable(tableFrom({})).map((p) => [p.severity, p.code, p.path])).toEqual([
        ['error', 'DATA_TABLE.REQUIRED_MISSING', 'income.total'],
        ['error', 'DATA_TABLE.REQUIRED_MISSING', 'expenditure.total'],
        ['error', 'DATA_TABLE.REQUIRED_MISSING', 'staffing'],
      ]);
    });
  });

  describe('expenditure splits', () => {
    it('accepts staff + running = basic with the same project expenditure in both splits', () => {
      const table = balancedSeedDataTable((input) => (input.expenditure!.staffRunningProject = { staff: '800.00', running: '175.88', project: '1726.16' }));
      expect(checkDataTable(table)).toEqual([SEED_NOTE]);
    });

    it('accepts the staff/running/project split alone', () => {
      const table = balancedSeedDataTable((input) => (input.expenditure = { total: '2702.04', staffRunningProject: { staff: '800.00', running: '175.88', project: '1726.16' } }));
      expect(checkDataTable(table)).toEqual([SEED_NOTE]);
    });

    it('reports basic expenditure that is not staff + running', () => {
      const table = balancedSeedDataTable((input) => (input.expenditure!.staffRunningProject = { staff: '800.00', running: '165.88', project: '1726.16' }));
      expect(withoutSeedNote(checkDataTable(table))).toEqual([
        expect.objectContaining({ code: 'DATA_TABLE.TOTAL_MISMATCH', path: 'expenditure.total', figures: { printed: '2702.04', computed: '2692.04', difference: '10.00', tolerance: '0.01' } }),
        expect.objectContaining({ code: 'DATA_TABLE.TOTAL_MISMATCH', path: 'expenditure.basicAndProject.basic', figures: { printed: '975.88', computed: '965.88', difference: '10.00', tolerance: '0.01' } }),
      ]);
    });

    it('reports project expenditure that differs between the two splits', () => {
      const table = balancedSeedDataTable((input) => (input.expenditure!.staffRunningProject = { staff: '800.00', running: '175.88', project: '1726.00' }));
      expect(withoutSeedNote(checkDataTable(table))).toEqual([
        expect.objectContaining({ code: 'DATA_TABLE.TOTAL_MISMATCH', path: 'expenditure.total', figures: { printed: '2702.04', computed: '2701.88', difference: '0.16', tolerance: '0.01' } }),
        {
          severity: 'error',
          code: 'DATA_TABLE.SPLITS_DISAGREE',
          message: expect.stringContaining('项目支出不一致'),
          path: 'expenditure.staffRunningProject.project',
          figures: { basicAndProject: '1726.16', staffRunningProject: '1726.00', difference: '0.16' },
        },
      ]);
    });

    it('reports a basic/project split that does not add up to the total', () => {
      const table = balancedSeedDataTable((input) => (input.expenditure!.basicAndProject!.basic = '957.88'));
      expect(withoutSeedNote(checkDataTable(table))).toEqual([
        expect.objectContaining({ severity: 'error', code: 'DATA_TABLE.TOTAL_MISMATCH', path: 'expenditure.total', figures: { printed: '2702.04', computed: '2684.04', difference: '18.00', tolerance: '0.01' } }),
      ]);
    });
  });

  describe('预算执行率', () => {
    function withRate(printedRate: string, spent = '1726.16', adjustedBudget = '1800.00') {
      return balancedSeedDataTable((input) => (input.execution = { adjustedBudget, spent, printedRate }));
    }

    it('computes the rate exactly, without rounding it to a printed precision', () => {
      expect(executionRatePercent('975.88', '1000').toFixed()).toBe('97.588');
      expect(executionRatePercent('1726.16', '1800').toDecimalPlaces(12).toFixed()).toBe('95.897777777778');
      expect(executionRatePercent('1726.16', '1800').equals('95.9')).toBe(false);
      expect(() => executionRatePercent('1', '0')).toThrow(RangeError);
    });

    it('accepts a printed rate that is the computed one rounded at its printed precision', () => {
      for (const printed of ['95.90', '95.9', '96', '95.8978']) {
        expect(withoutSeedNote(checkDataTable(withRate(printed)))).toEqual([]);
      }
    });

    it('reports a rate printed rounded the wrong way', () => {
      expect(withoutSeedNote(checkDataTable(withRate('95.89')))).toEqual([
        {
          severity: 'error',
          code: 'DATA_TABLE.RATE_MISMATCH',
          message: expect.stringContaining('按所填精度应为 95.90%'),
          path: 'execution.printedRate',
          figures: { printed: '95.89', computed: '95.897778', expected: '95.90', difference: '-0.007778' },
        },
      ]);
    });

    it('reports a rate that does not follow from the amounts at all', () => {
      expect(withoutSeedNote(checkDataTable(withRate('98.56', '1774.08', '1800.00')))).toEqual([]);
      expect(withoutSeedNote(checkDataTable(withRate('98.56', '1764.08', '1800.00')))).toEqual([
        expect.objectContaining({ code: 'DATA_TABLE.RATE_MISMATCH', figures: { printed: '98.56', computed: '98.004444', expected: '98.00', difference: '0.555556' } }),
      ]);
    });

    it('asks for the amounts a printed rate is computed from, and refuses a zero budget', () => {
      const noBudget = balancedSeedDataTable((input) => (input.execution = { spent: '1726.16', printedRate: '95.90' }));
      expect(withoutSeedNote(checkDataTable(noBudget)).map((p) => [p.code, p.path])).toEqual([['DATA_TABLE.REQUIRED_MISSING', 'execution.adjustedBudget']]);
      expect(withoutSeedNote(checkDataTable(withRate('95.90', '1726.16', '0')))).toEqual([
        expect.objectContaining({ severity: 'error', code: 'DATA_TABLE.ADJUSTED_BUDGET_ZERO', figures: { adjustedBudget: '0.00', spent: '1726.16' } }),
      ]);
    });
  });

  describe('balances', () => {
    it('accepts income + carried in − expenditure = carried out, still noting the overspend', () => {
      const table = balancedSeedDataTable((input) => (input.balance = { carriedIn: '100.00', carriedOut: '84.22' }));
      expect(checkDataTable(table)).toEqual([{ ...SEED_NOTE, message: expect.stringContaining('由年初结转结余 100.00 万元安排') }]);
    });

    it('reports a carried-out balance that does not follow', () => {
      const table = balancedSeedDataTable((input) => (input.balance = { carriedIn: '100.00', carriedOut: '90.00' }));
      expect(withoutSeedNote(checkDataTable(table))).toEqual([
        expect.objectContaining({ severity: 'error', code: 'DATA_TABLE.BALANCE_MISMATCH', path: 'balance.carriedOut', figures: { printed: '90.00', computed: '84.22', difference: '5.78', tolerance: '0.01' } }),
      ]);
    });

    it('reports a carried-out balance within the tolerance as a warning', () => {
      const table = balancedSeedDataTable((input) => (input.balance = { carriedIn: '100.00', carriedOut: '84.23' }));
      expect(withoutSeedNote(checkDataTable(table))).toEqual([
        expect.objectContaining({ severity: 'warning', code: 'DATA_TABLE.BALANCE_WITHIN_TOLERANCE', figures: { printed: '84.23', computed: '84.22', difference: '0.01', tolerance: '0.01' } }),
      ]);
    });

    it('notes a balance given without its counterpart', () => {
      const table = balancedSeedDataTable((input) => (input.balance = { carriedIn: '100.00' }));
      expect(withoutSeedNote(checkDataTable(table))).toEqual([expect.objectContaining({ severity: 'note', code: 'DATA_TABLE.BALANCE_INCOMPLETE', path: 'balance.carriedOut' })]);
    });

    it('says nothing about spending when it is within income', () => {
      const table = balancedSeedDataTable((input) => (input.expenditure = { total: '2686.26', basicAndProject: { basic: '960.10', project: '1726.16' } }));
      expect(checkDataTable(table)).toEqual([]);
    });
  });

  describe('staffing', () => {
    it('warns when staff in post exceed the authorized posts', () => {
      const table = balancedSeedDataTable((input) => (input.staffing![0].staffInPost = 21));
      expect(withoutSeedNote(checkDataTable(table))).toEqual([
        {
          severity: 'warning',
          code: 'DATA_TABLE.STAFF_ABOVE_POSTS',
          message: expect.stringContaining('中共湛江市霞山区委组织部实有在职 21 人，多于编制 20 名'),
          path: 'staffing.0.staffInPost',
          figures: { authorizedPosts: '20', staffInPost: '21', excess: '1' },
        },
      ]);
    });

    it('asks for a count that was left blank', () => {
      const table = balancedSeedDataTable((input) => delete input.staffing![2].retired);
      expect(withoutSeedNote(checkDataTable(table)).map((p) => [p.severity, p.code, p.path])).toEqual([['error', 'DATA_TABLE.REQUIRED_MISSING', 'staffing.2.retired']]);
    });
  });
});

describe('acknowledging warnings', () => {
  const withinTolerance = () => checkDataTable(balancedSeedDataTable((input) => (input.income!.components!.other = '4.29')));

  it('blocks review on an unacknowledged warning but never on a note', () => {
    const problems = withinTolerance();
    expect(blockingProblems(problems, new Set()).map((p) => p.code)).toEqual(['DATA_TABLE.TOTAL_WITHIN_TOLERANCE']);
    const acknowledged = new Set(problems.filter((p) => p.severity === 'warning').map(problemKey));
    expect(blockingProblems(problems, acknowledged)).toEqual([]);
  });

  it('needs a new acknowledgement once the figures change', () => {
    const acknowledged = new Set(withinTolerance().filter((p) => p.severity === 'warning').map(problemKey));
    const changed = checkDataTable(balancedSeedDataTable((input) => (input.income!.components!.other = '4.27')));
    expect(blockingProblems(changed, acknowledged).map((p) => [p.code, p.figures?.difference])).toEqual([['DATA_TABLE.TOTAL_WITHIN_TOLERANCE', '0.01']]);
  });

  it('always blocks on an error', () => {
    const problems = checkDataTable(balancedSeedDataTable((input) => (input.income!.total = '0')));
    expect(blockingProblems(problems, new Set(problems.map(problemKey))).map((p) => p.code)).toEqual(['DATA_TABLE.TOTAL_MISSING']);
  });
});
