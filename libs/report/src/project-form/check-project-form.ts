import { Decimal } from 'decimal.js';
import { Exact } from '../data-table/exact';
import type { Problem, Severity } from '../problem';
import { readNumberText } from '../number-text';
import { gradeFor } from '../indicators/indicator-config';
import { BAND_FRACTIONS, executionRateScore, proportionalScore } from '../indicators/target-scoring';
import type { BandLevel } from '../indicators/target-scoring';
import type { FundingRowInput, IndicatorRowInput, ProjectFormInput, ProjectFormResult } from './project-form';
import type { RulePack } from './rule-pack';
import { readFigure, readQualitativeActual, readTarget } from './target-text';

/**
 * The work-in-progress checks of a project self-evaluation form against its campaign's rule pack.
 * They run on a parsed form (`parseProjectForm`); a figure that is still unreadable is skipped here
 * (the parser names it). Errors block the request for review, warnings need an acknowledgement,
 * notes inform. The total and the grade are derived here and never taken from what was typed.
 */

const PARTS = [
  { key: 'output', label: '产出指标', aliases: ['产出指标', '产出'] },
  { key: 'effect', label: '效益指标', aliases: ['效益指标', '效益'] },
  { key: 'satisfaction', label: '满意度指标', aliases: ['满意度指标', '满意度'] },
] as const;
type PartKey = (typeof PARTS)[number]['key'];

const FUNDING_PARTS = [
  { key: 'currentYearAppropriation', label: '当年财政拨款' },
  { key: 'carriedOver', label: '上年结转资金' },
  { key: 'other', label: '其他资金' },
] as const;
const FUNDING_COLUMNS = ['initialBudget', 'budget', 'spent'] as const;

const ZERO = new Exact(0);
const HUNDRED = new Exact(100);

/** A figure of a parsed form; undefined while blank or unreadable. */
function figure(text: string | undefined, suffix?: RegExp): Decimal | undefined {
  if (text === undefined) return undefined;
  const read = readNumberText(suffix ? text.trim().replace(suffix, '') : text);
  return read.kind === 'number' ? new Exact(read.digits) : undefined;
}

const show = (value: Decimal): string => value.toFixed();
/** 万元 as people read them: at least two decimals. */
const wan = (value: Decimal): string => (value.decimalPlaces() < 2 ? value.toFixed(2) : value.toFixed());
const round2 = (value: Decimal): Decimal => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const percent = (fraction: Decimal): string => show(fraction.times(100));

export function partOf(level1: string | undefined): PartKey | undefined {
  const text = level1?.trim();
  return PARTS.find((part) => (part.aliases as readonly string[]).includes(text ?? ''))?.key;
}

/** “产出指标·数量指标·培训人次”, or “第3行指标” while the names are blank. */
export function rowLabel(row: IndicatorRowInput, index: number): string {
  const names = [row.level1, row.level2, row.level3].map((name) => name?.trim()).filter((name): name is string => !!name);
  return names.length > 0 ? names.join('·') : `第${index + 1}行指标`;
}

class Findings {
  readonly problems: Problem[] = [];

  add(severity: Severity, code: string, path: string, message: string, figures?: Record<string, string>): void {
    this.problems.push({ severity, code: `PROJECT_FORM.${code}`, path, message, ...(figures ? { figures } : {}) });
  }

  required(path: string, message: string): void {
    this.add('error', 'REQUIRED_MISSING', path, message);
  }
}

interface Funding {
  rate: Decimal | null;
  executionScore: Decimal | null;
}

