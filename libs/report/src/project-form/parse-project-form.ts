import { Decimal } from 'decimal.js';
import { readNumberText, toHalfWidthDigits, toHalfWidthDigitsInText } from '../number-text';
import type { FundingRowInput, IndicatorRowInput, ProjectFormFieldError, ProjectFormInput } from './project-form';

/**
 * Limits of a project form's fields. Amounts are 万元 with at most six decimals, which is 0.01 元:
 * a form printed in 万元 may still carry an amount to the fen, and no more digits than that exist.
 * Points and scores carry two decimals, as scores are written; a printed rate at most four.
 */
export const PROJECT_FORM_LIMITS = {
  /** 项目名称, 主管部门, 实施单位, 负责人, 电话, indicator names, 指标性质, 度量单位, a stated grade. */
  name: 200,
  /** 年度指标值 and 实际完成值 as typed: free text ("≥95%", "完成"), short. */
  value: 200,
  /** 资金执行原因, 偏差原因分析及改进措施. */
  reason: 2000,
  /** 预期目标, 实际完成情况. */
  goal: 4000,
  indicatorRows: 60,
  amountDecimals: 6,
  pointDecimals: 2,
  rateDecimals: 4,
  /** 10^9 万元: far above any project; a larger figure is a typing slip. */
  maxAmount: '1000000000',
  maxPoints: '100',
  maxRatePercent: '1000',
} as const;

type ParseResult = { ok: true; form: ProjectFormInput } | { ok: false; errors: ProjectFormFieldError[] };

const FUNDING_ROWS = ['total', 'currentYearAppropriation', 'carriedOver', 'other'] as const;
const FUNDING_COLUMNS = ['initialBudget', 'budget', 'spent'] as const;
const ROW_FIELDS = ['level1', 'level2', 'level3', 'nature', 'unit', 'target', 'actual', 'points', 'score', 'deviationReason'] as const;

const FIELD_LABELS: Record<string, string> = {
  initialBudget: '年初预算数',
  budget: '全年预算数',
  spent: '全年执行数',
  level1: '一级指标',
  level2: '二级指标',
  level3: '三级指标',
  nature: '指标性质',
  unit: '度量单位',
};

function describe(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  try {
    return JSON.stringify(raw) ?? String(raw);
  } catch {
    return String(raw);
  }
}

function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

class FormParser {
  readonly errors: ProjectFormFieldError[] = [];

  fail(code: string, path: string, message: string, raw?: unknown): undefined {
    this.errors.push(raw === undefined ? { code: `PROJECT_FORM.${code}`, path, message } : { code: `PROJECT_FORM.${code}`, path, message, received: describe(raw) });
    return undefined;
  }

