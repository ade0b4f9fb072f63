import type { ProjectFormInput } from '@jixiao/report';

/** A key project of the demo's second unit (档案馆) with its self-evaluation form as filled so far. */
export interface DemoProject {
  code: string;
  name: string;
  competentDepartment: string;
  implementingUnit: string;
  form: ProjectFormInput;
}

const HEADER = { competentDepartment: '湛江市霞山区档案馆', implementingUnit: '湛江市霞山区档案馆' };

/**
 * Two projects in figures of our own that hold together: each funding row is the sum of its
 * sources in every column, 执行率 B/A is 94.00% and 100.00%, and every indicator reached its target,
 * so each form is complete and scores 99.4 and 100 (优); the overshoot on waiting time is explained.
 */
export const DEMO_PROJECTS: readonly DemoProject[] = [
  {
    code: 'P01',
    name: '馆藏档案数字化加工项目',
    ...HEADER,
    form: {
      header: { projectName: '馆藏档案数字化加工项目', ...HEADER, projectLeader: '梁军', phone: '0759-2202016' },
      funding: {
        // 94.50 + 18.30 = 112.80; 112.80 / 120.00 = 94.00%.
        total: { initialBudget: '120.00', budget: '120.00', spent: '112.80' },
        currentYearAppropriation: { initialBudget: '100.00', budget: '100.00', spent: '94.50' },
        carriedOver: { initialBudget: '20.00', budget: '20.00', spent: '18.30' },
        other: { initialBudget: '0.00', budget: '0.00', spent: '0.00' },
      },
      goals: {
        expected: '完成馆藏纸质档案扫描不少于12万页，图像合格率不低于98%，建成数字档案查阅系统，缩短群众查档等待时间。',
        actual: '全年扫描纸质档案12.3万页，抽检合格率99.2%，数字档案查阅系统于11月上线，查档平均等待时间缩短35%。',
      },
      indicators: [
        { level1: '产出指标', level2: '数量指标', level3: '纸质档案扫描页数', target: '≥12万页', actual: '12.3万页', points: '20', score: '20' },
        { level1: '产出指标', level2: '质量指标', level3: '扫描图像抽检合格率', target: '≥98%', actual: '99.2%', points: '15', score: '15' },
        { level1: '产出指标', level2: '时效指标', level3: '年度加工任务完成时间', target: '按期完成', actual: '完成', points: '15', score: '15' },
        { level1: '效益指标', level2: '社会效益指标', level3: '查档平均等待时间缩短比例', target: '≥30%', actual: '35%', points: '20', score: '20', deviationReason: '查阅系统提前上线，等待时间缩短幅度超出预期；下年度按实际水平提高目标值。' },
        { level1: '效益指标', level2: '可持续影响指标', level3: '数字档案长期保存机制', target: '有效建立', actual: '完成', points: '10', score: '10' },
        { level1: '满意度指标', level2: '服务对象满意度指标', level3: '查档群众满意度', target: '≥90%', actual: '95%', points: '10', score: '10' },
      ],
    },
  },
  {
    code: 'P02',
    name: '档案库房安全改造项目',
    ...HEADER,
    form: {
      header: { projectName: '档案库房安全改造项目', ...HEADER, projectLeader: '梁军', phone: '0759-2202016' },
      funding: {
        // The budget was cut from 60.00 to 58.50 in the year and spent in full: 100.00%.
        total: { initialBudget: '60.00', budget: '58.50', spent: '58.50' },
        currentYearAppropriation: { initialBudget: '60.00', budget: '58.50', spent: '58.50' },
        carriedOver: { initialBudget: '0.00', budget: '0.00', spent: '0.00' },
        other: { initialBudget: '0.00', budget: '0.00', spent: '0.00' },
      },
      goals: {
        expected: '完成2个档案库房的恒温恒湿和消防改造，库房温湿度达标率不低于95%，全年不发生档案安全事故。',
        actual: '2个库房改造于9月通过验收，全年温湿度达标率97.5%，未发生档案安全事故。',
      },
      indicators: [
        { level1: '产出指标', level2: '数量指标', level3: '改造库房数量', target: '=2个', actual: '2个', points: '20', score: '20' },
        { level1: '产出指标', level2: '质量指标', level3: '工程验收合格率', target: '=100%', actual: '100%', points: '15', score: '15' },
        { level1: '产出指标', level2: '时效指标', level3: '改造完成时间', target: '按期完成', actual: '完成', points: '15', score: '15' },
        { level1: '效益指标', level2: '社会效益指标', level3: '库房温湿度达标率', target: '≥95%', actual: '97.5%', points: '20', score: '20' },
        { level1: '效益指标', level2: '可持续影响指标', level3: '档案安全事故次数', target: '=0次', actual: '0次', points: '10', score: '10' },
        { level1: '满意度指标', level2: '服务对象满意度指标', level3: '馆内工作人员满意度', target: '≥90%', actual: '96%', points: '10', score: '10' },
      ],
    },
  },
];