function checkFunding(form: ProjectFormInput, pack: RulePack, f: Findings): Funding {
  const funding = form.funding ?? {};
  const rows = funding as Record<string, FundingRowInput | undefined>;
  const columnLabels: Record<(typeof FUNDING_COLUMNS)[number], string> = {
    initialBudget: '年初预算数',
    budget: pack.columns.budget,
    spent: pack.columns.spent,
  };

  for (const column of FUNDING_COLUMNS) {
    const parts = FUNDING_PARTS.map((part) => ({ ...part, value: figure(rows[part.key]?.[column]) }));
    const given = parts.filter((part) => part.value !== undefined);
    const total = figure(funding.total?.[column]);
    if (given.length === 0 || total === undefined) continue;
    const sum = given.reduce((acc, part) => acc.plus(part.value!), ZERO);
    if (!sum.equals(total)) {
      const terms = parts.map((part) => `${part.label} ${part.value === undefined ? '（空）' : wan(part.value)}`).join(' + ');
      f.add(
        'error',
        'FUNDING_SUM_MISMATCH',
        `funding.total.${column}`,
        `“${columnLabels[column]}”栏：年度资金总额 ${wan(total)} 万元，但 ${terms} = ${wan(sum)} 万元，相差 ${wan(total.minus(sum))} 万元。请核对各资金来源或总额（空白的来源按0计）。`,
        { total: wan(total), sum: wan(sum), difference: wan(total.minus(sum)) },
      );
    }
  }

  for (const row of [{ key: 'total', label: '年度资金总额' }, ...FUNDING_PARTS]) {
    const budget = figure(rows[row.key]?.budget);
    const spent = figure(rows[row.key]?.spent);
    if (budget !== undefined && spent !== undefined && spent.greaterThan(budget)) {
      f.add(
        'warning',
        'SPENT_ABOVE_BUDGET',
        `funding.${row.key}.spent`,
        `${row.label}的${pack.columns.spent} ${wan(spent)} 万元高于${pack.columns.budget} ${wan(budget)} 万元（超出 ${wan(spent.minus(budget))} 万元）。请核对数字；若确系超预算支出，请在说明中写明资金来源。`,
        { budget: wan(budget), spent: wan(spent), excess: wan(spent.minus(budget)) },
      );
    }
  }

  const budget = figure(funding.total?.budget);
  const spent = figure(funding.total?.spent);
  if (budget === undefined) f.required('funding.total.budget', `请填写年度资金总额的${pack.columns.budget}（A），执行率和得分由它算出。`);
  if (spent === undefined) f.required('funding.total.spent', `请填写年度资金总额的${pack.columns.spent}（B），执行率和得分由它算出。`);
  if (budget === undefined || spent === undefined) return { rate: null, executionScore: null };
  if (budget.isZero()) {
    f.add('error', 'ZERO_BUDGET', 'funding.total.budget', `年度资金总额的${pack.columns.budget}为0，无法计算执行率，请核对。`);
    return { rate: null, executionScore: null };
  }

  const rate = spent.dividedBy(budget);
  const points = new Exact(pack.weights.execution);
  const score = new Exact(executionRateScore(rate.toFixed(), points.toFixed()));
  const rateText = show(rate.times(100).toSignificantDigits(12));
  const printedRate = figure(funding.printedRate, /\s*[%％]$/);
  if (printedRate !== undefined && funding.printedRate !== undefined) {
    const digits = funding.printedRate.replace(/\s*[%％]$/, '');
    const decimals = digits.includes('.') ? digits.length - digits.indexOf('.') - 1 : 0;
    const exact = rate.times(100);
    const halfUnit = new Exact(10).pow(-decimals).dividedBy(2);
    if (printedRate.minus(exact).abs().greaterThan(halfUnit)) {
      const expected = exact.toFixed(decimals, Decimal.ROUND_HALF_UP);
      f.add(
        'error',
        'RATE_MISMATCH',
        'funding.printedRate',
        `执行率填为 ${digits}%，但${pack.columns.spent} ${wan(spent)} 万元 ÷ ${pack.columns.budget} ${wan(budget)} 万元 = ${rateText}%，按所填精度应为 ${expected}%。请改正；得分按未经舍入的执行率计算。`,
        { printed: digits, computed: rateText, expected },
      );
    }
  }
  const printedScore = figure(funding.printedScore);
  if (printedScore !== undefined && !printedScore.equals(score)) {
    // A form that scored its printed (rounded) rate is off by the rounding only: a warning, since
    // the rule scores the unrounded rate; any other difference is an error.
    const fromPrinted =
      printedRate === undefined ? undefined : new Exact(executionRateScore(printedRate.dividedBy(100).toFixed(), points.toFixed()));
    const roundingOnly = fromPrinted !== undefined && printedScore.equals(fromPrinted);
    f.add(
      roundingOnly ? 'warning' : 'error',
      'EXECUTION_SCORE_MISMATCH',
      'funding.printedScore',
      roundingOnly
        ? `预算执行率得分填为 ${show(printedScore)} 分，是按舍入后的执行率 ${(funding.printedRate ?? '').replace(/\s*[%％]$/, '')}% 计算的；按规则应以未经舍入的执行率 ${rateText}% 计算，为 ${show(score)} 分。请改为 ${show(score)} 分。`
        : `预算执行率得分填为 ${show(printedScore)} 分，按规则应为 ${show(score)} 分（执行率 ${rateText}% × 分值 ${show(points)}，最高 ${show(points)} 分，四舍五入保留两位小数）。请改正。`,
      { printed: show(printedScore), computed: show(score), rate: rateText, points: show(points) },
    );
  }
  const threshold = new Exact(pack.executionReasonBelow);
  if (rate.lessThan(threshold) && !funding.reason?.trim()) {
    f.add(
      'error',
      'EXECUTION_REASON_REQUIRED',
      'funding.reason',
      `执行率 ${rateText}% 低于 ${percent(threshold)}%，请${pack.fundingReasonColumn ? '在资金情况的“原因说明”栏' : '在执行情况说明中'}写明资金未执行的原因和改进措施。`,
      { rate: rateText, threshold: percent(threshold) },
    );
  }
  return { rate, executionScore: score };
}

