import type { Decimal } from 'decimal.js';
import type { Problem } from '../problem';
import { Exact, formatExact, formatWanYuan, sumOf } from './exact';

/**
 * "A printed total equals the sum of its parts", for any table kind: the basic data table's
 * income and expenditure, and later a key-project form's budget by source or its project counts.
 */
export interface SumRule {
  /** Code prefix of the table kind: `DATA_TABLE`, later `PROJECT_FORM`. */
  namespace: string;
  /** Amounts in 万元 are compared within the campaign's rounding tolerance; counts exactly. */
  kind: 'amount' | 'count';
  total: SumTerm;
  parts: readonly SumTerm[];
}

export interface SumTerm {
  path: string;
  /** In Chinese, as the table prints it: `收入决算`. */
  label: string;
  /** Absent when not filled (never read as zero). */
  value: Decimal | number | undefined;
}

/**
 * Codes, under the rule's namespace:
 * - `TOTAL_MISSING` (error): the total is blank or 0 while parts are not;
 * - `TOTAL_MISMATCH` (error): the parts do not add up to the total (amounts: beyond the tolerance);
 * - `TOTAL_WITHIN_TOLERANCE` (warning, to acknowledge): amounts off by no more than the tolerance;
 * - `COUNT_MISMATCH` (error): counts that do not add up, whatever the difference.
 * Nothing is reported when no part is filled: a total may stand alone.
 */
export function checkSum(rule: SumRule, tolerance: Decimal.Value = 0): Problem[] {
  const present = rule.parts.filter((part) => part.value !== undefined);
  if (present.length === 0) return [];
  const computed = sumOf(present.map((part) => new Exact(part.value as Decimal.Value)));
  const format = rule.kind === 'amount' ? formatWanYuan : formatExact;
  const unit = rule.kind === 'amount' ? ' 万元' : '';
  const partsText = present.map((part) => `${part.label} ${format(new Exact(part.value as Decimal.Value))}${unit}`).join(' + ');
  const total = rule.total.value === undefined ? undefined : new Exact(rule.total.value);

  if ((total === undefined || total.isZero()) && !computed.isZero()) {
    return [
      {
        severity: 'error',
        code: `${rule.namespace}.TOTAL_MISSING`,
        message: `${rule.total.label}${total === undefined ? '未填写' : '填为 0'}，但其组成合计为 ${format(computed)}${unit}（${partsText}）：请填写合计数`,
        path: rule.total.path,
        figures: total === undefined ? { computed: format(computed) } : { printed: format(total), computed: format(computed) },
      },
    ];
  }
  if (total === undefined || total.equals(computed)) return [];

  const difference = total.minus(computed);
  const figures = { printed: format(total), computed: format(computed), difference: format(difference) };
  if (rule.kind === 'count') {
    return [
      {
        severity: 'error',
        code: `${rule.namespace}.COUNT_MISMATCH`,
        message: `${rule.total.label}填为 ${figures.printed}，但 ${partsText} = ${figures.computed}，相差 ${figures.difference}：请核对`,
        path: rule.total.path,
        figures,
      },
    ];
  }
  const limit = new Exact(tolerance);
  const withinTolerance = difference.abs().lessThanOrEqualTo(limit);
  return [
    {
      severity: withinTolerance ? 'warning' : 'error',
      code: `${rule.namespace}.${withinTolerance ? 'TOTAL_WITHIN_TOLERANCE' : 'TOTAL_MISMATCH'}`,
      message: withinTolerance
        ? `${rule.total.label} ${figures.printed} 万元与其组成之和 ${figures.computed} 万元（${partsText}）相差 ${figures.difference} 万元，在尾差容许范围 ${formatWanYuan(limit)} 万元内：如属四舍五入尾差，请确认并说明`
        : `${rule.total.label} ${figures.printed} 万元与其组成之和 ${figures.computed} 万元（${partsText}）相差 ${figures.difference} 万元，超过尾差容许范围 ${formatWanYuan(limit)} 万元：请核对合计数或各组成`,
      path: rule.total.path,
      figures: { ...figures, tolerance: formatWanYuan(limit) },
    },
  ];
}
