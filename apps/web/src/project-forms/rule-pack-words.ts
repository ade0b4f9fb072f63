import type { RulePack } from '@jixiao/report';

function percent(fraction: string): string {
  return `${String(Number((Number(fraction) * 100).toFixed(2)))}%`;
}

/** A pack's rules in sentences, as the finance officer compares them before choosing. */
export function ruleLines(pack: RulePack): Array<{ label: string; text: string }> {
  return [
    { label: '分值', text: `产出指标 ${pack.weights.output}，效益指标 ${pack.weights.effect}，满意度指标 ${pack.weights.satisfaction}，预算执行率 ${pack.weights.execution}` },
    { label: '等级', text: pack.bands.map((b, index) => `${b.grade} ${b.from}（含）至 ${b.to}${index === 0 ? '（含）' : ''}`).join('，') },
    { label: '资金表列名', text: `${pack.columns.budget}（A），${pack.columns.spent}（B）` },
    { label: '执行率偏低', text: `执行率低于 ${percent(pack.executionReasonBelow)} 须说明原因${pack.fundingReasonColumn ? '（资金表设原因列）' : ''}` },
    { label: '指标偏差', text: `实际完成值偏离年度指标值超过 ${percent(pack.deviationThreshold)} 须填写偏差原因分析及改进措施` },
    {
      label: '总分上限',
      text: pack.totalCaps.length === 0 ? '不按执行率限制总分' : pack.totalCaps.map((c) => `执行率低于 ${percent(c.rateBelow)} 时不超过 ${c.maxTotal} 分`).join('；'),
    },
    {
      label: '目标值偏低扣分',
      text: pack.overshootDeduction ? `实际完成值超出指标值 ${percent(pack.overshootDeduction.overshootFrom)} 及以上时，扣该指标分值的 ${percent(pack.overshootDeduction.deduction)}` : '不扣分',
    },
    {
      label: '指标附加列',
      text: [pack.indicatorColumns.nature ? '指标性质' : null, pack.indicatorColumns.unit ? '度量单位' : null].filter(Boolean).join('、') || '无',
    },
  ];
}

/** What a pack changes against another (the national default): one line per rule that differs. */
export function differences(pack: RulePack, base: RulePack): Array<{ label: string; text: string }> {
  const ours = ruleLines(pack);
  const theirs = new Map(ruleLines(base).map((line) => [line.label, line.text]));
  return ours.filter((line) => theirs.get(line.label) !== line.text);
}