interface RowOutcome {
  part: PartKey | undefined;
  points: Decimal | undefined;
  score: Decimal | undefined;
}

function checkIndicator(row: IndicatorRowInput, index: number, pack: RulePack, f: Findings): RowOutcome {
  const path = `indicators.${index}`;
  const label = rowLabel(row, index);
  const part = partOf(row.level1);
  if (!row.level1?.trim()) f.required(`${path}.level1`, `第${index + 1}行指标未填写一级指标，请选择产出指标、效益指标或满意度指标。`);
  else if (!part) {
    f.add('error', 'LEVEL1_UNKNOWN', `${path}.level1`, `“${label}”的一级指标“${row.level1}”不是产出指标、效益指标或满意度指标之一，请改为其中之一。`);
  }
  if (!row.level2?.trim()) f.required(`${path}.level2`, `“${label}”未填写二级指标（如数量指标、质量指标、社会效益指标），请填写。`);
  if (!row.level3?.trim()) f.required(`${path}.level3`, `“${label}”未填写三级指标名称，请填写。`);
  const points = figure(row.points);
  const score = figure(row.score);
  if (points === undefined) f.required(`${path}.points`, `“${label}”未填写分值，请填写。`);
  if (!row.target?.trim()) f.required(`${path}.target`, `“${label}”未填写年度指标值，请填写。`);
  if (!row.actual?.trim()) f.required(`${path}.actual`, `“${label}”未填写实际完成值，请填写。`);
  if (pack.indicatorColumns.nature && !row.nature?.trim()) {
    f.required(`${path}.nature`, `“${label}”未填写指标性质（≥、≤、=或定性），本次评价的规则要求填写。`);
  }
  if (score === undefined) {
    f.add('error', 'SCORE_BLANK', `${path}.score`, `“${label}”尚未评分${points ? `（分值${show(points)}分）` : ''}，请填写得分。`, points ? { points: show(points) } : undefined);
  } else if (points !== undefined && score.greaterThan(points)) {
    f.add('error', 'SCORE_ABOVE_POINTS', `${path}.score`, `“${label}”得分 ${show(score)} 分超过分值 ${show(points)} 分，请改正。`, {
      score: show(score),
      points: show(points),
    });
  }
  if (!row.target?.trim() || !row.actual?.trim()) return { part, points, score };

  const reason = !!row.deviationReason?.trim();
  const needReason = (why: string, figures: Record<string, string>): void => {
    if (!reason) {
      f.add('error', 'DEVIATION_REASON_REQUIRED', `${path}.deviationReason`, `“${label}”${why}，请填写偏差原因分析及改进措施。`, figures);
    }
  };
  const target = readTarget(row.target, pack.indicatorColumns.nature ? row.nature : undefined, row.unit);

  if (target.kind === 'quantitative') {
    if (pack.indicatorColumns.unit && !row.unit?.trim() && !target.unit) {
      f.required(`${path}.unit`, `“${label}”是定量指标，未填写度量单位，本次评价的规则要求填写。`);
    }
    const actual = readFigure(row.actual);
    if (!actual) {
      f.add(
        'error',
        'ACTUAL_NOT_A_NUMBER',
        `${path}.actual`,
        `“${label}”的年度指标值“${row.target}”是数值，实际完成值也应填写数值${target.unit ? `（单位${target.unit}）` : ''}，而不是“${row.actual}”；请填写实际达到的数值。`,
        { target: row.target, actual: row.actual },
      );
      return { part, points, score };
    }
    if (actual.unit && target.unit && actual.unit !== target.unit) {
      f.add(
        'error',
        'UNIT_MISMATCH',
        `${path}.actual`,
        `“${label}”的年度指标值以“${target.unit}”计，实际完成值却以“${actual.unit}”计，无法比较；请用同一单位填写。`,
        { targetUnit: target.unit, actualUnit: actual.unit },
      );
      return { part, points, score };
    }
    const t = target.value;
    const a = actual.value;
    const unit = target.unit;
    // A plain figure is met from below like an "at least" one; above it only the threshold applies.
    const missed = target.direction === 'at_most' ? a.greaterThan(t) : a.lessThan(t);
    const threshold = new Exact(pack.deviationThreshold);
    const deviation = t.isZero() ? null : a.minus(t).abs().dividedBy(t);
    const figures = { target: `${show(t)}${unit}`, actual: `${show(a)}${unit}` };
    if (missed) {
      needReason(`未达到年度指标值（目标${row.target}，实际${show(a)}${unit}）`, figures);
    } else if (deviation && deviation.greaterThan(threshold) && target.direction !== 'at_most') {
      // Above an "at least" or plain target by more than the threshold: the target may have been set
      // too low, so the form says why. Below a ceiling (a cost, a time limit, a complaint rate) is
      // the ceiling kept, not a deviation: no reason is asked for it.
      needReason(
        `实际完成值 ${show(a)}${unit} 偏离年度指标值 ${show(t)}${unit} ${show(round2(deviation.times(100)))}%，超过${percent(threshold)}%`,
        { ...figures, deviationPercent: show(round2(deviation.times(100))) },
      );
    }
    if (points === undefined || score === undefined) return { part, points, score };
    const direction = target.direction === 'at_most' ? 'at_most' : 'at_least';
    let rule: Decimal;
    if (direction === 'at_least' && t.isZero()) rule = points;
    else rule = new Exact(proportionalScore(points.toFixed(), t.toFixed(), a.toFixed(), direction));
    let deduction: Decimal | undefined;
    const overshoot = pack.overshootDeduction;
    if (overshoot && target.direction === 'at_least' && !t.isZero() && a.greaterThanOrEqualTo(t.times(new Exact(overshoot.overshootFrom).plus(1)))) {
      deduction = round2(points.times(overshoot.deduction));
      rule = Exact.max(ZERO, rule.minus(deduction));
    }
    const basis =
      direction === 'at_least'
        ? `分值${show(points)} × 实际${show(a)} ÷ 目标${show(t)}，最高${show(points)}分`
        : `分值${show(points)} × 目标${show(t)} ÷ 实际${show(a)}，最高${show(points)}分`;
    const deductionText = deduction
      ? `；实际超出目标${percent(new Exact(overshoot!.overshootFrom))}%以上，视为目标设定偏低，扣减分值的${percent(new Exact(overshoot!.deduction))}%即${show(deduction)}分`
      : '';
    if (score.greaterThan(rule)) {
      f.add(
        'error',
        'SCORE_ABOVE_RULE',
        `${path}.score`,
        `“${label}”得分 ${show(score)} 分高于按完成比例计算的 ${show(rule)} 分（${basis}${deductionText}）。请改为不超过 ${show(rule)} 分。`,
        { score: show(score), rule: show(rule), ...(deduction ? { deduction: show(deduction) } : {}) },
      );
    } else if (score.lessThan(rule)) {
      f.add(
        reason ? 'note' : 'warning',
        'SCORE_BELOW_RULE',
        `${path}.score`,
        reason
          ? `“${label}”得分 ${show(score)} 分低于按完成比例计算的 ${show(rule)} 分，扣分理由见偏差原因分析。`
          : `“${label}”得分 ${show(score)} 分低于按完成比例计算的 ${show(rule)} 分（${basis}${deductionText}）。扣分属评分人的判断，请在偏差原因分析及改进措施中写明扣分理由。`,
        { score: show(score), rule: show(rule) },
      );
    }
    return { part, points, score };
  }

  const level = readQualitativeActual(row.actual);
  if (level === undefined) {
    f.add(
      'note',
      'QUALITATIVE_UNCLASSIFIED',
      `${path}.actual`,
      `“${label}”是定性指标，实际完成值“${row.actual}”未写明完成程度（完成、基本完成或未完成），得分只核对是否超过分值。`,
    );
    return { part, points, score };
  }
  if (level !== 'met') needReason(level === 'partly' ? '为部分完成' : '未完成', { actual: row.actual });
  if (points !== undefined && score !== undefined) checkBand(level, points, score, label, `${path}.score`, f);
  return { part, points, score };
}

