/**
 * The project self-evaluation form (项目支出绩效自评表) as it arrives from the console or the API:
 * text as typed (amounts in 万元 as decimal strings), never binary floats. Parsed strictly by
 * `parseProjectForm` (bad input: refused with a code per field, nothing stored), then checked by
 * `checkProjectForm` against the campaign's rule pack (work in progress: problems, stored).
 */
export interface ProjectFormInput {
  header?: {
    projectName?: string;
    /** 主管部门 */
    competentDepartment?: string;
    /** 实施单位 */
    implementingUnit?: string;
    /** 项目负责人, 联系电话: optional. */
    projectLeader?: string;
    phone?: string;
  };
  /** 万元. Rows: 年度资金总额 (total), 其中：当年财政拨款, 上年结转资金, 其他资金. */
  funding?: {
    total?: FundingRowInput;
    currentYearAppropriation?: FundingRowInput;
    carriedOver?: FundingRowInput;
    other?: FundingRowInput;
    /** 执行率 as printed on the total row, a percentage ("86.5" or "86.5%"); blank: derived. */
    printedRate?: string;
    /** 得分 of the total row as printed; blank: derived. */
    printedScore?: string;
    /** Why the execution rate is low (required below the rule's threshold). */
    reason?: string;
  };
  /** 年度总体目标 */
  goals?: { expected?: string; actual?: string };
  indicators?: IndicatorRowInput[];
  /** A total and grade as a published form prints them; the console never sends these (they are derived), the conformance corpus does. */
  stated?: { total?: string; grade?: string };
}

export interface FundingRowInput {
  /** 年初预算数 */
  initialBudget?: string;
  /** 全年预算数 (A) */
  budget?: string;
  /** 全年执行数 (B) */
  spent?: string;
}

export type IndicatorPart = '产出指标' | '效益指标' | '满意度指标';

export interface IndicatorRowInput {
  /** 一级指标 */
  level1?: string;
  /** 二级指标: 数量指标, 质量指标, 时效指标, 成本指标, 经济效益指标, ... */
  level2?: string;
  /** 三级指标 */
  level3?: string;
  /** 指标性质 (where the rule pack prints it): ≥, ≤, =, 定性. Otherwise read from the target ("≥95%"). */
  nature?: string;
  /** 度量单位 (where the rule pack prints it). */
  unit?: string;
  /** 年度指标值, e.g. "≥95%", "12次", "≤3天", "有效提升". */
  target?: string;
  /** 实际完成值, e.g. "96.5%", "12次", "完成". */
  actual?: string;
  /** 分值 */
  points?: string;
  /** 得分 as typed. */
  score?: string;
  /** 偏差原因分析及改进措施 */
  deviationReason?: string;
}

/** Bad input: the form is refused as a whole and nothing is stored. */
export interface ProjectFormFieldError {
  /** `PROJECT_FORM.NOT_A_NUMBER`, `PROJECT_FORM.TOO_MANY_DECIMALS`, `PROJECT_FORM.TEXT_TOO_LONG`, ... */
  code: string;
  /** `funding.total.budget`, `indicators.3.score`, ... */
  path: string;
  message: string;
  received?: string;
}

/** What the checks derive from a form: shown beside it and printed in the sealed document. */
export interface ProjectFormResult {
  /** 执行率 B/A of the total row as a percentage, exact (not rounded); null while A or B is blank. */
  executionRatePercent: string | null;
  /** The execution score by the rule (rate × points, at most points), two decimals; null while not computable. */
  executionScore: string | null;
  /** Sum of the indicator scores and the execution score, before any cap. */
  sum: string;
  /** The total after the rule pack's cap by execution rate. */
  total: string;
  /** The cap applied, or null. */
  cap: string | null;
  /** From the rule pack's bands; null until every score is filled. */
  grade: string | null;
  complete: boolean;
  /** Per part (产出指标, 效益指标, 满意度指标): points available and scored. */
  parts: Array<{ part: string; points: string; score: string }>;
}
