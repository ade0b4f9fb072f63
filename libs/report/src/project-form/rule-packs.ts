import { Decimal } from 'decimal.js';
import type { Problem } from '../problem';
import { readNumberText } from '../number-text';
import type { RulePack, RulePackValidation } from './rule-pack';

/**
 * The national template of 财预〔2020〕10号 (项目支出绩效自评表): weights 产出 50, 效益 30, 满意度 10,
 * 预算执行率 10; grades 优 from 90 (included), 良 80, 中 60, 差 below 60; a reason for an execution
 * rate below 90%.
 *
 * The deviation threshold, 10% either way, is ours: the national text asks for a reason where the
 * actual value "deviates" from the target without a figure. Ten per cent is the smallest deviation
 * provincial manuals name, so a reader of the sealed form never meets an unexplained gap larger
 * than any province tolerates; a smaller gap is ordinary rounding of plans.
 */
export const NATIONAL_RULE_PACK: RulePack = {
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

/**
 * A provincial variant as Sichuan's manual prints it: column A is 调整后预算数, a reason column beside
 * the funding rows (required below 90%), 指标性质 and 度量单位 columns, the total capped by the
 * execution rate (70–80%: at most 89; 60–70%: at most 79; below 60%: at most 69), and a target
 * exceeded by 30% or more on an "at least" indicator loses a tenth of its points (a target set too
 * low).
 */
export const SICHUAN_RULE_PACK: RulePack = {
  id: 'sichuan-2021',
  name: '四川省（项目支出绩效自评）',
  weights: { output: '50', effect: '30', satisfaction: '10', execution: '10' },
  bands: NATIONAL_RULE_PACK.bands,
  executionReasonBelow: '0.9',
  deviationThreshold: '0.1',
  totalCaps: [
    { rateBelow: '0.8', maxTotal: '89' },
    { rateBelow: '0.7', maxTotal: '79' },
    { rateBelow: '0.6', maxTotal: '69' },
  ],
  overshootDeduction: { overshootFrom: '0.3', deduction: '0.1' },
  columns: { budget: '调整后预算数', spent: '全年执行数' },
  indicatorColumns: { nature: true, unit: true },
  fundingReasonColumn: true,
};

export const RULE_PACKS: readonly RulePack[] = [NATIONAL_RULE_PACK, SICHUAN_RULE_PACK];

export function rulePackById(id: string): RulePack | undefined {
  return RULE_PACKS.find((pack) => pack.id === id);
}

/** Labels and names are printed in a table cell: short. */
export const RULE_PACK_LABEL_MAX = 40;
export const RULE_PACK_NAME_MAX = 100;

const TOP_FIELDS = [
  'id',
  'name',
  'weights',
  'bands',
  'executionReasonBelow',
  'deviationThreshold',
  'totalCaps',
  'overshootDeduction',
  'columns',
  'indicatorColumns',
  'fundingReasonColumn',
] as const;
const WEIGHT_LABELS: Record<string, string> = { output: '产出指标', effect: '效益指标', satisfaction: '满意度指标', execution: '预算执行率' };

class PackReader {
  readonly problems: Problem[] = [];

  add(code: string, path: string, message: string, figures?: Record<string, string>): void {
    this.problems.push({ severity: 'error', code: `RULE_PACK.${code}`, path, message, ...(figures ? { figures } : {}) });
  }

  record(raw: unknown, path: string, label: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      this.add('WRONG_TYPE', path || '(pack)', `${label}应为一组字段。`);
      return undefined;
    }
    const record = raw as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) {
        const at = path ? `${path}.${key}` : key;
        this.add('UNKNOWN_FIELD', at, `规则包没有字段“${at}”，请检查拼写（可用字段：${allowed.join('、')}）。`);
      }
    }
    for (const key of allowed) {
      if (!(key in record)) this.add('REQUIRED', path ? `${path}.${key}` : key, `${label}缺少字段“${key}”。`);
    }
    return record;
  }

  text(raw: unknown, path: string, label: string, max: number): string | undefined {
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string') {
      this.add('WRONG_TYPE', path, `${label}应为文字。`);
      return undefined;
    }
    if (raw.trim() === '') {
      this.add('LABEL_EMPTY', path, `${label}不能为空。`);
      return undefined;
    }
    if ([...raw].length > max) this.add('LABEL_TOO_LONG', path, `${label}最多${max}个字，现有${[...raw].length}个字，请缩短。`);
    return raw;
  }

  /** A decimal string (numbers as text, so that no binary float enters a rule). */
  decimal(raw: unknown, path: string, label: string): Decimal | undefined {
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string') {
      this.add('WRONG_TYPE', path, `${label}应为文字形式的数字（如 "0.9"）。`);
      return undefined;
    }
    const read = readNumberText(raw);
    if (read.kind === 'negative') {
      this.add('OUT_OF_RANGE', path, `${label}不能为负数（收到“${raw}”）。`);
      return undefined;
    }
    if (read.kind !== 'number') {
      this.add('NOT_A_NUMBER', path, `${label}“${raw}”不是数字。`);
      return undefined;
    }
    return new Decimal(read.digits);
  }

  /** A fraction strictly between 0 and 1 (or up to 1 where `upToOne`). */
  fraction(raw: unknown, path: string, label: string, upToOne = false): Decimal | undefined {
    const value = this.decimal(raw, path, label);
    if (value === undefined) return undefined;
    if (value.lessThanOrEqualTo(0) || (upToOne ? value.greaterThan(1) : value.greaterThanOrEqualTo(1))) {
      this.add(
        'FRACTION_OUT_OF_RANGE',
        path,
        `${label}应为大于0${upToOne ? '且不超过1' : '且小于1'}的小数（如 0.9 表示90%），收到“${String(raw)}”。`,
        { received: String(raw) },
      );
      return undefined;
    }
    return value;
  }

  bool(raw: unknown, path: string, label: string): void {
    if (raw !== undefined && typeof raw !== 'boolean') this.add('WRONG_TYPE', path, `${label}应为 true 或 false。`);
  }
}

