import { api, call } from './api/client';
import type { components } from './api/schema';

export type NotificationView = components['schemas']['NotificationDto'];
export type NotificationPage = components['schemas']['NotificationPageDto'];
export type NotificationKind = NotificationView['kind'];

const quoted = (n: NotificationView) => (n.params.sectionTitle ? `章节「${n.params.sectionTitle}」` : '');
const because = (n: NotificationView) => (n.params.reason ? `：${n.params.reason}` : '');
const who = (n: NotificationView) => n.actorName ?? '系统';
const unit = (n: NotificationView) => String(n.params.unitName ?? '本单位');

/** What each notice says, in the words of its kind; the compiler finds a kind without words. */
export const NOTIFICATION_TEXTS: Record<NotificationKind, (n: NotificationView) => string> = {
  FORM_GROUP: (n) => `${who(n)} 组建了${unit(n)}的评价工作组，你在组内`,
  ASSIGN_SECTION: (n) => `${who(n)} 把${quoted(n)}分配给你撰写${n.params.dueDate ? `，完成期限 ${n.params.dueDate}` : ''}`,
  START_SELF_ASSESSMENT: (n) => `${who(n)} 启动了${unit(n)}的自评，请撰写分配给你的章节`,
  SECTION_SUBMIT: (n) => `${who(n)} 提交了${quoted(n)}，等你审核`,
  SECTION_APPROVE: (n) => `${who(n)} 审核通过了你撰写的${quoted(n)}`,
  SECTION_RETURN: (n) => `${who(n)} 退回了你撰写的${quoted(n)}${because(n)}`,
  REQUEST_REVIEW: (n) => `${who(n)} 提请审核${unit(n)}的自评报告，等你审批`,
  ADD_APPROVER: (n) => `${who(n)} 加签请你审批${unit(n)}的自评报告${because(n)}`,
  APPROVE: (n) => `${who(n)} 审批同意了${unit(n)}的自评报告`,
  RETURN: (n) => `${who(n)} 在内部审核中退回了自评报告${n.params.sectionTitle ? `，请修改你撰写的${quoted(n)}` : ''}${because(n)}`,
  BUREAU_RETURN: (n) => `财政局 ${who(n)} 退回了${unit(n)}报送的自评报告${because(n)}`,
  SEAL: (n) => `${who(n)} 已为${unit(n)}的自评报告盖章，可以报送财政局`,
  SUBMIT: (n) => `${unit(n)} 报送了 ${n.params.fiscalYear ?? ''} 年度自评报告，等待接收`,
  ACCEPT: (n) => `财政局 ${who(n)} 接收了${unit(n)}的自评报告，可以登记公开`,
  PUBLISH: (n) => `${who(n)} 登记公开了${unit(n)}的自评报告`,
  URGE: (n) => `${who(n)} 催办：请尽快完成${quoted(n) || '你的待办'}${n.params.dueDate ? `（期限 ${n.params.dueDate}）` : ''}${because(n)}`,
  REASSIGN: (n) => `${who(n)} 把${quoted(n) || '一项工作'}转交给你${because(n)}`,
  DELEGATION: (n) => `${who(n)} 委托你在 ${n.params.startsOn} 至 ${n.params.endsOn} 代理其职责${because(n)}`,
  SECTION_REOPEN: (n) => `${who(n)} 重新打开了已通过的${quoted(n)}${because(n)}`,
  SECTION_REQUEST_REOPEN: (n) => `${who(n)} 申请重新打开已通过的${quoted(n)}，等你决定${because(n)}`,
  SECTION_DECLINE_REOPEN: (n) => `${who(n)} 未同意重新打开${quoted(n)}${because(n)}`,
  SECTION_WITHDRAW: (n) => `${who(n)} 撤回了提交审核的${quoted(n)}，暂不需要审核`,
  WITHDRAW_REVIEW: (n) => `${who(n)} 撤回了${unit(n)}自评报告的审核申请，暂不需要审批`,
  WITHDRAW_SUBMISSION: (n) => `${unit(n)} 撤回了报送的自评报告，暂不需要接收`,
  CIRCULATE: (n) => `${who(n)} 把${unit(n)}的自评报告传阅给你，阅后请点“已阅”`,
  APPROVAL_TURN: (n) => `${who(n)} 已审核通过${unit(n)}的自评报告，轮到你审批`,
  COMMENT: (n) => `${who(n)} 评论了${quoted(n)}${because(n)}`,
  COMMENT_REPLY: (n) => `${who(n)} 回复了${quoted(n)}中的评论${because(n)}`,
  COMMENT_RESOLVED: (n) => `${who(n)} 已解决你在${quoted(n)}中提出的评论`,
};

export function notificationText(n: NotificationView): string {
  return NOTIFICATION_TEXTS[n.kind](n);
}

export const notificationsApi = {
  list: (query: { unread?: boolean; limit: number; offset: number }) =>
    call<NotificationPage>(() => api.GET('/api/me/notifications', { params: { query: { unread: query.unread ?? false, limit: query.limit, offset: query.offset } } })),
  count: () => call<{ unread: number }>(() => api.GET('/api/me/notifications/count')),
  markRead: (ids: string[] | 'all') =>
    call<{ marked: number; unread: number }>(() => api.POST('/api/me/notifications/read', { body: ids === 'all' ? { all: true } : { ids } })),
};

/** The bell listens for this to refresh its count at once when a page marked notices read. */
export const NOTIFICATIONS_CHANGED = 'jixiao:notifications-changed';

export function announceNotificationsChanged(): void {
  window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
}
