import { roleLabels, type Role } from '@jixiao/workflow';

/**
 * Demo organisations and people, after the seed report's unit (a district party organisation
 * department with 13 sub-offices and 4 subordinate institutions) and its finance bureau.
 * Names of people are invented.
 */
export interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  description: string;
  /** The sub-office the person heads or works in. */
  subOffice?: string;
}

export interface DemoUnit {
  /** A 预算单位编码 as the bureau numbers its units. */
  code: string;
  name: string;
  unitType: 'administrative' | 'institution';
  contact: { name: string; phone: string; email: string };
  offices: string[];
  institutions: string[];
  users: DemoUser[];
}

/** The installation's system administrator: keeps the bureaus (财政局管理) and nothing else. */
export const DEMO_SYSTEM = {
  code: 'SYSTEM',
  name: '系统管理',
  users: [{ username: 'sys.admin', displayName: '系统管理员 (演示)', roles: ['system_admin'], description: 'system administrator (财政局管理)' }] satisfies DemoUser[],
};

export const DEMO_BUREAU = {
  code: 'XS-CZJ',
  name: '湛江市霞山区财政局',
  users: [
    { username: 'czj.officer', displayName: '林晓 (绩效科)', roles: ['finance_officer'], description: '财政局绩效科 finance officer' },
  ] satisfies DemoUser[],
};

export const DEMO_UNITS: DemoUnit[] = [
  {
    code: '101001',
    name: '中共湛江市霞山区委组织部',
    unitType: 'administrative',
    contact: { name: '陈晓梅', phone: '0759-2201001', email: 'zzb@xiashan.example' },
    offices: [
      '办公室',
      '调查研究组',
      '组织一组',
      '组织二组',
      '组织三组',
      '干部组',
      '公务员组',
      '人才组',
      '干部监督组',
      '干部培训组',
      '信息组',
      '直属机关工作组',
      '老干部管理组',
    ],
    institutions: ['区委党史研究室', '区改制企业离休干部安置管理中心', '区党员现代远程教育管理中心', '区党建指导中心'],
    users: [
      { username: 'zzb.admin', displayName: '陈敏 (办公室)', roles: ['unit_admin'], description: '组织部 unit admin (办公室)' },
      { username: 'zzb.leader', displayName: '黄志强 (副部长)', roles: ['group_leader'], description: '组织部 group leader (分管日常工作的副部长)' },
      { username: 'zzb.deputy', displayName: '吴海燕 (分管领导)', roles: ['deputy_leader'], description: '组织部 deputy leader (分管领导)' },
      { username: 'zzb.member', displayName: '张伟 (组织一组)', roles: ['member'], description: '组织部 member (组织一组负责人)', subOffice: '组织一组' },
      { username: 'zzb.member2', displayName: '李娜 (人才组)', roles: ['member'], description: '组织部 member (人才组负责人)', subOffice: '人才组' },
      { username: 'zzb.compiler', displayName: '周婷 (办公室)', roles: ['compiler'], description: '组织部 compiler (办公室填报)' },
      { username: 'zzb.seal', displayName: '郑刚 (办公室)', roles: ['seal_keeper'], description: '组织部 seal keeper (印章管理员)' },
      { username: 'zzb.publisher', displayName: '何静 (办公室)', roles: ['publisher'], description: '组织部 publisher (信息公开)' },
    ],
  },
  {
    code: '101002',
    name: '湛江市霞山区档案馆',
    unitType: 'institution',
    contact: { name: '林志强', phone: '0759-2201002', email: 'dag@xiashan.example' },
    offices: ['办公室', '业务科'],
    institutions: [],
    users: [
      { username: 'daj.admin', displayName: '梁军 (办公室)', roles: ['unit_admin', 'compiler', 'seal_keeper', 'publisher'], description: '档案馆 unit admin, compiler, seal keeper, publisher' },
      { username: 'daj.leader', displayName: '冯丽 (馆长)', roles: ['group_leader'], description: '档案馆 group leader' },
      { username: 'daj.member', displayName: '许东 (业务科)', roles: ['member'], description: '档案馆 member', subOffice: '业务科' },
    ],
  },
];

export const DEMO_CAMPAIGN = {
  documentNumber: '湛霞财〔2024〕68号',
  title: '关于开展2024年区级部门单位整体支出和重点项目财政重点绩效评价工作的通知',
  fiscalYear: 2023,
  /** Deadlines count from the day the demo data is loaded, so there is always time left to try things. */
  submissionInDays: 30,
  publicationInDays: 45,
  /**
   * The seed report prints an income total 0.02 万元 off the sum of its parts (a rounding of the
   * original). With this tolerance that gap is a warning the compiler acknowledges, not an error
   * nothing in the console could get past.
   */
  roundingTolerance: '0.02',
};

export interface DemoAccountGroup {
  organisation: string;
  accounts: Array<{ username: string; displayName: string; roles: string }>;
}

/** Every demo account by organisation, with its roles in Chinese, as the sign-in page lists them. */
export function demoAccountGroups(): DemoAccountGroup[] {
  return [DEMO_BUREAU, ...DEMO_UNITS, DEMO_SYSTEM].map((org) => ({
    organisation: org.name,
    accounts: org.users.map((u) => ({ username: u.username, displayName: u.displayName, roles: roleLabels(u.roles) })),
  }));
}
