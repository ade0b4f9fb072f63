import { EVENT_NAMES, SECTION_STATE_NAMES, STATE_NAMES, type Role, type TaskKind } from '@jixiao/workflow';

export const ROLE_LABELS: Record<Role, string> = {
  finance_officer: '财政局绩效科',
  unit_admin: '单位管理员',
  group_leader: '评价小组组长',
  deputy_leader: '分管领导',
  member: '小组成员',
  compiler: '填报人员',
  seal_keeper: '印章管理员',
  publisher: '公开人员',
  system_admin: '系统管理员',
};

/** The workflow's names of states, the same words the API's refusals use. */
export const STATE_LABELS: Record<string, string> = STATE_NAMES;

/** The workflow's names of events, the same words the history export uses. */
export const EVENT_LABELS: Record<string, string> = EVENT_NAMES;

export const SECTION_STATE_LABELS: Record<string, string> = SECTION_STATE_NAMES;

export const GROUP_ROLE_LABELS: Record<string, string> = {
  group_leader: '组长',
  deputy_leader: '分管领导',
  member: '成员',
  compiler: '填报人员',
  seal_keeper: '印章管理员',
  publisher: '公开人员',
};

export const TASK_LABELS: Record<TaskKind, string> = {
  form_group: '成立评价小组',
  assign_sections: '分配章节',
  start_self_assessment: '开始自评',
  draft_section: '撰写章节',
  approve_section: '审核章节',
  fill_data_table: '填写基础数据表',
  acknowledge_warning: '确认数据表警告',
  fill_scores: '填写指标评分',
  fill_project_form: '填写项目支出绩效自评表',
  approve_project_form: '审核项目支出绩效自评表',
  request_review: '提请内部审核',
  approve_report: '审批报告',
  seal: '盖章',
  submit: '报送',
  review_submission: '接收或退回报送的报告',
  publish: '登记公开',
};

/** The date in Asia/Shanghai for a stored UTC time. */
export function shanghaiTime(iso: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

/** Today in Asia/Shanghai, as 'YYYY-MM-DD'. */
export function todayInShanghai(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
}
