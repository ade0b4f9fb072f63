import type { Decimal } from 'decimal.js';
import { Exact, formatWanYuan } from './exact';
import { readNumberText, toHalfWidthDigits } from '../number-text';

/**
 * The basic data table (基础数据表) of one case: final accounts, balances, budget execution and
 * staffing. Money is exact decimal in 万元; what the person typed is kept beside it.
 */

export type AmountUnit = '万元' | '元';
export const AMOUNT_UNITS: readonly AmountUnit[] = ['万元', '元'];

/** Three decimals in 万元 is 10 元; 元 carry at most 分. */
export const MAX_DECIMALS: Readonly<Record<AmountUnit, number>> = { 万元: 3, 元: 2 };
/** 10^9 万元 is far above any unit's budget: a larger figure is a typing slip. */
export const MAX_AMOUNT_WAN_YUAN = new Exact('1e9');
export const MAX_COUNT = 1_000_000;
export const MAX_RATE_DECIMALS = 4;
export const MAX_RATE_PERCENT = new Exact(1000);

export const INCOME_COMPONENTS = [
  'generalPublicBudgetAppropriation',
  'governmentFundAppropriation',
  'stateCapitalAppropriation',
  'subsidyFromSuperior',
  'institutionalActivities',
  'businessActivities',
  'other',
] as const;
export type IncomeComponent = (typeof INCOME_COMPONENTS)[number];

export const INCOME_COMPONENT_LABELS: Readonly<Record<IncomeComponent, string>> = {
  generalPublicBudgetAppropriation: '一般公共预算财政拨款收入',
  governmentFundAppropriation: '政府性基金预算财政拨款收入',
  stateCapitalAppropriation: '国有资本经营预算财政拨款收入',
  subsidyFromSuperior: '上级补助收入',
  institutionalActivities: '事业收入',
  businessActivities: '经营收入',
  other: '其他收入',
};

export const STAFFING_COUNTS = ['authorizedPosts', 'staffInPost', 'retired', 'retiredBefore1949'] as const;
export type StaffingCount = (typeof STAFFING_COUNTS)[number];

export const STAFFING_LABELS: Readonly<Record<StaffingCount, string>> = {
  authorizedPosts: '编制数',
  staffInPost: '实有在职人数',
  retired: '退休人数',
  retiredBefore1949: '离休人数',
};

// ---------------------------------------------------------------- input, as it arrives (JSON)

/** `"2686.28"` (in the table's unit), `"2686.28 万元"`, `"26862800.00元"` or `{ value, unit }`. */
export type AmountInput = string | { value: string; unit?: AmountUnit };
export type CountInput = number | string;

export interface DataTableInput {
  /** The unit of amounts typed without one; 万元 when not given. */
  unit?: AmountUnit;
  income?: { total?: AmountInput; components?: Partial<Record<IncomeComponent, AmountInput>> };
  expenditure?: {
    total?: AmountInput;
    /** 基本支出 / 项目支出 */
    basicAndProject?: { basic?: AmountInput; project?: AmountInput };
    /** 人员经费 / 公用经费 / 项目支出 */
    staffRunningProject?: { staff?: AmountInput; running?: AmountInput; project?: AmountInput };
  };
  /** 年初结转结余 / 年末结转结余 */
  balance?: { carriedIn?: AmountInput; carriedOut?: AmountInput };
  execution?: {
    /** 调整预算数 */
    adjustedBudget?: AmountInput;
    /** 实际支出 */
    spent?: AmountInput;
    /** 预算执行率 as printed, a percentage: "98.56" or "98.56%". */
    printedRate?: string;
  };
  staffing?: Array<{ organ: string } & Partial<Record<StaffingCount, CountInput>>>;
}

// ---------------------------------------------------------------- the parsed table

export interface Amount {
  /** Exact, in 万元 (an amount typed in 元 is divided by 10000 exactly). */
  readonly wanYuan: Decimal;
  /** As typed, normalised: digits without separators, and its unit. */
  readonly value: string;
  readonly unit: AmountUnit;
}

export interface PrintedRate {
  readonly percent: Decimal;
  /** Decimals as printed: the precision at which the printed rate is compared. */
  readonly decimals: number;
  readonly text: string;
}

export interface StaffingRow {
  readonly organ: string;
  /** Absent while not yet filled; the check reports it. */
  readonly authorizedPosts?: number;
  readonly staffInPost?: number;
  readonly retired?: number;
  readonly retiredBefore1949?: number;
}

