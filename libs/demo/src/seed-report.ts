import type { DataTableInput, IndicatorScore, SectionBlock } from '@jixiao/report';

/**
 * The seed unit's 2023 self-evaluation report as demo content: one entry per section of the
 * default outline (codes 1.1 … 4), the basic data table and the indicator score sheet.
 *
 * The wording is our own, a summary of what each section of the seed report covers; the
 * structure and every figure are the seed's: 13 sub-offices, 4 subordinate institutions, the
 * staffing per organ, income 2686.28 万元 (2300.39 + 381.59 + 4.28), expenditure 2702.04 万元
 * (975.88 + 1726.16) and a self-score of 90.
 */
export interface SeedReportSection {
  code: string;
  blocks: SectionBlock[];
}

/** The unit's organs with their authorized posts and staff in post, as printed in section 1.1. */
const STAFFING_ROWS: ReadonlyArray<{ organ: string; authorizedPosts: number; staffInPost: number; retired: number; retiredBefore1949: number }> = [
  { organ: '中共湛江市霞山区委组织部', authorizedPosts: 20, staffInPost: 17, retired: 19, retiredBefore1949: 1 },
  { organ: '区委党史研究室', authorizedPosts: 3, staffInPost: 2, retired: 0, retiredBefore1949: 0 },
  { organ: '区改制企业离休干部安置管理中心', authorizedPosts: 1, staffInPost: 1, retired: 0, retiredBefore1949: 0 },
  { organ: '区党员现代远程教育管理中心', authorizedPosts: 4, staffInPost: 3, retired: 0, retiredBefore1949: 0 },
  { organ: '区党建指导中心', authorizedPosts: 30, staffInPost: 23, retired: 0, retiredBefore1949: 0 },
];

const p = (text: string): SectionBlock => ({ type: 'paragraph', text });
const h = (text: string): SectionBlock => ({ type: 'heading', level: 1, text });

export const SEED_REPORT_SECTIONS: readonly SeedReportSection[] = [
  {
    code: '1.1',
    blocks: [
      p(
        '本部设有办公室、调查研究组、组织一组至组织三组、干部组、公务员组、人才组、干部监督组、干部培训组、信息组、直属机关工作组和老干部管理组，共13个组室；下设事业单位（含参照公务员法管理单位）4个，无下属二级预算单位。',
      ),
      p('截至2023年末，本部及所属单位的编制和在职人员如下表（本部另有离休1人、退休19人）。'),
      {
        type: 'table',
        caption: '编制及在职人员情况',
        header: ['机构', '编制数', '实有在职人数'],
        rows: STAFFING_ROWS.map((row) => [row.organ, String(row.authorizedPosts), String(row.staffInPost)]),
      },
      p('本部负责全区党的组织建设和干部人事制度改革的研究与指导，统筹干部队伍建设规划，管理公务员、老干部和人才工作，并督促检查全区组织工作的落实。'),
    ],
  },
  {
    code: '1.2',
    blocks: [
      h('党建工作'),
      p('以党建引领住宅小区治理，整顿软弱涣散基层党组织，配强村级干部，为乡村振兴和“百千万工程”提供组织保障。'),
      h('干部工作'),
      p('抓好干部理论学习和教育培训，统筹干部的培育、选拔、管理和使用，加强领导班子建设，把从严监督贯穿选人用人全过程。'),
      h('人才工作'),
      p('出台人才综合政策，以项目引才，支持企业建设创新创业平台，依托人才驿站做好一站式服务，推进校企合作和选调生到村锻炼。'),
    ],
  },
  {
    code: '1.3',
    blocks: [
      p('以习近平新时代中国特色社会主义思想为指导，落实党的二十大精神，统筹推进班子和干部队伍、基层党组织和党员队伍、人才队伍建设以及公务员管理，推动组织工作高质量发展。'),
      p('通过安排村“两委”干部补贴、村（社区）办公和服务群众经费、“两新”组织配套经费保障基层党组织运转，通过人才专项资金促进人才引育，通过干部培训经费分层分类开展领导干部教育培训。'),
    ],
  },
  {
    code: '1.4',
    blocks: [
      p('2023年度收入决算合计2686.28万元，其中一般公共预算财政拨款收入2300.39万元，政府性基金预算财政拨款收入381.59万元，其他收入4.28万元。'),
      p('2023年度支出决算合计2702.04万元，其中基本支出975.88万元，项目支出1726.16万元。'),
    ],
  },
  {
    code: '2.1',
    blocks: [p('由分管日常工作的副部长牵头、各分管领导协助，各组室和所属事业单位负责人参加，组成自评工作小组；办公室负责收集整理数据和起草报告，其他组室和单位配合。')],
  },
  {
    code: '2.2',
    blocks: [
      p('接到财政部门通知后，我部随即部署自评，组织学习相关制度并明确分工。小组核对账务和项目执行资料，填报基础数据表和指标评分表，从预算编制、执行、监督、使用效益以及重点工作完成情况等方面逐项打分，汇总分析后形成本报告。'),
    ],
  },
  {
    code: '2.3',
    blocks: [p('自评材料已在规定期限内报送，我部对材料的真实性、完整性、一致性和规范性负责。')],
  },
  {
    code: '2.4',
    blocks: [p('对外公开的自评报告与报送财政部门的版本内容相同。')],
  },
  {
    code: '3.1',
    blocks: [p('2023年度整体支出安排合理合规，预算执行有序，管理规范，整体绩效目标基本实现。按指标评分表自评得分90分，等级为优。')],
  },
  {
    code: '3.2',
    blocks: [
      h('预算编制'),
      p('预算围绕部门职责和年度重点工作编制，资金在各项目之间统筹安排、突出重点，编制程序符合财政要求，整体和项目绩效目标均已在预算中体现。'),
      h('预算执行'),
      p('全年收入决算2686.28万元，支出决算2702.04万元。支出范围、程序和核算符合财经制度，未发现虚列、截留、挤占、挪用或超标准开支；资产专人管理、账实相符。'),
      h('预算监督'),
      p('年度预决算已按要求在区政府门户网站的部门预决算专栏公开，接受社会监督。'),
      h('预算使用效益'),
      p('基本支出保障了机关正常运转，项目支出支撑了基层党建、干部队伍、人才和老干部等重点工作：推动机关党员下沉网格、建立住宅小区党组织、储备村级后备干部；开展干部调研和交流轮岗；以项目柔性引进人才并搭建创新平台；推行干部荣誉退休制度。'),
    ],
  },
  {
    code: '3.3',
    blocks: [
      p('一是对绩效评价的重视程度仍需提高，相关制度和规范化管理有待完善。'),
      p('二是年初预算受不可预见因素影响，资金安排需更充分地考虑各方面情况。'),
      p('三是整体支出绩效指标体系不够健全，绩效目标的细化和量化不足。'),
    ],
  },
  {
    code: '3.4',
    blocks: [
      p('一是加强绩效评价业务学习，强化内部预算支出管理，健全绩效评价制度。'),
      p('二是结合上年收支执行情况和本年重点工作细化预算编制，增强科学性和可控性。'),
      p('三是按制度要求编制绩效目标，使目标尽量全面、细化、可量化。'),
    ],
  },
  {
    code: '4',
    blocks: [p('无。')],
  },
];