  object(raw: unknown, path: string, label: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      return this.fail('NOT_AN_OBJECT', path || '(form)', `${label}应为一组字段，而不是单个值或列表。`, raw);
    }
    const record = raw as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) {
        const at = path ? `${path}.${key}` : key;
        this.fail('UNKNOWN_FIELD', at, `项目自评表没有字段“${at}”，请检查拼写（${label}可用字段：${allowed.join('、')}）。`);
      }
    }
    return record;
  }

  text(raw: unknown, path: string, label: string, max: number): string | undefined {
    if (isBlank(raw)) return undefined;
    if (typeof raw !== 'string') return this.fail('NOT_TEXT', path, `${label}应填写文字，收到的不是文字。`, raw);
    const text = toHalfWidthDigitsInText(raw.trim());
    const length = [...text].length;
    if (length > max) return this.fail('TEXT_TOO_LONG', path, `${label}最多${max}个字，现有${length}个字，请精简。`);
    return text;
  }

  /**
   * A figure typed as text: `suffix` (万元, %) may follow it. Returns plain half-width digits.
   * A JSON number is refused (NOT_TEXT) so that no binary float enters an amount.
   */
  figure(
    raw: unknown,
    path: string,
    label: string,
    options: { decimals: number; max: string; suffix: RegExp; example: string; unitWord: string },
  ): string | undefined {
    if (isBlank(raw)) return undefined;
    if (typeof raw === 'number') {
      return this.fail('NOT_TEXT', path, `${label}请以文本提交（如 "${String(raw)}"），以免二进制浮点数改变数值。`, raw);
    }
    if (typeof raw !== 'string') return this.fail('NOT_A_NUMBER', path, `${label}应填写数字，例如 ${options.example}。`, raw);
    const read = readNumberText(toHalfWidthDigits(raw).trim().replace(options.suffix, ''));
    switch (read.kind) {
      case 'blank':
      case 'not_a_number':
        return this.fail('NOT_A_NUMBER', path, `${label}“${raw.trim()}”不是数字：此处需要填写数值，例如 ${options.example}。`, raw);
      case 'negative':
        return this.fail('NEGATIVE', path, `${label}不能为负数（收到 ${raw.trim()}）。`, raw);
      case 'number':
        break;
    }
    if (read.decimals > options.decimals) {
      return this.fail('TOO_MANY_DECIMALS', path, `${label}最多${options.decimals}位小数，收到${read.decimals}位，请核对。`, raw);
    }
    if (new Decimal(read.digits).greaterThan(options.max)) {
      return this.fail('OUT_OF_RANGE', path, `${label}${read.digits}${options.unitWord}超过上限${options.max}${options.unitWord}，请核对。`, raw);
    }
    return read.digits;
  }

  amount(raw: unknown, path: string, label: string): string | undefined {
    return this.figure(raw, path, label, {
      decimals: PROJECT_FORM_LIMITS.amountDecimals,
      max: PROJECT_FORM_LIMITS.maxAmount,
      suffix: /\s*万元$/,
      example: '120.00（万元）',
      unitWord: '万元',
    });
  }

  points(raw: unknown, path: string, label: string): string | undefined {
    return this.figure(raw, path, label, {
      decimals: PROJECT_FORM_LIMITS.pointDecimals,
      max: PROJECT_FORM_LIMITS.maxPoints,
      suffix: /\s*分$/,
      example: '8.5',
      unitWord: '分',
    });
  }
}