export interface DataTable {
  readonly income: { readonly total?: Amount; readonly components: Readonly<Partial<Record<IncomeComponent, Amount>>> };
  readonly expenditure: {
    readonly total?: Amount;
    readonly basicAndProject?: { readonly basic?: Amount; readonly project?: Amount };
    readonly staffRunningProject?: { readonly staff?: Amount; readonly running?: Amount; readonly project?: Amount };
  };
  readonly balance: { readonly carriedIn?: Amount; readonly carriedOut?: Amount };
  readonly execution: { readonly adjustedBudget?: Amount; readonly spent?: Amount; readonly printedRate?: PrintedRate };
  readonly staffing: readonly StaffingRow[];
}

/** Bad input: the table is refused as a whole and nothing is stored. */
export interface FieldError {
  /** `DATA_TABLE.NOT_A_NUMBER`, `DATA_TABLE.TOO_MANY_DECIMALS`, ... */
  code: string;
  /** `income.total`, `staffing.0.staffInPost`, ... */
  path: string;
  /** In Chinese, saying what to type instead. */
  message: string;
  /** What was received, as text. */
  received?: string;
}

export type ParseDataTableResult = { ok: true; table: DataTable } | { ok: false; errors: FieldError[] };

// ---------------------------------------------------------------- parsing

const UNIT_SUFFIX = /^(.*?)\s*(万元|元)$/s;

/** Full-width digits, point and comma, as Chinese input methods type them. */
function toHalfWidth(text: string): string {
  return toHalfWidthDigits(text).trim();
}

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

class Parser {
  readonly errors: FieldError[] = [];

  constructor(private readonly defaultUnit: AmountUnit) {}

  fail(code: string, path: string, message: string, raw?: unknown): undefined {
    this.errors.push(raw === undefined ? { code, path, message } : { code, path, message, received: describe(raw) });
    return undefined;
  }

