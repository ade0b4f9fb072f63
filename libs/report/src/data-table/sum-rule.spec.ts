import { Exact } from './exact';
import { checkSum, type SumRule } from './sum-rule';

function projectCounts(reported: number | undefined, started: number | undefined, added: number | undefined): SumRule {
  return {
    namespace: 'PROJECT_FORM',
    kind: 'count',
    total: { path: 'projects.reported', label: '填报项目数', value: reported },
    parts: [
      { path: 'projects.started', label: '年初项目数', value: started },
      { path: 'projects.added', label: '年中新增项目数', value: added },
    ],
  };
}

describe('checkSum', () => {
  it('accepts counts that add up', () => {
    expect(checkSum(projectCounts(15, 12, 3))).toEqual([]);
  });

  it('reports projects started + added that differ from the projects reported, whatever the tolerance', () => {
    expect(checkSum(projectCounts(14, 12, 3), '5')).toEqual([
      {
        severity: 'error',
        code: 'PROJECT_FORM.COUNT_MISMATCH',
        message: '填报项目数填为 14，但 年初项目数 12 + 年中新增项目数 3 = 15，相差 -1：请核对',
        path: 'projects.reported',
        figures: { printed: '14', computed: '15', difference: '-1' },
      },
    ]);
  });

  it('reports a count total left blank under the form namespace', () => {
    expect(checkSum(projectCounts(undefined, 12, 3)).map((p) => [p.code, p.path, p.figures])).toEqual([['PROJECT_FORM.TOTAL_MISSING', 'projects.reported', { computed: '15' }]]);
  });

  it('adds only the parts that are filled, and says nothing when none is', () => {
    expect(checkSum(projectCounts(12, 12, undefined))).toEqual([]);
    expect(checkSum(projectCounts(7, undefined, undefined))).toEqual([]);
  });

  it('compares amounts within the tolerance given', () => {
    const budget = (total: string): SumRule => ({
      namespace: 'PROJECT_FORM',
      kind: 'amount',
      total: { path: 'budget.adjusted', label: '调整预算数', value: new Exact(total) },
      parts: [
        { path: 'budget.sources.appropriation', label: '当年财政拨款', value: new Exact('120.005') },
        { path: 'budget.sources.carryOver', label: '上年结转', value: new Exact('30.00') },
      ],
    });
    expect(checkSum(budget('150.005'), '0.01')).toEqual([]);
    expect(checkSum(budget('150.01'), '0.01').map((p) => [p.severity, p.code, p.figures])).toEqual([
      ['warning', 'PROJECT_FORM.TOTAL_WITHIN_TOLERANCE', { printed: '150.01', computed: '150.005', difference: '0.005', tolerance: '0.01' }],
    ]);
    expect(checkSum(budget('150.02'), '0.01').map((p) => [p.severity, p.code, p.figures?.difference])).toEqual([['error', 'PROJECT_FORM.TOTAL_MISMATCH', '0.015']]);
  });
});
