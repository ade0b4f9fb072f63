import type { DueTaskKind, ReminderPayload } from './reminder-payload';

/** The kinds of single mail an outbox row can carry; a digest bundles several of the first three. */
export type SingleMailKind = 'reminder' | 'overdue' | 'escalation' | 'urge';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface DigestItem {
  kind: SingleMailKind;
  payload: ReminderPayload;
}

const SUBJECT_PREFIX = '【绩效自评】';
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** '2024-03-15' → '2024年3月15日'. */
export function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

function weekday(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return WEEKDAYS[new Date(Date.UTC(year!, month! - 1, day!)).getUTCDay()]!;
}

/** What is to be done, as the object of a sentence: 完成“项目绩效情况”初稿. */
export function taskPhrase(kind: DueTaskKind, sectionTitle: string | null): string {
  const section = sectionTitle ? `“${sectionTitle}”` : '报告章节';
  switch (kind) {
    case 'form_group':
      return '成立自评工作小组';
    case 'assign_sections':
      return '分配报告章节并确定完成期限';
    case 'start_self_assessment':
      return '启动自评';
    case 'review_submission':
      return '审核单位报送的自评报告';
    case 'draft_section':
      return `完成${section}初稿`;
    case 'approve_section':
      return `审核${section}`;
    case 'approve_report':
      return '审批整体绩效自评报告';
    case 'seal':
      return '为自评报告用印';
    case 'submit':
      return '向财政局报送自评报告';
    case 'publish':
      return '公开自评报告';
  }
}

/** 还有3个工作日 / 今天到期 / 已逾期2个工作日. */
export function timeLeft(workingDaysLeft: number): string {
  if (workingDaysLeft > 0) return `还有${workingDaysLeft}个工作日`;
  if (workingDaysLeft === 0) return '今天到期';
  return `已逾期${-workingDaysLeft}个工作日`;
}

export function joinUrl(publicUrl: string, link: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/${link.replace(/^\/+/, '')}`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function subjectOf(kind: SingleMailKind, p: ReminderPayload): string {
  const task = taskPhrase(p.taskKind, p.sectionTitle);
  const due = chineseDate(p.dueDate);
  switch (kind) {
    case 'reminder':
      return `${SUBJECT_PREFIX}请于${due}前${task}`;
    case 'overdue':
      return `${SUBJECT_PREFIX}已逾期：请尽快${task}（截止${due}）`;
    case 'escalation':
      return `${SUBJECT_PREFIX}逾期督办：${p.assigneeName ?? '相关人员'}未按期${task}（截止${due}）`;
    case 'urge':
      return `${SUBJECT_PREFIX}催办：请尽快${task}（截止${due}）`;
  }
}

function leadOf(kind: SingleMailKind, p: ReminderPayload): string {
  const task = taskPhrase(p.taskKind, p.sectionTitle);
  const due = `${chineseDate(p.dueDate)}（${weekday(p.dueDate)}）`;
  switch (kind) {
    case 'reminder':
      return `您有一项待办：${task}，截止日期为${due}，${timeLeft(p.workingDaysLeft)}。`;
    case 'overdue':
      return `您的待办“${task}”截止日期为${due}，${timeLeft(Math.min(p.workingDaysLeft, -1))}，请尽快办理。`;
    case 'escalation':
      return `${p.assigneeName ?? '相关人员'}负责的“${task}”截止日期为${due}，${timeLeft(Math.min(p.workingDaysLeft, -1))}，请督促办理。`;
    case 'urge':
      return `${p.urgedByName ?? '领导'}催办：请尽快${task}。截止日期为${due}，${timeLeft(p.workingDaysLeft)}。`;
  }
}

/** The facts every mail names: unit, notice, case and where to act. */
function facts(p: ReminderPayload, url: string): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['单位', p.unitName],
    ['通知', `${p.campaignTitle}（${p.documentNumber}）`],
  ];
  if (p.sectionCode !== null) rows.push(['章节', `${p.sectionCode} ${p.sectionTitle ?? ''}`.trim()]);
  rows.push(['截止日期', `${chineseDate(p.dueDate)}（${timeLeft(p.workingDaysLeft)}）`]);
  rows.push(['办理地址', url]);
  return rows;
}

const FOOTER = '此邮件由绩效自评系统自动发送，请勿直接回复。';

function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family:'Microsoft YaHei',SimSun,sans-serif;font-size:14px;line-height:1.6;color:#222">${body}` +
    `<p style="color:#888;font-size:12px">${escapeHtml(FOOTER)}</p></body></html>`;
}

