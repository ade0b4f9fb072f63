import { parseAmount, parseDataTable, type FieldError } from './data-table';
import { seedDataTableInput, tableFrom } from './data-table.factory';

function errorsOf(raw: unknown): FieldError[] {
  const result = parseDataTable(raw);
  if (result.ok) throw new Error('expected the table to be refused');
  return result.errors;
}

function codesAndPaths(raw: unknown): Array<[string, string]> {
  return errorsOf(raw).map((error) => [error.code, error.path]);
}

describe('parseDataTable', () => {
  it('reads the seed report figures exactly, in 万元', () => {
    const table = tableFrom(seedDataTableInput());
    expect(table.income.total?.wanYuan.toFixed()).toBe('2686.28');
    expect(table.income.components.generalPublicBudgetAppropriation?.wanYuan.toFixed()).toBe('2300.39');
    expect(table.expenditure.basicAndProject?.project?.wanYuan.toFixed()).toBe('1726.16');
    expect(table.staffing[0]).toEqual({ organ: '中共湛江市霞山区委组织部', authorizedPosts: 20, staffInPost: 17, retired: 19, retiredBefore1949: 1 });
  });

  it('keeps a component that was not filled absent, not zero', () => {
    const table = tableFrom(seedDataTableInput());
    expect(Object.keys(table.income.components).sort()).toEqual(['generalPublicBudgetAppropriation', 'governmentFundAppropriation', 'other']);
    expect(table.expenditure.staffRunningProject).toBeUndefined();
    expect(table.balance.carriedIn).toBeUndefined();
  });

  it('converts 元 to 万元 exactly: 26862800.00 元 is 2686.28 万元', () => {
    const table = tableFrom(seedDataTableInput((input) => (input.income!.total = '26862800.00 元')));
    expect(table.income.total).toEqual(expect.objectContaining({ value: '26862800.00', unit: '元' }));
    expect(table.income.total!.wanYuan.toFixed()).toBe('2686.28');
    expect(table.income.total!.wanYuan.equals(tableFrom(seedDataTableInput()).income.total!.wanYuan)).toBe(true);
  });

  it('keeps every digit of an amount in 元, down to the 分', () => {
    const result = parseAmount({ value: '12345678.91', unit: '元' });
    expect(result.ok && result.amount.wanYuan.toFixed()).toBe('1234.567891');
    const tenth = parseAmount('0.10元');
    const fifth = parseAmount('0.20元');
    expect(tenth.ok && fifth.ok && tenth.amount.wanYuan.plus(fifth.amount.wanYuan).toFixed()).toBe('0.00003');
  });

  it('reads amounts typed without a unit in the table unit', () => {
    const table = tableFrom({ unit: '元', income: { total: '26862800' }, expenditure: { total: { value: '2702.04', unit: '万元' } } });
    expect(table.income.total!.wanYuan.toFixed()).toBe('2686.28');
    expect(table.expenditure.total!.wanYuan.toFixed()).toBe('2702.04');
  });

  it('accepts three decimals in 万元, thousands separators and full-width digits', () => {
    const table = tableFrom({ income: { total: '2,686.275' }, expenditure: { total: '２７０２.０４万元' } });
    expect(table.income.total!.wanYuan.toFixed()).toBe('2686.275');
    expect(table.expenditure.total!.wanYuan.toFixed()).toBe('2702.04');
  });

  it('refuses a text answer such as 完成 where a number is needed', () => {
    const errors = errorsOf(seedDataTableInput((input) => (input.income!.components!.other = '完成')));
    expect(errors).toEqual([expect.objectContaining({ code: 'DATA_TABLE.NOT_A_NUMBER', path: 'income.components.other', received: '完成' })]);
    expect(errors[0].message).toContain('完成');
  });

  it('refuses more decimals than the unit allows', () => {
    expect(
      errorsOf(
        seedDataTableInput((input) => {
          input.income!.total = '2686.2812';
          input.expenditure!.total = '27020400.001 元';
        }),
      ),
    ).toEqual([
      expect.objectContaining({ code: 'DATA_TABLE.TOO_MANY_DECIMALS', path: 'income.total', received: '2686.2812' }),
      expect.objectContaining({ code: 'DATA_TABLE.TOO_MANY_DECIMALS', path: 'expenditure.total', received: '27020400.001 元' }),
    ]);
  });

  it('refuses a negative amount', () => {
    expect(codesAndPaths(seedDataTableInput((input) => (input.expenditure!.basicAndProject!.basic = '-975.88')))).toEqual([
      ['DATA_TABLE.NEGATIVE_AMOUNT', 'expenditure.basicAndProject.basic'],
    ]);
  });

  it('refuses an amount above 10^9 万元, in either unit, and accepts 10^9 itself', () => {
    expect(
      codesAndPaths(
        seedDataTableInput((input) => {
          input.income!.total = '1000000000.01';
          input.expenditure!.total = '10000000000001元';
        }),
      ),
    ).toEqual([
      ['DATA_TABLE.OUT_OF_RANGE', 'income.total'],
      ['DATA_TABLE.OUT_OF_RANGE', 'expenditure.total'],
    ]);
    expect(parseAmount('1000000000.00').ok).toBe(true);
  });

  it('refuses amounts sent as JSON numbers, which may already have lost digits', () => {
    expect(codesAndPaths({ income: { total: 2686.28 } })).toEqual([['DATA_TABLE.NOT_TEXT', 'income.total']]);
  });

  it('refuses counts that are not whole non-negative numbers', () => {
    const errors = errorsOf(
      seedDataTableInput((input) => {
        input.staffing![0].staffInPost = 17.5;
        input.staffing![1].retired = -1;
        input.staffing![2].authorizedPosts = '一名';
        input.staffing![3].staffInPost = '3';
      }),
    );
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['DATA_TABLE.NOT_AN_INTEGER', 'staffing.0.staffInPost'],
      ['DATA_TABLE.NEGATIVE_COUNT', 'staffing.1.retired'],
      ['DATA_TABLE.NOT_A_NUMBER', 'staffing.2.authorizedPosts'],
    ]);
  });

  it('refuses a staffing row without the organ name', () => {
    expect(codesAndPaths(seedDataTableInput((input) => (input.staffing![4].organ = '  ')))).toEqual([['DATA_TABLE.REQUIRED', 'staffing.4.organ']]);
  });

  it('reads the printed rate and its precision, with or without a percent sign', () => {
    const table = tableFrom({ execution: { adjustedBudget: '1800', spent: '1726.16', printedRate: '95.90%' } });
    expect(table.execution.printedRate).toEqual(expect.objectContaining({ text: '95.90', decimals: 2 }));
    expect(table.execution.printedRate!.percent.toFixed()).toBe('95.9');
    expect(codesAndPaths({ execution: { printedRate: '已完成' } })).toEqual([['DATA_TABLE.NOT_A_NUMBER', 'execution.printedRate']]);
  });

  it('refuses misspelt fields and an unknown unit rather than dropping them', () => {
    expect(codesAndPaths({ income: { totl: '1.00' }, expenditure: { total: { value: '1', unit: '千元' } } })).toEqual([
      ['DATA_TABLE.UNKNOWN_FIELD', 'income.totl'],
      ['DATA_TABLE.UNKNOWN_UNIT', 'expenditure.total.unit'],
    ]);
  });

  it('lists every bad field at once', () => {
    const errors = errorsOf(
      seedDataTableInput((input) => {
        input.income!.total = '完成';
        input.income!.components!.governmentFundAppropriation = '381.5912';
        input.staffing![0].retired = 1.5;
      }),
    );
    expect(errors.map((e) => e.code)).toEqual(['DATA_TABLE.NOT_A_NUMBER', 'DATA_TABLE.TOO_MANY_DECIMALS', 'DATA_TABLE.NOT_AN_INTEGER']);
  });

  it('reads an empty body as an empty table', () => {
    const table = tableFrom({});
    expect(table.income).toEqual({ total: undefined, components: {} });
    expect(table.staffing).toEqual([]);
  });
});
