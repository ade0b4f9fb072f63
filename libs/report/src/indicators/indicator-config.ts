import { Decimal } from 'decimal.js';
import type { Problem } from '../problem';
import { readDecimal, show } from './decimal-text';

/** 一级 / 二级 / 三级: an indicator tree is at most three levels deep. */
export const MAX_INDICATOR_LEVELS = 3;
/** Points are written with at most two decimals. */
export const POINT_DECIMALS = 2;
export const TOTAL_POINTS = '100';

/**
 * How a leaf is scored. The overall-spending table is scored by judgement; a key-project form
 * (重点项目绩效自评表) adds quantitative, qualitative and execution-rate leaves, so it is one more
 * indicator tree rather than another kind of table.
 */
export type IndicatorMeasure =
  | { kind: 'judgement' }
  /** Scores actual / target (at_least) or target / actual (at_most), capped at the leaf's points. */
  | { kind: 'quantitative'; direction: 'at_least' | 'at_most'; target: string; unit?: string }
  /** Scores by band: met 100–80%, partly met 80–60%, not met 60–0% of the points. */
  | { kind: 'qualitative' }
  /** 预算执行率 = spent / adjusted budget, scored rate × points (10 on the project form). */
  | { kind: 'execution_rate' };

export interface IndicatorNode {
  /** Stable across years and versions, e.g. `2.1` or `4.3.1`; scores are keyed by it. */
  code: string;
  name: string;
  /** Leaves only, a decimal string. A parent's maximum is always the sum of its children. */
  maximum?: string;
  children?: readonly IndicatorNode[];
  measure?: IndicatorMeasure;
  /** What the compiler should look at when scoring; shown beside the score. */
  guidance?: string;
}

/** Lower bound inclusive, upper bound exclusive; the band whose `to` is 100 includes 100. */
export interface GradeBand {
  grade: string;
  from: string;
  to: string;
}

export type IndicatorTableKind = 'overall_spending' | 'key_project';

export interface IndicatorConfig {
  kind: IndicatorTableKind;
  title: string;
  indicators: readonly IndicatorNode[];
  /** Listed from the highest grade down. */
  bands: readonly GradeBand[];
}

export interface IndicatorLeaf {
  code: string;
  name: string;
  /** 1 = 一级, 2 = 二级, 3 = 三级. */
  level: number;
  maximum: Decimal;
  /** Codes from the root down to this leaf, the leaf's own code last. */
  lineage: readonly string[];
  measure: IndicatorMeasure;
}

export const DEFAULT_GRADE_BANDS: readonly GradeBand[] = [
  { grade: '优', from: '90', to: '100' },
  { grade: '良', from: '80', to: '90' },
  { grade: '中', from: '60', to: '80' },
  { grade: '差', from: '0', to: '60' },
];

const leaf = (code: string, name: string, maximum: string, guidance?: string): IndicatorNode => ({
  code,
  name,
  maximum,
  ...(guidance ? { guidance } : {}),
});

/**
 * The overall-spending (部门整体支出) table, laid out like the seed report's section 3.2: budget
 * preparation, execution, supervision and the benefit of the spending. A campaign copies and
 * adjusts it; the weights here are a starting point, not a rule.
 */