function checkBand(level: BandLevel, points: Decimal, score: Decimal, label: string, path: string, f: Findings): void {
  const band = BAND_FRACTIONS[level];
  const low = round2(points.times(band.from));
  const high = round2(points.times(band.to));
  const inside = score.greaterThanOrEqualTo(low) && (level === 'met' ? score.lessThanOrEqualTo(high) : score.lessThan(high));
  if (inside) return;
  f.add(
    'error',
    'SCORE_OUTSIDE_BAND',
    path,
    `“${label}”实际完成值为“${band.label}”，得分应在 ${show(low)} 至 ${show(high)} 分之间${level === 'met' ? '' : '（不含上限）'}（分值${show(points)}分的${percent(new Exact(band.from))}%至${percent(new Exact(band.to))}%），填写的是 ${show(score)} 分。请改正得分或实际完成值。`,
    { score: show(score), from: show(low), to: show(high) },
  );
}

/**
 * The indicators' points against the pack's weights. 财预〔2020〕10号 sets the weights "in principle"
 * and lets a form adjust them in special cases (a wage project without service users has no
 * satisfaction indicator): so a part that differs while the indicators still carry the 100 points
 * less the execution weight is a note; points that do not add up to that are errors, one per part
 * that differs.
 */
function checkPartPoints(parts: ReadonlyArray<{ part: string; points: Decimal; weight: Decimal }>, pack: RulePack, f: Findings): void {
  const expected = HUNDRED.minus(pack.weights.execution);
  const total = parts.reduce((sum, p) => sum.plus(p.points), ZERO);
  const adds = total.equals(expected);
  for (const p of parts) {
    if (p.points.equals(p.weight)) continue;
    f.add(
      adds ? 'note' : 'error',
      'PART_POINTS_MISMATCH',
      'indicators',
      adds
        ? `${p.part}各行分值之和为 ${show(p.points)} 分，本次评价原则上为 ${show(p.weight)} 分；指标总分值仍为 ${show(expected)} 分。若属特殊情况调整权重，请在说明中写明理由。`
        : `${p.part}各行分值之和为 ${show(p.points)} 分，本次评价规定${p.part}共 ${show(p.weight)} 分，各指标分值合计 ${show(total)} 分而非 ${show(expected)} 分（另有预算执行率 ${pack.weights.execution} 分）。请调整分值。`,
      { part: p.part, points: show(p.points), weight: show(p.weight), total: show(total), expectedTotal: show(expected) },
    );
  }
}

