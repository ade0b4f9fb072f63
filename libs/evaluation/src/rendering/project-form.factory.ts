import type { ProjectFormInput, ProjectFormResult, RulePack } from '@jixiao/report';
import { projectFormSnapshot, type ConfiguredProject } from './snapshot.builder';
import type { SnapshotProjectForm } from './snapshot';

/** The national template's rules, written out here so that rendering is tested apart from the checks. */
export function nationalPack(change?: (pack: RulePack) => void): RulePack {
  const pack: RulePack = {
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
  change?.(pack);
  return pack;
}

/** A provincial variant: 调整后预算数, 指标性质 and 度量单位, a reason column, caps by execution rate. */
export function provincialPack(change?: (pack: RulePack) => void): RulePack {
  return nationalPack((pack) => {
    pack.id = 'sichuan-2021';
    pack.name = '四川省（川财绩〔2021〕）';
    pack.columns = { budget: '调整后预算数', spent: '执行数' };
    pack.indicatorColumns = { nature: true, unit: true };
    pack.fundingReasonColumn = true;
    pack.totalCaps = [
      { rateBelow: '0.8', maxTotal: '89' },
      { rateBelow: '0.7', maxTotal: '79' },
      { rateBelow: '0.6', maxTotal: '69' },
    ];
    change?.(pack);
  });
}

export const ROAD_PROJECT: ConfiguredProject = {
  code: 'P01',
  name: '农村公路养护项目',
  competentDepartment: '湛江市霞山区交通运输局',
  implementingUnit: '霞山区公路事务中心',
};

/**
 * A rural-road maintenance form under the national template: 173.21 of 200.00 spent, a rate of
 * 86.605% (86.61% when printed half up, 86.60% by banker's rounding), header name left blank.
 */
export function roadFormInput(change?: (input: ProjectFormInput) => void): ProjectFormInput {
  const input: ProjectFormInput = {
    header: { projectName: '', competentDepartment: '', implementingUnit: '', projectLeader: '陈立新', phone: '0759-2281234' },
    funding: {
      total: { initialBudget: '180.00', budget: '200.00', spent: '173.21' },
      currentYearAppropriation: { initialBudget: '180.00', budget: '180.00', spent: '153.21' },
      carriedOver: { initialBudget: '0.00', budget: '20.00', spent: '20.00' },
      other: { initialBudget: '0.00', budget: '0.00', spent: '0.00' },
      reason: '两段路面修复工程未到结算期，尾款结转下年支付。',
    },
    goals: { expected: '完成辖区42公里农村公路日常养护，优良路率不低于80%。', actual: '完成42公里日常养护，优良路率82.5%。' },
    indicators: [
      { level1: '产出指标', level2: '数量指标', level3: '日常养护里程', target: '≥42公里', actual: '42公里', points: '20', score: '20', deviationReason: '' },
      { level1: '产出指标', level2: '数量指标', level3: '路面修复处数', target: '≥15处', actual: '13处', points: '10', score: '8.67', deviationReason: '两处修复因雨季顺延，已列入次年一季度计划。' },
      { level1: '产出指标', level2: '质量指标', level3: '优良路率', target: '≥80%', actual: '82.5%', points: '20', score: '20', deviationReason: '' },
      { level1: '效益指标', level2: '社会效益指标', level3: '群众出行条件', target: '有效改善', actual: '有效改善', points: '30', score: '27', deviationReason: '' },
      { level1: '满意度指标', level2: '服务对象满意度指标', level3: '沿线群众满意度', target: '≥90%', actual: '93%', points: '10', score: '10', deviationReason: '' },
    ],
  };
  change?.(input);
  return input;
}

/** What the checks would derive from `roadFormInput`, written out by hand. */
export function roadFormResult(change?: (result: ProjectFormResult) => void): ProjectFormResult {
  const result: ProjectFormResult = {
    executionRatePercent: '86.605',
    executionScore: '8.66',
    sum: '94.33',
    total: '94.33',
    cap: null,
    grade: '优',
    complete: true,
    parts: [
      { part: '产出指标', points: '50', score: '48.67' },
      { part: '效益指标', points: '30', score: '27' },
      { part: '满意度指标', points: '10', score: '10' },
    ],
  };
  change?.(result);
  return result;
}

export const CLINIC_PROJECT: ConfiguredProject = {
  code: 'P02',
  name: '基层医疗卫生机构设备购置',
  competentDepartment: '湛江市霞山区卫生健康局',
  implementingUnit: '霞山区社区卫生服务中心',
};

/** An equipment purchase under the provincial pack: 72.5% spent, so its total of 91.25 is capped at 89 (良). */
export function clinicFormInput(change?: (input: ProjectFormInput) => void): ProjectFormInput {
  const input: ProjectFormInput = {
    header: { projectName: '社区卫生服务中心医疗设备购置', competentDepartment: '湛江市霞山区卫生健康局', implementingUnit: '霞山区社区卫生服务中心', projectLeader: '林海燕', phone: '13902587416' },
    funding: {
      total: { initialBudget: '400.00', budget: '360.00', spent: '261.00' },
      currentYearAppropriation: { initialBudget: '400.00', budget: '360.00', spent: '261.00' },
      carriedOver: { initialBudget: '0.00', budget: '0.00', spent: '0.00' },
      other: { initialBudget: '0.00', budget: '0.00', spent: '0.00' },
      reason: '彩超设备采购流标后重新招标，合同款于次年支付。',
    },
    goals: { expected: '购置彩超、心电图机等设备12台（套）并投入使用。', actual: '已购置并投入使用11台（套），彩超于次年到货。' },
    indicators: [
      { level1: '产出指标', level2: '数量指标', level3: '设备购置数量', nature: '≥', unit: '台（套）', target: '12', actual: '11', points: '25', score: '22.92', deviationReason: '彩超流标后重新招标，已于次年一月到货安装。' },
      { level1: '产出指标', level2: '时效指标', level3: '设备投入使用时间', nature: '≤', unit: '月', target: '12', actual: '12', points: '25', score: '25', deviationReason: '' },
      { level1: '效益指标', level2: '社会效益指标', level3: '年门诊检查人次', nature: '≥', unit: '人次', target: '8000', actual: '8650', points: '30', score: '30', deviationReason: '' },
      { level1: '满意度指标', level2: '服务对象满意度指标', level3: '患者满意度', nature: '≥', unit: '%', target: '90', actual: '95', points: '10', score: '10', deviationReason: '' },
    ],
  };
  change?.(input);
  return input;
}

export function clinicFormResult(change?: (result: ProjectFormResult) => void): ProjectFormResult {
  const result: ProjectFormResult = {
    executionRatePercent: '72.5',
    executionScore: '7.25',
    sum: '95.17',
    total: '89',
    cap: '89',
    grade: '良',
    complete: true,
    parts: [
      { part: '产出指标', points: '50', score: '47.92' },
      { part: '效益指标', points: '30', score: '30' },
      { part: '满意度指标', points: '10', score: '10' },
    ],
  };
  change?.(result);
  return result;
}

/** The two forms as a snapshot prints them, one per pack. */
export function printedForms(): SnapshotProjectForm[] {
  return [
    projectFormSnapshot(ROAD_PROJECT, roadFormInput(), nationalPack(), roadFormResult()),
    projectFormSnapshot(CLINIC_PROJECT, clinicFormInput(), provincialPack(), clinicFormResult()),
  ];
}