function withoutBlank<T extends object>(record: T): T | undefined {
  const out = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Reads a project form as it arrives, refusing every bad field at once (nothing is stored then).
 * The form returned is normalised: text trimmed, digits half-width, figures as plain decimal text
 * without separators, sign or unit; blank fields left out.
 */
export function parseProjectForm(raw: unknown): ParseResult {
  const p = new FormParser();
  const root = p.object(raw ?? {}, '', '项目自评表', ['header', 'funding', 'goals', 'indicators', 'stated']);
  if (!root) return { ok: false, errors: p.errors };
  const form: ProjectFormInput = {};

  const header = p.object(root.header, 'header', '表头', ['projectName', 'competentDepartment', 'implementingUnit', 'projectLeader', 'phone']);
  if (header) {
    form.header = withoutBlank({
      projectName: p.text(header.projectName, 'header.projectName', '项目名称', PROJECT_FORM_LIMITS.name),
      competentDepartment: p.text(header.competentDepartment, 'header.competentDepartment', '主管部门', PROJECT_FORM_LIMITS.name),
      implementingUnit: p.text(header.implementingUnit, 'header.implementingUnit', '实施单位', PROJECT_FORM_LIMITS.name),
      projectLeader: p.text(header.projectLeader, 'header.projectLeader', '项目负责人', PROJECT_FORM_LIMITS.name),
      phone: p.text(header.phone, 'header.phone', '联系电话', PROJECT_FORM_LIMITS.name),
    });
  }

  const funding = p.object(root.funding, 'funding', '资金情况', [...FUNDING_ROWS, 'printedRate', 'printedScore', 'reason']);
  if (funding) {
    const rows: Record<string, FundingRowInput | undefined> = {};
    for (const row of FUNDING_ROWS) {
      const cells = p.object(funding[row], `funding.${row}`, '资金行', FUNDING_COLUMNS);
      if (!cells) continue;
      rows[row] = withoutBlank(
        Object.fromEntries(FUNDING_COLUMNS.map((column) => [column, p.amount(cells[column], `funding.${row}.${column}`, FIELD_LABELS[column])])) as FundingRowInput,
      );
    }
    form.funding = withoutBlank({
      ...rows,
      printedRate: p.figure(funding.printedRate, 'funding.printedRate', '执行率', {
        decimals: PROJECT_FORM_LIMITS.rateDecimals,
        max: PROJECT_FORM_LIMITS.maxRatePercent,
        suffix: /\s*[%％]$/,
        example: '86 或 86%',
        unitWord: '%',
      }),
      printedScore: p.points(funding.printedScore, 'funding.printedScore', '执行率得分'),
      reason: p.text(funding.reason, 'funding.reason', '执行原因说明', PROJECT_FORM_LIMITS.reason),
    });
  }

  const goals = p.object(root.goals, 'goals', '年度总体目标', ['expected', 'actual']);
  if (goals) {
    form.goals = withoutBlank({
      expected: p.text(goals.expected, 'goals.expected', '预期目标', PROJECT_FORM_LIMITS.goal),
      actual: p.text(goals.actual, 'goals.actual', '实际完成情况', PROJECT_FORM_LIMITS.goal),
    });
  }

  if (root.indicators !== undefined && root.indicators !== null) {
    if (!Array.isArray(root.indicators)) {
      p.fail('NOT_A_LIST', 'indicators', '绩效指标应为按行排列的列表。', root.indicators);
    } else if (root.indicators.length > PROJECT_FORM_LIMITS.indicatorRows) {
      p.fail('TOO_MANY_ROWS', 'indicators', `绩效指标最多${PROJECT_FORM_LIMITS.indicatorRows}行，收到${root.indicators.length}行，请合并或删减。`);
    } else {
      form.indicators = root.indicators.map((rawRow: unknown, index): IndicatorRowInput => {
        const path = `indicators.${index}`;
        const row = p.object(rawRow, path, `第${index + 1}行指标`, ROW_FIELDS);
        if (!row) {
          if (rawRow === null || rawRow === undefined) p.fail('NOT_AN_OBJECT', path, `第${index + 1}行指标为空，请删除该行或填写内容。`);
          return {};
        }
        const name = (field: string): string | undefined => p.text(row[field], `${path}.${field}`, `第${index + 1}行${FIELD_LABELS[field]}`, PROJECT_FORM_LIMITS.name);
        return (
          withoutBlank({
            level1: name('level1'),
            level2: name('level2'),
            level3: name('level3'),
            nature: name('nature'),
            unit: name('unit'),
            target: p.text(row.target, `${path}.target`, `第${index + 1}行年度指标值`, PROJECT_FORM_LIMITS.value),
            actual: p.text(row.actual, `${path}.actual`, `第${index + 1}行实际完成值`, PROJECT_FORM_LIMITS.value),
            points: p.points(row.points, `${path}.points`, `第${index + 1}行分值`),
            score: p.points(row.score, `${path}.score`, `第${index + 1}行得分`),
            deviationReason: p.text(row.deviationReason, `${path}.deviationReason`, `第${index + 1}行偏差原因分析及改进措施`, PROJECT_FORM_LIMITS.reason),
          }) ?? {}
        );
      });
    }
  }

  const stated = p.object(root.stated, 'stated', '填写的总分和等级', ['total', 'grade']);
  if (stated) {
    form.stated = withoutBlank({
      total: p.points(stated.total, 'stated.total', '填写的总分'),
      grade: p.text(stated.grade, 'stated.grade', '填写的评价等级', PROJECT_FORM_LIMITS.name),
    });
  }

  for (const key of Object.keys(form) as Array<keyof ProjectFormInput>) if (form[key] === undefined) delete form[key];
  return p.errors.length > 0 ? { ok: false, errors: p.errors } : { ok: true, form };
}