export const DEFAULT_INDICATOR_CONFIG: IndicatorConfig = {
  kind: 'overall_spending',
  title: '部门整体支出绩效自评指标评分表',
  bands: DEFAULT_GRADE_BANDS,
  indicators: [
    {
      code: '1',
      name: '预算编制',
      children: [
        {
          code: '1.1',
          name: '目标设置',
          children: [
            leaf('1.1.1', '绩效目标合理性', '4', '整体绩效目标是否符合部门职能和年度工作重点'),
            leaf('1.1.2', '绩效指标明确性', '4', '绩效指标是否细化、量化，可衡量'),
          ],
        },
        {
          code: '1.2',
          name: '预算编制规范性',
          children: [
            leaf('1.2.1', '编制程序规范性', '4', '是否按财政部门规定的程序和时限编制'),
            leaf('1.2.2', '预算编制准确性', '4', '年初预算与决算的差异及其原因'),
            leaf('1.2.3', '资金分配合理性', '4', '资金是否向重点工作倾斜、统筹兼顾'),
          ],
        },
      ],
    },
    {
      code: '2',
      name: '预算执行',
      children: [
        {
          code: '2.1',
          name: '预算执行率',
          maximum: '10',
          measure: { kind: 'execution_rate' },
          guidance: '执行率 = 支出决算 / 调整后预算，按未经四舍五入的比率计分',
        },
        {
          code: '2.2',
          name: '结转结余控制',
          children: [
            leaf('2.2.1', '结转结余率', '3', '年末结转结余占当年可用资金的比例'),
            leaf('2.2.2', '结转结余变动', '3', '与上年相比结转结余是否压减'),
          ],
        },
        {
          code: '2.3',
          name: '支出规范性',
          children: [
            leaf('2.3.1', '资金使用合规性', '4', '支出范围、程序、用途、核算是否合规，有无截留挤占挪用'),
            leaf('2.3.2', '"三公"经费控制', '4', '"三公"经费是否控制在预算以内'),
          ],
        },
        {
          code: '2.4',
          name: '资产管理',
          children: [
            leaf('2.4.1', '资产管理规范性', '3', '是否专人管理、账实相符'),
            leaf('2.4.2', '固定资产利用率', '3', '固定资产是否充分使用'),
          ],
        },
      ],
    },
    {
      code: '3',
      name: '预算监督',
      children: [
        {
          code: '3.1',
          name: '公开透明',
          children: [
            leaf('3.1.1', '预决算信息公开', '5', '预决算是否按时在政府门户网站公开'),
            leaf('3.1.2', '绩效信息公开', '3', '绩效目标和自评结果是否公开'),
          ],
        },
        {
          code: '3.2',
          name: '内部监督管理',
          children: [
            leaf('3.2.1', '管理制度健全性', '4', '财务、资产和绩效管理制度是否健全并执行'),
            leaf('3.2.2', '绩效自评质量', '3', '自评材料是否真实、完整、一致、规范'),
          ],
        },
      ],
    },
    {
      code: '4',
      name: '预算使用效益',
      children: [
        {
          code: '4.1',
          name: '职责履行',
          children: [
            leaf('4.1.1', '重点工作完成率', '8', '年度重点工作任务完成的比例'),
            leaf('4.1.2', '工作完成及时性', '7', '重点工作是否按计划时间完成'),
          ],
        },
        {
          code: '4.2',
          name: '履职效益',
          children: [
            leaf('4.2.1', '社会效益', '8', '履职对服务对象和社会产生的效果'),
            leaf('4.2.2', '可持续影响', '4', '长效机制是否建立'),
          ],
        },
        {
          code: '4.3',
          name: '满意度',
          children: [leaf('4.3.1', '服务对象满意度', '8', '服务对象满意度调查结果')],
        },
      ],
    },
  ],
};

const JUDGEMENT: IndicatorMeasure = { kind: 'judgement' };

function isParent(node: IndicatorNode): boolean {
  return (node.children?.length ?? 0) > 0;
}

/**
 * Per config object, its leaves and maxima, worked out on first use: every check and the snapshot
 * ask for them several times per report, each time parsing every maximum. A config is read (from
 * the campaign, or the default) and never changed in place, so its object stands for its content;
 * what is kept is shared, hence frozen (the leaves) or read-only to the compiler (the maxima).
 */
const derived = new WeakMap<IndicatorConfig, { leaves: readonly IndicatorLeaf[]; maxima: ReadonlyMap<string, Decimal> }>();