function factsHtml(rows: Array<[string, string]>): string {
  const cells = rows
    .map(([label, value]) => {
      const shown = label === '办理地址' ? `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>` : escapeHtml(value);
      return `<tr><th style="text-align:left;padding:2px 12px 2px 0;white-space:nowrap">${escapeHtml(label)}</th><td>${shown}</td></tr>`;
    })
    .join('');
  return `<table style="border-collapse:collapse">${cells}</table>`;
}

/** A reminder, overdue notice, escalation or 催办 for one task, in plain text and HTML. */
export function renderSingleMail(kind: SingleMailKind, payload: ReminderPayload, recipientName: string, publicUrl: string): RenderedMail {
  const subject = subjectOf(kind, payload);
  const lead = leadOf(kind, payload);
  const url = joinUrl(publicUrl, payload.link);
  const rows = facts(payload, url);
  const note = kind === 'urge' && payload.message ? payload.message : null;
  const text = [
    `${recipientName}，您好：`,
    '',
    lead,
    ...(note ? ['', `留言：${note}`] : []),
    '',
    ...rows.map(([label, value]) => `${label}：${value}`),
    '',
    FOOTER,
    '',
  ].join('\n');
  const html = htmlPage(
    subject,
    `<p>${escapeHtml(recipientName)}，您好：</p><p>${escapeHtml(lead)}</p>` +
      (note ? `<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:8px">留言：${escapeHtml(note)}</blockquote>` : '') +
      factsHtml(rows) +
      `<p><a href="${escapeHtml(url)}">前往办理</a></p>`,
  );
  return { subject, text, html };
}

const KIND_LABEL: Record<SingleMailKind, string> = { reminder: '提醒', overdue: '已逾期', escalation: '督办', urge: '催办' };

/** One mail with all of a person's items of the day, overdue first, then by due date. */
export function renderDigestMail(date: string, items: readonly DigestItem[], recipientName: string, publicUrl: string): RenderedMail {
  const sorted = [...items].sort(
    (a, b) => a.payload.workingDaysLeft - b.payload.workingDaysLeft || a.payload.dueDate.localeCompare(b.payload.dueDate) || a.payload.unitName.localeCompare(b.payload.unitName),
  );
  const overdue = sorted.filter((i) => i.payload.workingDaysLeft < 0 || i.kind === 'overdue' || i.kind === 'escalation').length;
  const subject = `${SUBJECT_PREFIX}${chineseDate(date)}待办汇总：${sorted.length}项${overdue > 0 ? `（其中${overdue}项已逾期）` : ''}`;
  const lines = sorted.map((item, index) => {
    const p = item.payload;
    const what = item.kind === 'escalation' ? `督办${p.assigneeName ?? '相关人员'}${taskPhrase(p.taskKind, p.sectionTitle)}` : taskPhrase(p.taskKind, p.sectionTitle);
    return {
      head: `${index + 1}. 【${KIND_LABEL[item.kind]}】${what}`,
      detail: `${p.unitName}，${p.campaignTitle}（${p.documentNumber}），截止${chineseDate(p.dueDate)}，${timeLeft(p.workingDaysLeft)}`,
      url: joinUrl(publicUrl, p.link),
    };
  });
  const lead = `截至${chineseDate(date)}，您有${sorted.length}项绩效自评待办${overdue > 0 ? `，其中${overdue}项已逾期` : ''}：`;
  const text = [
    `${recipientName}，您好：`,
    '',
    lead,
    '',
    ...lines.flatMap((l) => [l.head, `   ${l.detail}`, `   办理地址：${l.url}`, '']),
    '您选择了每日汇总提醒；如需逐条接收，可在个人设置中关闭每日汇总。',
    FOOTER,
    '',
  ].join('\n');
  const html = htmlPage(
    subject,
    `<p>${escapeHtml(recipientName)}，您好：</p><p>${escapeHtml(lead)}</p><ol>` +
      lines.map((l) => `<li><strong>${escapeHtml(l.head.replace(/^\d+\. /, ''))}</strong><br>${escapeHtml(l.detail)}<br><a href="${escapeHtml(l.url)}">前往办理</a></li>`).join('') +
      `</ol><p>您选择了每日汇总提醒；如需逐条接收，可在个人设置中关闭每日汇总。</p>`,
  );
  return { subject, text, html };
}
