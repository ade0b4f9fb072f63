import { describe, expect, it } from '@jest/globals';
import type { RulePack } from '@jixiao/report';
import { firstDraft, inputToSend, valueAt, withValue } from './form-input';
import { differences } from './rule-pack-words';

const national: RulePack = {
  id: 'national-2020',
  name: '全国通用（财预〔2020〕10号）',
  weights: { output: '50', effect: '30', satisfaction: '10', execution: '10' },
  bands: [
    { grade: '优', from: '90', to: '100' },
    { grade: '良', from: '80', to: '90' },
    { grade: '中', from: '60', to: '80' },
    { grade: '差', from: '0', to: '60' },
  ],
  executionReasonBelow: '0.9',
  deviationThreshold: '0.1',
  totalCaps: [],
  overshootDeduction: null,
  columns: { budget: '全年预算数', spent: '全年执行数' },
  indicatorColumns: { nature: false, unit: false },
  fundingReasonColumn: false,
};

describe('the project form as the console sends it', () => {
  it('leaves blanks out but keeps every indicator row in its place, so a problem names the row on screen', () => {
    let draft = firstDraft({ name: '培训项目', competentDepartment: '区财政局', implementingUnit: '' });
    draft = withValue(draft, 'funding.total.budget', ' 100 ');
    draft = withValue(draft, 'indicators.1.score', '30');
    draft = withValue(draft, 'goals.expected', '  ');
    const sent = inputToSend(draft);
    expect(sent.header).toEqual({ projectName: '培训项目', competentDepartment: '区财政局' });
    expect(sent.funding).toEqual({ total: { budget: ' 100 ' } });
    expect(sent.goals).toBeUndefined();
    expect(sent.indicators).toEqual([{ level1: '产出指标' }, { level1: '效益指标', score: '30' }, { level1: '满意度指标' }]);
    expect(valueAt(draft, 'indicators.1.score')).toBe('30');
    expect(valueAt(draft, 'funding.other.spent')).toBe('');
  });

  it('sends an emptied indicator row as an empty row, not as nothing', () => {
    const draft = withValue({ indicators: [{ level3: '培训人次' }, { level3: '满意度' }] }, 'indicators.0.level3', '');
    expect(inputToSend(draft).indicators).toEqual([{}, { level3: '满意度' }]);
  });
});

describe('what a provincial rule pack changes', () => {
  it('names only the rules that differ from the national pack', () => {
    const provincial: RulePack = {
      ...national,
      id: 'sichuan-2021',
      name: '四川省',
      columns: { budget: '调整后预算数', spent: '全年执行数' },
      totalCaps: [{ rateBelow: '0.8', maxTotal: '89' }],
      indicatorColumns: { nature: true, unit: true },
    };
    const changed = differences(provincial, national);
    expect(changed.map((line) => line.label)).toEqual(['资金表列名', '总分上限', '指标附加列']);
    expect(changed[0]!.text).toBe('调整后预算数（A），全年执行数（B）');
    expect(changed[1]!.text).toBe('执行率低于 80% 时不超过 89 分');
    expect(differences(national, national)).toEqual([]);
  });
});