function derive(config: IndicatorConfig): { leaves: readonly IndicatorLeaf[]; maxima: ReadonlyMap<string, Decimal> } {
  const known = derived.get(config);
  if (known !== undefined) return known;
  const leaves = walkLeaves(config);
  const maxima = new Map<string, Decimal>();
  for (const leafRow of leaves) {
    for (const code of leafRow.lineage) {
      maxima.set(code, (maxima.get(code) ?? new Decimal(0)).plus(leafRow.maximum));
    }
  }
  const found = { leaves: Object.freeze(leaves), maxima };
  derived.set(config, found);
  return found;
}

/** The leaves in table order. Leaves whose maximum is not a readable number count as 0. */
export function indicatorLeaves(config: IndicatorConfig): readonly IndicatorLeaf[] {
  return derive(config).leaves;
}

function walkLeaves(config: IndicatorConfig): IndicatorLeaf[] {
  const out: IndicatorLeaf[] = [];
  const walk = (nodes: readonly IndicatorNode[], lineage: readonly string[]): void => {
    for (const node of nodes) {
      const here = [...lineage, node.code];
      if (isParent(node)) {
        walk(node.children!, here);
        continue;
      }
      const read = readDecimal(node.maximum, POINT_DECIMALS);
      out.push(
        Object.freeze({
          code: node.code,
          name: node.name,
          level: here.length,
          maximum: read.kind === 'number' ? read.value : new Decimal(0),
          lineage: Object.freeze(here),
          measure: node.measure ?? JUDGEMENT,
        }),
      );
    }
  };
  walk(config.indicators, []);
  return out;
}

/** Every node's maximum, parents summed from their leaves. */
export function indicatorMaxima(config: IndicatorConfig): ReadonlyMap<string, Decimal> {
  return derive(config).maxima;
}

/** Checked when a campaign is configured: a table that fails here cannot be issued. */
export function checkIndicatorConfig(config: IndicatorConfig): Problem[] {
  return [...checkTree(config), ...checkGradeBands(config.bands)];
}