/**
 * The basic data table with the seed's figures exactly as printed. The income components add up
 * to 2686.26 万元 while the printed total is 2686.28 万元: a difference of 0.02. Under the default
 * rounding tolerance this is an error; with the campaign's tolerance set to 0.02 it is a warning
 * that the compiler must acknowledge with a comment before the report can go to review. The real
 * figures are kept on purpose; they are not corrected here.
 */
export const SEED_REPORT_DATA_TABLE: DataTableInput = {
  unit: '万元',
  income: {
    total: '2686.28',
    components: { generalPublicBudgetAppropriation: '2300.39', governmentFundAppropriation: '381.59', other: '4.28' },
  },
  expenditure: { total: '2702.04', basicAndProject: { basic: '975.88', project: '1726.16' } },
  staffing: STAFFING_ROWS.map((row) => ({ ...row })),
};

/** Why the seed's income components and printed total differ, for the acknowledgement. */
export const SEED_REPORT_INCOME_ACKNOWLEDGEMENT = '收入决算各项合计2686.26万元，与决算报表列示的2686.28万元相差0.02万元，系决算报表分项四舍五入形成的尾差，按报表原数填列。';

/**
 * The indicator score sheet for DEFAULT_INDICATOR_CONFIG: 100 points, 10 deducted, 90 in all,
 * each deduction tied to a weakness the report itself names.
 */
export const SEED_REPORT_SCORES: readonly IndicatorScore[] = [
  { code: '1.1.1', score: '4' },
  { code: '1.1.2', score: '2', justification: '报告自认整体支出绩效指标体系不完善，绩效目标未充分细化、量化，扣2分。' },
  { code: '1.2.1', score: '4' },
  { code: '1.2.2', score: '2', justification: '年初预算受不可预见因素影响，支出决算2702.04万元高于收入决算2686.28万元，预算编制准确性不足，扣2分。' },
  { code: '1.2.3', score: '4' },
  { code: '2.1', score: '8', justification: '报告未列示调整后预算数和预算执行率，执行情况无法按比率核实，扣2分。' },
  { code: '2.2.1', score: '2', justification: '支出超过当年收入，但未说明年初结转结余的使用情况，扣1分。' },
  { code: '2.2.2', score: '3' },
  { code: '2.3.1', score: '4' },
  { code: '2.3.2', score: '4' },
  { code: '2.4.1', score: '3' },
  { code: '2.4.2', score: '3' },
  { code: '3.1.1', score: '5' },
  { code: '3.1.2', score: '2', justification: '仅公开了预决算，未说明绩效目标的公开情况，扣1分。' },
  { code: '3.2.1', score: '3', justification: '报告自认绩效评价制度建设和规范化管理有待加强，扣1分。' },
  { code: '3.2.2', score: '3' },
  { code: '4.1.1', score: '8' },
  { code: '4.1.2', score: '7' },
  { code: '4.2.1', score: '8' },
  { code: '4.2.2', score: '3', justification: '对绩效评价重要性的认识仍需提高，长效管理机制尚未健全，扣1分。' },
  { code: '4.3.1', score: '8' },
];

/** The self-score and grade the sheet above yields under the default bands. */
export const SEED_REPORT_SELF_SCORE = { total: '90', grade: '优' } as const;