/** Checks a parsed project form against its rule pack and derives its result. */
export function checkProjectForm(form: ProjectFormInput, pack: RulePack): { problems: Problem[]; result: ProjectFormResult } {
  const f = new Findings();
  const header = form.header ?? {};
  if (!header.projectName?.trim()) f.required('header.projectName', '请填写项目名称。');
  if (!header.competentDepartment?.trim()) f.required('header.competentDepartment', '请填写主管部门。');
  if (!header.implementingUnit?.trim()) f.required('header.implementingUnit', '请填写实施单位。');

  const { rate, executionScore } = checkFunding(form, pack, f);
  if (!form.goals?.expected?.trim()) f.required('goals.expected', '请填写年度总体目标的预期目标。');
  if (!form.goals?.actual?.trim()) f.required('goals.actual', '请填写年度总体目标的实际完成情况，对照预期目标逐项说明。');

  const rows = form.indicators ?? [];
  if (rows.length === 0) f.required('indicators', '请填写绩效指标（产出指标、效益指标、满意度指标）。');
  const outcomes = rows.map((row, index) => checkIndicator(row, index, pack, f));

  const parts = PARTS.map((part) => {
    const mine = outcomes.filter((outcome) => outcome.part === part.key);
    const points = mine.reduce((sum, o) => sum.plus(o.points ?? ZERO), ZERO);
    const score = mine.reduce((sum, o) => sum.plus(o.score ?? ZERO), ZERO);
    return { part: part.label, points, score, weight: new Exact(pack.weights[part.key]) };
  });
  if (rows.length > 0) checkPartPoints(parts, pack, f);
  const indicatorSum = outcomes.reduce((sum, o) => sum.plus(o.score ?? ZERO), ZERO);
  const sum = indicatorSum.plus(executionScore ?? ZERO);
  let total = sum;
  let cap: Decimal | null = null;
  if (rate !== null) {
    const applicable = pack.totalCaps.filter((c) => rate.lessThan(c.rateBelow)).map((c) => new Exact(c.maxTotal));
    const tightest = applicable.length > 0 ? Exact.min(...applicable) : null;
    if (tightest !== null && sum.greaterThan(tightest)) {
      cap = tightest;
      total = tightest;
      f.add(
        'note',
        'TOTAL_CAPPED',
        'result.total',
        `执行率 ${show(rate.times(100).toSignificantDigits(12))}%，按本次评价规则总分最高 ${show(tightest)} 分：各项得分合计 ${show(sum)} 分，总分计为 ${show(tightest)} 分。`,
        { sum: show(sum), cap: show(tightest) },
      );
    }
  }
  const complete = rows.length > 0 && executionScore !== null && outcomes.every((o) => o.score !== undefined);
  const grade = complete ? gradeFor(pack.bands, total) : null;

  const statedTotal = figure(form.stated?.total);
  if (statedTotal !== undefined && complete && !statedTotal.equals(total)) {
    f.add(
      'error',
      'TOTAL_MISMATCH',
      'stated.total',
      `填写的总分 ${show(statedTotal)} 分与计算结果 ${show(total)} 分不符（各指标得分 ${show(indicatorSum)} 分 + 预算执行率得分 ${show(executionScore ?? ZERO)} 分${cap ? `，按执行率封顶 ${show(cap)} 分` : ''}）。总分由得分自动得出，请以计算结果为准。`,
      { stated: show(statedTotal), computed: show(total), difference: show(statedTotal.minus(total)) },
    );
  }
  const statedGrade = form.stated?.grade?.trim();
  if (statedGrade && complete && statedGrade !== grade) {
    const band = pack.bands.find((b) => b.grade === grade);
    f.add(
      'error',
      'GRADE_MISMATCH',
      'stated.grade',
      `填写的评价等级“${statedGrade}”与总分 ${show(total)} 分不符，按本次评价的等级标准应为“${grade ?? '无对应等级'}”${band ? `（${band.from}分（含）至${band.to}分）` : ''}。等级由总分自动得出，请以计算结果为准。`,
      { stated: statedGrade, computed: grade ?? '', total: show(total) },
    );
  }

  return {
    problems: f.problems,
    result: {
      executionRatePercent: rate === null ? null : show(rate.times(HUNDRED)),
      executionScore: executionScore === null ? null : executionScore.toFixed(2),
      sum: show(sum),
      total: show(total),
      cap: cap === null ? null : show(cap),
      grade,
      complete,
      parts: parts.map((p) => ({ part: p.part, points: show(p.points), score: show(p.score) })),
    },
  };
}