function checkTree(config: IndicatorConfig): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();

  if (config.indicators.length === 0) {
    problems.push({
      severity: 'error',
      code: 'INDICATORS.EMPTY',
      message: '指标评分表没有任何指标，请至少配置一个一级指标。',
      path: 'indicators',
    });
  }

  const walk = (nodes: readonly IndicatorNode[], level: number): Decimal => {
    let subtotal = new Decimal(0);
    for (const node of nodes) {
      const path = `indicators.${node.code}`;
      if (!node.code || node.code.trim() === '') {
        problems.push({
          severity: 'error',
          code: 'INDICATORS.CODE_MISSING',
          message: `指标“${node.name}”没有编码，请填写一个在本表内唯一的编码。`,
          path,
        });
      } else if (seen.has(node.code)) {
        problems.push({
          severity: 'error',
          code: 'INDICATORS.DUPLICATE_CODE',
          message: `指标编码“${node.code}”重复出现（“${node.name}”），每个指标的编码必须唯一，请修改其中一个。`,
          path,
        });
      }
      seen.add(node.code);

      if (level > MAX_INDICATOR_LEVELS) {
        problems.push({
          severity: 'error',
          code: 'INDICATORS.TOO_DEEP',
          message: `指标“${node.code} ${node.name}”位于第${level}级，指标体系最多三级（一级、二级、三级），请合并或上移。`,
          path,
          figures: { level: String(level), maximumLevels: String(MAX_INDICATOR_LEVELS) },
        });
      }

      if (isParent(node)) {
        const childSum = walk(node.children!, level + 1);
        if (node.maximum !== undefined) {
          const stated = readDecimal(node.maximum, POINT_DECIMALS);
          if (stated.kind !== 'number' || !stated.value.equals(childSum)) {
            problems.push({
              severity: 'error',
              code: 'INDICATORS.PARENT_MAXIMUM_MISMATCH',
              message: `指标“${node.code} ${node.name}”填写的分值${String(node.maximum)}与其下级指标分值之和${show(childSum)}不符；上级指标的分值由下级相加得出，请删除或改正。`,
              path: `${path}.maximum`,
              figures: { stated: String(node.maximum), sumOfChildren: show(childSum) },
            });
          }
        }
        subtotal = subtotal.plus(childSum);
        continue;
      }

      const read = readDecimal(node.maximum, POINT_DECIMALS);
      if (read.kind === 'number' && read.value.greaterThan(0)) {
        subtotal = subtotal.plus(read.value);
      } else if (read.kind === 'number' || read.kind === 'negative') {
        problems.push({
          severity: 'error',
          code: 'INDICATORS.MAXIMUM_NOT_POSITIVE',
          message: `末级指标“${node.code} ${node.name}”的分值为${show(read.value)}，分值必须大于0，请改正或删除该指标。`,
          path: `${path}.maximum`,
          figures: { maximum: read.kind === 'negative' ? read.text : show(read.value) },
        });
      } else if (read.kind === 'too_many_decimals') {
        problems.push({
          severity: 'error',
          code: 'INDICATORS.TOO_MANY_DECIMALS',
          message: `末级指标“${node.code} ${node.name}”的分值${read.text}有${read.decimals}位小数，分值最多保留两位小数。`,
          path: `${path}.maximum`,
          figures: { maximum: read.text },
        });
        subtotal = subtotal.plus(read.value);
      } else {
        problems.push({
          severity: 'error',
          code: read.kind === 'blank' ? 'INDICATORS.MAXIMUM_MISSING' : 'INDICATORS.NOT_A_NUMBER',
          message:
            read.kind === 'blank'
              ? `末级指标“${node.code} ${node.name}”没有分值，请填写大于0的分值。`
              : `末级指标“${node.code} ${node.name}”的分值“${read.text}”不是数字，请填写数字分值。`,
          path: `${path}.maximum`,
        });
      }
    }
    return subtotal;
  };

  const sum = walk(config.indicators, 1);
  const total = new Decimal(TOTAL_POINTS);
  if (!sum.equals(total)) {
    problems.push({
      severity: 'error',
      code: 'INDICATORS.WEIGHTS_NOT_100',
      message: `末级指标分值合计为${show(sum)}分，应为100分（相差${show(sum.minus(total))}分），请调整指标分值。`,
      path: 'indicators',
      figures: { sum: show(sum), expected: TOTAL_POINTS, difference: show(sum.minus(total)) },
    });
  }
  return problems;
}