  object(raw: unknown, path: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (isBlank(raw)) return undefined;
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      return this.fail('DATA_TABLE.NOT_AN_OBJECT', path || '(table)', `${path || '数据表'}应为一组字段，而不是单个值`, raw);
    }
    const record = raw as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) {
        const at = path ? `${path}.${key}` : key;
        this.fail('DATA_TABLE.UNKNOWN_FIELD', at, `数据表没有字段“${at}”，请检查拼写（可用字段：${allowed.join('、')}）`);
      }
    }
    return record;
  }

  /** Splits the unit from the digits, checks them, and converts to 万元. */
  amount(raw: unknown, path: string): Amount | undefined {
    if (isBlank(raw)) return undefined;
    let text: string;
    let unit: AmountUnit = this.defaultUnit;
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      const record = this.object(raw, path, ['value', 'unit']);
      if (!record) return undefined;
      if (record.unit !== undefined) {
        if (!AMOUNT_UNITS.includes(record.unit as AmountUnit)) {
          return this.fail('DATA_TABLE.UNKNOWN_UNIT', `${path}.unit`, `金额单位只能是“万元”或“元”`, record.unit);
        }
        unit = record.unit as AmountUnit;
      }
      if (isBlank(record.value)) return undefined;
      if (typeof record.value !== 'string') return this.notText(record.value, `${path}.value`);
      text = toHalfWidth(record.value);
    } else if (typeof raw === 'string') {
      text = toHalfWidth(raw);
      const suffixed = UNIT_SUFFIX.exec(text);
      if (suffixed) {
        text = suffixed[1];
        unit = suffixed[2] as AmountUnit;
      }
    } else {
      return this.notText(raw, path);
    }
    const digits = this.digits(text, raw, path, 'DATA_TABLE.NEGATIVE_AMOUNT', '金额不能为负数');
    if (digits === undefined) return undefined;
    const decimals = decimalsOf(digits);
    if (decimals > MAX_DECIMALS[unit]) {
      return this.fail(
        'DATA_TABLE.TOO_MANY_DECIMALS',
        path,
        `以${unit}填写的金额最多${MAX_DECIMALS[unit]}位小数，收到${decimals}位：请核对金额或换算单位`,
        raw,
      );
    }
    const wanYuan = unit === '元' ? new Exact(digits).dividedBy(10000) : new Exact(digits);
    if (wanYuan.greaterThan(MAX_AMOUNT_WAN_YUAN)) {
      return this.fail(
        'DATA_TABLE.OUT_OF_RANGE',
        path,
        `金额 ${formatWanYuan(wanYuan)} 万元超过上限 ${MAX_AMOUNT_WAN_YUAN.toFixed()} 万元，请核对单位（万元/元）`,
        raw,
      );
    }
    return { wanYuan, value: digits, unit };
  }

  count(raw: unknown, path: string): number | undefined {
    if (isBlank(raw)) return undefined;
    let text: string;
    if (typeof raw === 'number') {
      if (!Number.isFinite(raw)) return this.fail('DATA_TABLE.NOT_A_NUMBER', path, '人数应为整数', raw);
      text = String(raw);
    } else if (typeof raw === 'string') {
      text = toHalfWidth(raw).replace(/\s*人$/, '');
    } else {
      return this.fail('DATA_TABLE.NOT_A_NUMBER', path, '人数应为整数', raw);
    }
    const digits = this.digits(text, raw, path, 'DATA_TABLE.NEGATIVE_COUNT', '人数不能为负数');
    if (digits === undefined) return undefined;
    if (decimalsOf(digits) > 0 && !new Exact(digits).isInteger()) {
      return this.fail('DATA_TABLE.NOT_AN_INTEGER', path, `人数应为整数，收到 ${digits}`, raw);
    }
    const value = new Exact(digits);
    if (value.greaterThan(MAX_COUNT)) {
      return this.fail('DATA_TABLE.OUT_OF_RANGE', path, `人数 ${digits} 超过上限 ${MAX_COUNT}，请核对`, raw);
    }
    return value.toNumber();
  }

  rate(raw: unknown, path: string): PrintedRate | undefined {
    if (isBlank(raw)) return undefined;
    if (typeof raw !== 'string') return this.notText(raw, path);
    const text = toHalfWidth(raw).replace(/\s*[%％]$/, '');
    const digits = this.digits(text, raw, path, 'DATA_TABLE.NEGATIVE_RATE', '执行率不能为负数');
    if (digits === undefined) return undefined;
    const decimals = decimalsOf(digits);
    if (decimals > MAX_RATE_DECIMALS) {
      return this.fail('DATA_TABLE.TOO_MANY_DECIMALS', path, `执行率最多${MAX_RATE_DECIMALS}位小数，收到${decimals}位`, raw);
    }
    const percent = new Exact(digits);
    if (percent.greaterThan(MAX_RATE_PERCENT)) {
      return this.fail('DATA_TABLE.OUT_OF_RANGE', path, `执行率 ${digits}% 超过上限 ${MAX_RATE_PERCENT.toFixed()}%，请核对（以百分数填写，如 98.56）`, raw);
    }
    return { percent, decimals, text: digits };
  }

  /** Plain non-negative decimal digits, separators removed, or a recorded error (the library's one rule, `readNumberText`). */
  private digits(text: string, raw: unknown, path: string, negativeCode: string, negativeMessage: string): string | undefined {
    const read = readNumberText(text);
    if (read.kind === 'negative') return this.fail(negativeCode, path, `${negativeMessage}（收到 ${describe(raw)}）`, raw);
    if (read.kind !== 'number') {
      return this.fail('DATA_TABLE.NOT_A_NUMBER', path, `“${describe(raw)}”不是数字：此处需要填写数值，例如 2686.28`, raw);
    }
    return read.digits;
  }

  private notText(raw: unknown, path: string): undefined {
    if (typeof raw === 'number') {
      return this.fail('DATA_TABLE.NOT_TEXT', path, `数值请以文本提交（如 "${raw}"），以免二进制浮点数改变金额`, raw);
    }
    return this.fail('DATA_TABLE.NOT_A_NUMBER', path, `“${describe(raw)}”不是数字：此处需要填写数值，例如 2686.28`, raw);
  }
}

function decimalsOf(digits: string): number {
  const point = digits.indexOf('.');
  return point < 0 ? 0 : digits.length - point - 1;
}

function withoutAbsent<K extends string, V>(entries: ReadonlyArray<readonly [K, V | undefined]>): Partial<Record<K, V>> {
  const result: Partial<Record<K, V>> = {};
  for (const [key, value] of entries) if (value !== undefined) result[key] = value;
  return result;
}

/**
 * Parses the table as it arrives (JSON), refusing every bad field at once. A missing figure is
 * absent, never zero; `checkDataTable` then says which figures are still missing.
 */