/**
 * Validates a rule pack as a campaign's configuration receives it, reporting every problem at once
 * with its path: weights adding up to 100, bands covering 0–100 from the top down without gap or
 * overlap, fractions in range, caps descending, labels present and short, no unknown fields.
 */
export function validateRulePack(raw: unknown): RulePackValidation {
  const r = new PackReader();
  const pack = r.record(raw, '', '规则包', TOP_FIELDS);
  if (!pack) return { ok: false, problems: r.problems };

  r.text(pack.id, 'id', '规则包编号', RULE_PACK_LABEL_MAX);
  if (typeof pack.id === 'string' && !/^[a-z0-9][a-z0-9-]*$/.test(pack.id)) {
    r.add('BAD_ID', 'id', `规则包编号“${pack.id}”只能由小写字母、数字和连字符组成（如 national-2020）。`);
  }
  r.text(pack.name, 'name', '规则包名称', RULE_PACK_NAME_MAX);

  if (pack.weights !== undefined) {
    const weights = r.record(pack.weights, 'weights', '分值权重', Object.keys(WEIGHT_LABELS));
    if (weights) {
      let sum = new Decimal(0);
      let readable = true;
      for (const [key, label] of Object.entries(WEIGHT_LABELS)) {
        const value = weights[key] === undefined ? undefined : r.decimal(weights[key], `weights.${key}`, `${label}分值`);
        if (value === undefined) {
          readable = false;
          continue;
        }
        if (value.isZero()) r.add('OUT_OF_RANGE', `weights.${key}`, `${label}分值应大于0。`);
        sum = sum.plus(value);
      }
      if (readable && !sum.equals(100)) {
        r.add('WEIGHTS_NOT_100', 'weights', `四部分分值（产出、效益、满意度、预算执行率）之和应为100，现为${sum.toFixed()}，请调整。`, {
          sum: sum.toFixed(),
        });
      }
    }
  }

  if (pack.bands !== undefined) validateBands(r, pack.bands);

  if (pack.executionReasonBelow !== undefined) r.fraction(pack.executionReasonBelow, 'executionReasonBelow', '需说明原因的执行率下限', true);
  if (pack.deviationThreshold !== undefined) r.fraction(pack.deviationThreshold, 'deviationThreshold', '偏差阈值');

  if (pack.totalCaps !== undefined) {
    if (!Array.isArray(pack.totalCaps)) {
      r.add('WRONG_TYPE', 'totalCaps', '总分封顶规则应为列表（可为空）。');
    } else {
      let previous: { rate: Decimal; max: Decimal } | undefined;
      pack.totalCaps.forEach((rawCap: unknown, index) => {
        const path = `totalCaps.${index}`;
        const cap = r.record(rawCap, path, `第${index + 1}条封顶规则`, ['rateBelow', 'maxTotal']);
        if (!cap) return;
        const rate = r.fraction(cap.rateBelow, `${path}.rateBelow`, `第${index + 1}条封顶规则的执行率界限`, true);
        const max = r.decimal(cap.maxTotal, `${path}.maxTotal`, `第${index + 1}条封顶规则的最高总分`);
        if (max !== undefined && (max.isZero() || max.greaterThan(100))) {
          r.add('OUT_OF_RANGE', `${path}.maxTotal`, `第${index + 1}条封顶规则的最高总分应在0至100之间（不含0），收到${max.toFixed()}。`);
        }
        if (rate === undefined || max === undefined) return;
        if (previous && (!rate.lessThan(previous.rate) || !max.lessThan(previous.max))) {
          r.add(
            'CAPS_NOT_DESCENDING',
            path,
            `封顶规则应按执行率界限从高到低排列，且界限越低最高总分越低：第${index + 1}条（低于${rate.times(100).toFixed()}%最高${max.toFixed()}分）应排在第${index}条（低于${previous.rate.times(100).toFixed()}%最高${previous.max.toFixed()}分）之后且更严。`,
          );
        }
        previous = { rate, max };
      });
    }
  }

  if (pack.overshootDeduction !== undefined && pack.overshootDeduction !== null) {
    const o = r.record(pack.overshootDeduction, 'overshootDeduction', '超额扣分规则', ['overshootFrom', 'deduction']);
    if (o) {
      const from = r.decimal(o.overshootFrom, 'overshootDeduction.overshootFrom', '超额扣分的超出比例');
      if (from !== undefined && from.lessThanOrEqualTo(0)) {
        r.add('FRACTION_OUT_OF_RANGE', 'overshootDeduction.overshootFrom', '超额扣分的超出比例应大于0（如 0.3 表示超出目标30%）。');
      }
      r.fraction(o.deduction, 'overshootDeduction.deduction', '超额扣分比例', true);
    }
  }

  if (pack.columns !== undefined) {
    const columns = r.record(pack.columns, 'columns', '栏目名称', ['budget', 'spent']);
    if (columns) {
      r.text(columns.budget, 'columns.budget', '预算数栏目名称', RULE_PACK_LABEL_MAX);
      r.text(columns.spent, 'columns.spent', '执行数栏目名称', RULE_PACK_LABEL_MAX);
    }
  }
  if (pack.indicatorColumns !== undefined) {
    const columns = r.record(pack.indicatorColumns, 'indicatorColumns', '指标附加栏目', ['nature', 'unit']);
    if (columns) {
      r.bool(columns.nature, 'indicatorColumns.nature', '“指标性质”栏目开关');
      r.bool(columns.unit, 'indicatorColumns.unit', '“度量单位”栏目开关');
    }
  }
  r.bool(pack.fundingReasonColumn, 'fundingReasonColumn', '资金原因栏目开关');

  return { ok: r.problems.length === 0, problems: r.problems };
}

