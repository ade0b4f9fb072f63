import { SECTION_STATE_NAMES, STATE_NAMES, type Role, type TaskKind } from '@jixiao/workflow';

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

export const EVENT_LABELS: Record<string, string> = {
  ISSUE: '下发通知',
  FORM_GROUP: '成立评价小组',
  CHANGE_GROUP: '调整评价小组',
  START_SELF_ASSESSMENT: '开始自评',
  REQUEST_REVIEW: '提请内部审核',
  APPROVE: '审核通过',
  RETURN: '退回',
  SEAL: '盖章',
  SUBMIT: '报送财政局',
  ACCEPT: '接收',
  PUBLISH: '登记公开',
  ADD_APPROVER: '加签',
  REASSIGN: '转交任务',
  ASSIGN_SECTION: '分配章节',
  SECTION_START_DRAFTING: '开始撰写章节',
  SECTION_SUBMIT: '提交章节',
  SECTION_APPROVE: '审核通过章节',
  SECTION_RETURN: '退回章节',
  URGE: '催办',
};

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