export function parseDataTable(raw: unknown): ParseDataTableResult {
  const top = isBlank(raw) ? {} : raw;
  const probe = new Parser('万元');
  const root = probe.object(top, '', ['unit', 'income', 'expenditure', 'balance', 'execution', 'staffing']);
  if (!root) return { ok: false, errors: probe.errors };
  let unit: AmountUnit = '万元';
  if (root.unit !== undefined) {
    if (AMOUNT_UNITS.includes(root.unit as AmountUnit)) unit = root.unit as AmountUnit;
    else probe.fail('DATA_TABLE.UNKNOWN_UNIT', 'unit', '金额单位只能是“万元”或“元”', root.unit);
  }
  const p = new Parser(unit);
  p.errors.push(...probe.errors);

  const income = p.object(root.income, 'income', ['total', 'components']) ?? {};
  const components = p.object(income.components, 'income.components', INCOME_COMPONENTS) ?? {};
  const expenditure = p.object(root.expenditure, 'expenditure', ['total', 'basicAndProject', 'staffRunningProject']) ?? {};
  const splitA = p.object(expenditure.basicAndProject, 'expenditure.basicAndProject', ['basic', 'project']);
  const splitB = p.object(expenditure.staffRunningProject, 'expenditure.staffRunningProject', ['staff', 'running', 'project']);
  const balance = p.object(root.balance, 'balance', ['carriedIn', 'carriedOut']) ?? {};
  const execution = p.object(root.execution, 'execution', ['adjustedBudget', 'spent', 'printedRate']) ?? {};

  // Rows are read after the amounts so that errors come in the table's order.
  const staffing: StaffingRow[] = [];
  const table: DataTable = {
    income: {
      total: p.amount(income.total, 'income.total'),
      components: withoutAbsent(INCOME_COMPONENTS.map((key) => [key, p.amount(components[key], `income.components.${key}`)] as const)),
    },
    expenditure: {
      total: p.amount(expenditure.total, 'expenditure.total'),
      basicAndProject: splitA && {
        basic: p.amount(splitA.basic, 'expenditure.basicAndProject.basic'),
        project: p.amount(splitA.project, 'expenditure.basicAndProject.project'),
      },
      staffRunningProject: splitB && {
        staff: p.amount(splitB.staff, 'expenditure.staffRunningProject.staff'),
        running: p.amount(splitB.running, 'expenditure.staffRunningProject.running'),
        project: p.amount(splitB.project, 'expenditure.staffRunningProject.project'),
      },
    },
    balance: {
      carriedIn: p.amount(balance.carriedIn, 'balance.carriedIn'),
      carriedOut: p.amount(balance.carriedOut, 'balance.carriedOut'),
    },
    execution: {
      adjustedBudget: p.amount(execution.adjustedBudget, 'execution.adjustedBudget'),
      spent: p.amount(execution.spent, 'execution.spent'),
      printedRate: p.rate(execution.printedRate, 'execution.printedRate'),
    },
    staffing,
  };
  if (!isBlank(root.staffing)) {
    if (!Array.isArray(root.staffing)) {
      p.fail('DATA_TABLE.NOT_A_LIST', 'staffing', '人员编制情况应为按机构排列的行', root.staffing);
    } else {
      root.staffing.forEach((rawRow: unknown, index) => {
        const path = `staffing.${index}`;
        const row = p.object(rawRow, path, ['organ', ...STAFFING_COUNTS]);
        if (!row) return;
        const organ = typeof row.organ === 'string' ? row.organ.trim() : '';
        if (!organ) p.fail('DATA_TABLE.REQUIRED', `${path}.organ`, '请填写机构名称', row.organ);
        const counts = withoutAbsent(STAFFING_COUNTS.map((key) => [key, p.count(row[key], `${path}.${key}`)] as const));
        staffing.push({ organ, ...counts });
      });
    }
  }

  return p.errors.length > 0 ? { ok: false, errors: p.errors } : { ok: true, table };
}

/** Parses one amount on its own (for a single cell edited in the UI). */
export function parseAmount(raw: AmountInput, path = 'amount', defaultUnit: AmountUnit = '万元'): { ok: true; amount: Amount } | { ok: false; errors: FieldError[] } {
  const p = new Parser(defaultUnit);
  const amount = p.amount(raw, path);
  if (amount) return { ok: true, amount };
  return { ok: false, errors: p.errors.length > 0 ? p.errors : [{ code: 'DATA_TABLE.REQUIRED', path, message: '请填写金额' }] };
}