/** Bands must cover 0–100 exactly once, listed from the highest grade down. */
export function checkGradeBands(bands: readonly GradeBand[]): Problem[] {
  const problems: Problem[] = [];
  const zero = new Decimal(0);
  const hundred = new Decimal(TOTAL_POINTS);

  if (bands.length === 0) {
    return [
      {
        severity: 'error',
        code: 'BANDS.EMPTY',
        message: '没有配置评价等级，请配置覆盖0至100分的等级（如优、良、中、差）。',
        path: 'bands',
      },
    ];
  }

  type Readable = { grade: string; from: Decimal; to: Decimal; index: number };
  const readable: Readable[] = [];
  const grades = new Set<string>();
  bands.forEach((band, index) => {
    const path = `bands.${index}`;
    if (grades.has(band.grade)) {
      problems.push({
        severity: 'error',
        code: 'BANDS.DUPLICATE_GRADE',
        message: `等级“${band.grade}”重复配置，每个等级只能出现一次。`,
        path: `${path}.grade`,
      });
    }
    grades.add(band.grade);
    const from = readDecimal(band.from, POINT_DECIMALS);
    const to = readDecimal(band.to, POINT_DECIMALS);
    if (from.kind !== 'number' || to.kind !== 'number') {
      problems.push({
        severity: 'error',
        code: 'BANDS.NOT_A_NUMBER',
        message: `等级“${band.grade}”的分数区间“${String(band.from)}–${String(band.to)}”不是0至100之间的数字，请改正。`,
        path,
      });
      return;
    }
    if (from.value.greaterThanOrEqualTo(to.value) || from.value.lessThan(zero) || to.value.greaterThan(hundred)) {
      problems.push({
        severity: 'error',
        code: 'BANDS.INVALID_RANGE',
        message: `等级“${band.grade}”的区间为${show(from.value)}–${show(to.value)}，下限必须小于上限，且都在0至100之间。`,
        path,
        figures: { from: show(from.value), to: show(to.value) },
      });
      return;
    }
    readable.push({ grade: band.grade, from: from.value, to: to.value, index });
  });

  for (let i = 1; i < readable.length; i++) {
    if (readable[i].from.greaterThan(readable[i - 1].from)) {
      problems.push({
        severity: 'error',
        code: 'BANDS.NOT_ORDERED',
        message: `等级应按从高到低排列：“${readable[i].grade}”（自${show(readable[i].from)}分）排在“${readable[i - 1].grade}”（自${show(readable[i - 1].from)}分）之后，请调整顺序。`,
        path: `bands.${readable[i].index}`,
        figures: { from: show(readable[i].from), previousFrom: show(readable[i - 1].from) },
      });
    }
  }

  const ascending = [...readable].sort((a, b) => a.from.comparedTo(b.from) || a.to.comparedTo(b.to));
  let reached = zero;
  let lastGrade: string | undefined;
  for (const band of ascending) {
    if (band.from.greaterThan(reached)) {
      problems.push({
        severity: 'error',
        code: 'BANDS.GAP',
        message: `${show(reached)}分至${show(band.from)}分之间没有对应的等级${lastGrade ? `（“${lastGrade}”止于${show(reached)}分，“${band.grade}”自${show(band.from)}分起）` : ''}，请调整区间使其首尾相接。`,
        path: `bands.${band.index}.from`,
        figures: { gapFrom: show(reached), gapTo: show(band.from) },
      });
    } else if (band.from.lessThan(reached)) {
      problems.push({
        severity: 'error',
        code: 'BANDS.OVERLAP',
        message: `等级“${band.grade}”（${show(band.from)}–${show(band.to)}分）与“${lastGrade}”在${show(band.from)}分至${show(Decimal.min(reached, band.to))}分之间重叠，同一得分只能对应一个等级，请调整区间。`,
        path: `bands.${band.index}.from`,
        figures: { overlapFrom: show(band.from), overlapTo: show(Decimal.min(reached, band.to)) },
      });
    }
    if (band.to.greaterThan(reached)) {
      reached = band.to;
      lastGrade = band.grade;
    }
  }
  if (readable.length > 0 && reached.lessThan(hundred)) {
    problems.push({
      severity: 'error',
      code: 'BANDS.GAP',
      message: `${show(reached)}分至100分之间没有对应的等级，请将最高等级的上限设为100。`,
      path: 'bands',
      figures: { gapFrom: show(reached), gapTo: TOTAL_POINTS },
    });
  }
  return problems;
}

/** The grade a total falls in: lower bounds inclusive, 100 inside the top band. */
export function gradeFor(bands: readonly GradeBand[], total: Decimal): string | null {
  for (const band of bands) {
    const fromText = readDecimal(band.from, POINT_DECIMALS);
    const toText = readDecimal(band.to, POINT_DECIMALS);
    if (fromText.kind !== 'number' || toText.kind !== 'number') continue;
    const from = fromText.value;
    const to = toText.value;
    const upperOk = total.lessThan(to) || (to.equals(TOTAL_POINTS) && total.equals(to));
    if (total.greaterThanOrEqualTo(from) && upperOk) return band.grade;
  }
  return null;
}
