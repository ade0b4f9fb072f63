import { joinUrl, type RenderedMail } from './mail-templates';

/**
 * What an invitation row carries. `token` is the raw link token: the only copy outside the mail
 * itself, dropped from the row once the mail is sent (the database keeps its SHA-256 only).
 */
export interface InvitationPayload {
  token: string;
  username: string;
  organisationName: string;
  invitedByName: string | null;
  /** ISO instant. */
  expiresAt: string;
}

const SUBJECT_PREFIX = '【绩效自评】';
const FOOTER = '此邮件由绩效自评系统自动发送，请勿直接回复。';

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** '2026-12-09T15:44:00Z' → '2026年12月9日 23:44（北京时间）'. */
export function shanghaiDateTime(instant: string | Date): string {
  const parts = Object.fromEntries(SHANGHAI.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return `${parts.year}年${Number(parts.month)}月${Number(parts.day)}日 ${parts.hour}:${parts.minute}（北京时间）`;
}

/** The link the mail carries: `<PUBLIC_URL>/invite/<token>`. */
export function invitationLink(publicUrl: string, token: string): string {
  return joinUrl(publicUrl, `/invite/${token}`);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The invitation to set a password, in plain text and HTML. */
export function renderInvitationMail(payload: InvitationPayload, recipientName: string, publicUrl: string): RenderedMail {
  if (typeof payload.token !== 'string' || payload.token === '') throw new Error('The invitation row carries no token (already sent, or revoked)');
  const url = invitationLink(publicUrl, payload.token);
  const inviter = payload.invitedByName ?? '系统管理员';
  const subject = `${SUBJECT_PREFIX}请设置您的账号密码（${payload.organisationName}）`;
  const lead = `${inviter}为您在预算绩效自评系统中开设了账号。请在有效期内打开下面的链接设置密码，之后即可登录。`;
  const rows: Array<[string, string]> = [
    ['账号', payload.username],
    ['单位', payload.organisationName],
    ['邀请人', inviter],
    ['有效期至', shanghaiDateTime(payload.expiresAt)],
    ['设置密码', url],
  ];
  const notes = ['链接只能使用一次。链接过期或失效时，请联系管理员重新发送邀请。', '如果您与此事无关，请忽略此邮件。'];
  const text = [`${recipientName}，您好：`, '', lead, '', ...rows.map(([label, value]) => `${label}：${value}`), '', ...notes, '', FOOTER, ''].join('\n');
  const cells = rows
    .map(([label, value]) => {
      const shown = label === '设置密码' ? `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>` : escapeHtml(value);
      return `<tr><th style="text-align:left;padding:2px 12px 2px 0;white-space:nowrap">${escapeHtml(label)}</th><td>${shown}</td></tr>`;
    })
    .join('');
  const html =
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:'Microsoft YaHei',SimSun,sans-serif;font-size:14px;line-height:1.6;color:#222">` +
    `<p>${escapeHtml(recipientName)}，您好：</p><p>${escapeHtml(lead)}</p><table style="border-collapse:collapse">${cells}</table>` +
    `<p><a href="${escapeHtml(url)}">设置密码</a></p>${notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('')}` +
    `<p style="color:#888;font-size:12px">${escapeHtml(FOOTER)}</p></body></html>`;
  return { subject, text, html };
}
