import type { Problem } from '../problem';
import { NATIONAL_RULE_PACK, RULE_PACKS, SICHUAN_RULE_PACK, rulePackById, validateRulePack } from './rule-packs';

const pairs = (problems: Problem[]): Array<[string, string]> => problems.map((p) => [p.code, p.path]);
/** A deep copy to break: JSON, as a campaign's configuration arrives. */
const copy = (): Record<string, unknown> => JSON.parse(JSON.stringify(SICHUAN_RULE_PACK)) as Record<string, unknown>;

describe('the shipped rule packs', () => {
  it('are valid and found by id', () => {
    for (const pack of RULE_PACKS) expect(validateRulePack(pack)).toEqual({ ok: true, problems: [] });
    expect(rulePackById('national-2020')).toBe(NATIONAL_RULE_PACK);
    expect(rulePackById('sichuan-2021')).toBe(SICHUAN_RULE_PACK);
    expect(rulePackById('guangdong')).toBeUndefined();
  });

  it('differ where the province differs', () => {
    expect(NATIONAL_RULE_PACK).toMatchObject({ totalCaps: [], overshootDeduction: null, fundingReasonColumn: false, columns: { budget: '全年预算数' } });
    expect(SICHUAN_RULE_PACK).toMatchObject({ fundingReasonColumn: true, columns: { budget: '调整后预算数' }, indicatorColumns: { nature: true, unit: true } });
  });
});

describe('validateRulePack', () => {
  it('refuses what is not a pack', () => {
    expect(pairs(validateRulePack('national').problems)).toEqual([['RULE_PACK.WRONG_TYPE', '(pack)']]);
  });

  it('reports every problem at once, each with its path', () => {
    const pack = copy();
    pack.colour = 'red';
    pack.name = '  ';
    pack.weights = { output: '50', effect: '30', satisfaction: '15', execution: '10' };
    pack.executionReasonBelow = '90';
    pack.deviationThreshold = 0.1;
    pack.totalCaps = [
      { rateBelow: '0.7', maxTotal: '79' },
      { rateBelow: '0.8', maxTotal: '89' },
    ];
    pack.overshootDeduction = { overshootFrom: '0.3', deduction: '2' };
    pack.columns = { budget: '调整后预算数'.repeat(10), spent: '全年执行数' };
    pack.indicatorColumns = { nature: 'yes', unit: true };
    delete pack.fundingReasonColumn;
    const { ok, problems } = validateRulePack(pack);
    expect(ok).toBe(false);
    expect(pairs(problems)).toEqual([
      ['RULE_PACK.UNKNOWN_FIELD', 'colour'],
      ['RULE_PACK.REQUIRED', 'fundingReasonColumn'],
      ['RULE_PACK.LABEL_EMPTY', 'name'],
      ['RULE_PACK.WEIGHTS_NOT_100', 'weights'],
      ['RULE_PACK.FRACTION_OUT_OF_RANGE', 'executionReasonBelow'],
      ['RULE_PACK.WRONG_TYPE', 'deviationThreshold'],
      ['RULE_PACK.CAPS_NOT_DESCENDING', 'totalCaps.1'],
      ['RULE_PACK.FRACTION_OUT_OF_RANGE', 'overshootDeduction.deduction'],
      ['RULE_PACK.LABEL_TOO_LONG', 'columns.budget'],
      ['RULE_PACK.WRONG_TYPE', 'indicatorColumns.nature'],
    ]);
    expect(problems.find((p) => p.path === 'weights')).toMatchObject({ figures: { sum: '105' } });
    expect(problems.every((p) => p.severity === 'error' && /[\u4e00-\u9fff]/.test(p.message))).toBe(true);
  });

  it('wants the bands from 100 down to 0, each starting where the one above ends', () => {
    const gap = copy();
    gap.bands = [
      { grade: '优', from: '90', to: '100' },
      { grade: '良', from: '80', to: '89' },
      { grade: '中', from: '60', to: '80' },
      { grade: '差', from: '10', to: '60' },
    ];
    expect(pairs(validateRulePack(gap).problems)).toEqual([
      ['RULE_PACK.BANDS_GAP', 'bands.1.to'],
      ['RULE_PACK.BANDS_GAP', 'bands.3.from'],
    ]);
    const overlap = copy();
    overlap.bands = [
      { grade: '优', from: '90', to: '100' },
      { grade: '优', from: '80', to: '95' },
      { grade: '差', from: '0', to: '0' },
    ];
    expect(pairs(validateRulePack(overlap).problems)).toEqual([
      ['RULE_PACK.DUPLICATE_GRADE', 'bands.1.grade'],
      ['RULE_PACK.BANDS_OVERLAP', 'bands.1.to'],
      ['RULE_PACK.BAND_OUT_OF_RANGE', 'bands.2'],
    ]);
  });

  it('refuses weights and figures that are not numbers, and an id with spaces', () => {
    const pack = copy();
    pack.id = 'Sichuan 2021';
    pack.weights = { output: '五十', effect: '30', satisfaction: '10', execution: '-10' };
    pack.totalCaps = [{ rateBelow: '0.8', maxTotal: '120' }];
    expect(pairs(validateRulePack(pack).problems)).toEqual([
      ['RULE_PACK.BAD_ID', 'id'],
      ['RULE_PACK.NOT_A_NUMBER', 'weights.output'],
      ['RULE_PACK.OUT_OF_RANGE', 'weights.execution'],
      ['RULE_PACK.OUT_OF_RANGE', 'totalCaps.0.maxTotal'],
    ]);
  });
});
