import type { OutboxKind, OutboxStatus, PublicationStatus, SubmissionStatus } from './api/finance-views';

export const SUBMISSION_LABELS: Record<SubmissionStatus, string> = { not_submitted: '未报送', on_time: '按时报送', late: '逾期报送' };

export const PUBLICATION_LABELS: Record<PublicationStatus, string> = { not_due: '未到公开环节', pending: '待公开', overdue: '逾期未公开', published: '已公开' };

export const PUBLICATION_COLORS: Record<PublicationStatus, string> = { not_due: 'default', pending: 'blue', overdue: 'red', published: 'green' };

/** The states a tracking filter offers, in lifecycle order; `submitted` is both submitted states. */
export const TRACKING_STATE_OPTIONS = [
  { value: 'notice_issued', label: '已下发通知' },
  { value: 'group_formed', label: '已成立评价小组' },
  { value: 'self_assessment', label: '自评中' },
  { value: 'internal_review', label: '内部审核中' },
  { value: 'sealed', label: '已盖章' },
  { value: 'submitted', label: '已报送（全部）' },
  { value: 'submitted.awaiting_acceptance', label: '已报送，待接收' },
  { value: 'submitted.accepted', label: '财政局已接收' },
  { value: 'published', label: '已公开' },
] as const;

export const MAIL_KIND_LABELS: Record<OutboxKind, string> = { reminder: '到期提醒', overdue: '逾期通知', escalation: '逾期督办', urge: '催办', digest: '每日汇总', invitation: '账号邀请' };

export const MAIL_STATUS_LABELS: Record<OutboxStatus, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败',
  cancelled: '已取消',
  digested: '已并入汇总',
};
