import type { IndicatorRowInput, ProjectFormInput } from '@jixiao/report';

/** The funding rows of the national template, in print order, with the key each has in the input. */
export const FUNDING_ROWS = [
  { key: 'total', label: '年度资金总额' },
  { key: 'currentYearAppropriation', label: '其中：当年财政拨款' },
  { key: 'carriedOver', label: '上年结转资金' },
  { key: 'other', label: '其他资金' },
] as const;

export const INDICATOR_PARTS = ['产出指标', '效益指标', '满意度指标'] as const;

/** 二级指标 the national template lists under each 一级指标; others may be typed. */
export const LEVEL2_SUGGESTIONS: Record<string, string[]> = {
  产出指标: ['数量指标', '质量指标', '时效指标', '成本指标'],
  效益指标: ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标'],
  满意度指标: ['服务对象满意度指标'],
};

export const NATURES = ['≥', '≤', '=', '定性'] as const;

/** The value at a problem path such as `funding.total.budget` or `indicators.2.score`; '' when blank. */
export function valueAt(input: ProjectFormInput, path: string): string {
  let at: unknown = input;
  for (const key of path.split('.')) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return typeof at === 'string' ? at : '';
}

/** A copy of the input with the value at `path` replaced. */
export function withValue(input: ProjectFormInput, path: string, value: string): ProjectFormInput {
  const copy = structuredClone(input) as Record<string, unknown>;
  const keys = path.split('.');
  let at = copy;
  for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
  at[keys.at(-1)!] = value;
  return copy as ProjectFormInput;
}

function cleanObject<T extends object>(value: T | undefined): T | undefined {
  if (!value) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === 'string') {
      if (field.trim() !== '') out[key] = field;
    } else if (field && typeof field === 'object') {
      const inner = cleanObject(field as object);
      if (inner) out[key] = inner;
    }
  }
  return Object.keys(out).length > 0 ? (out as T) : undefined;
}

/**
 * The input as the API takes it: blanks left out, text as typed. Indicator rows stay where they are
 * (an empty row is sent empty) so that a problem's row number is the row on screen.
 */
export function inputToSend(draft: ProjectFormInput): ProjectFormInput {
  const out: ProjectFormInput = {};
  const header = cleanObject(draft.header);
  const funding = cleanObject(draft.funding);
  const goals = cleanObject(draft.goals);
  if (header) out.header = header;
  if (funding) out.funding = funding;
  if (goals) out.goals = goals;
  out.indicators = (draft.indicators ?? []).map((row) => cleanObject(row) ?? {});
  return out;
}

/** A form never saved starts with the project's header and one row per part of the default weights. */
export function firstDraft(project: { name: string; competentDepartment: string; implementingUnit: string }): ProjectFormInput {
  return {
    header: { projectName: project.name, competentDepartment: project.competentDepartment, implementingUnit: project.implementingUnit },
    funding: {},
    goals: {},
    indicators: INDICATOR_PARTS.map((level1) => ({ level1 }) satisfies IndicatorRowInput),
  };
}