function validateBands(r: PackReader, raw: unknown): void {
  if (!Array.isArray(raw) || raw.length === 0) {
    r.add('WRONG_TYPE', 'bands', '等级区间应为非空列表，从最高等级排到最低等级。');
    return;
  }
  const grades = new Set<string>();
  let expectedTo: Decimal | undefined = new Decimal(100);
  raw.forEach((rawBand: unknown, index) => {
    const path = `bands.${index}`;
    const band = r.record(rawBand, path, `第${index + 1}个等级`, ['grade', 'from', 'to']);
    if (!band) {
      expectedTo = undefined;
      return;
    }
    const grade = r.text(band.grade, `${path}.grade`, `第${index + 1}个等级的名称`, RULE_PACK_LABEL_MAX);
    if (grade !== undefined) {
      if (grades.has(grade)) r.add('DUPLICATE_GRADE', `${path}.grade`, `等级“${grade}”重复，每个等级只能出现一次。`);
      grades.add(grade);
    }
    const from = r.decimal(band.from, `${path}.from`, `等级“${grade ?? index + 1}”的下限`);
    const to = r.decimal(band.to, `${path}.to`, `等级“${grade ?? index + 1}”的上限`);
    if (from === undefined || to === undefined) {
      expectedTo = undefined;
      return;
    }
    if (!from.lessThan(to) || to.greaterThan(100)) {
      r.add('BAND_OUT_OF_RANGE', path, `等级“${grade ?? index + 1}”的区间${from.toFixed()}–${to.toFixed()}无效：下限应小于上限，且都在0至100之间。`);
    } else if (expectedTo !== undefined && !to.equals(expectedTo)) {
      const gap = to.lessThan(expectedTo);
      r.add(
        gap ? 'BANDS_GAP' : 'BANDS_OVERLAP',
        `${path}.to`,
        index === 0
          ? `最高等级“${grade ?? ''}”的上限应为100，现为${to.toFixed()}。`
          : `等级“${grade ?? index + 1}”的上限${to.toFixed()}应等于上一等级的下限${expectedTo.toFixed()}：${gap ? `${to.toFixed()}至${expectedTo.toFixed()}分没有对应等级` : '两个等级的区间重叠'}。等级应从高到低排列、首尾相接。`,
        { to: to.toFixed(), expected: expectedTo.toFixed() },
      );
    }
    expectedTo = from;
    if (index === raw.length - 1 && !from.isZero()) {
      r.add('BANDS_GAP', `${path}.from`, `最低等级“${grade ?? ''}”的下限应为0，现为${from.toFixed()}：0至${from.toFixed()}分没有对应等级。`);
    }
  });
}
