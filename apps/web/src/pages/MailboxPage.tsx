import { Button, Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, call } from '../api/client';
import type { MailboxEntry, MailboxMessageView, PageOf } from '../api/finance-views';
import { ErrorNotice } from '../components/ErrorNotice';
import { MAIL_KIND_LABELS } from '../finance-labels';
import { shanghaiTime } from '../labels';
import { useLoad } from '../use-load';

const PAGE_SIZE = 20;

/** Elements that run code, load other documents or submit: none of them belongs in a reminder. */
const REMOVED = 'script, iframe, frame, frameset, object, embed, applet, form, input, button, textarea, select, link, meta, base, style, svg, math, template, noscript';

/**
 * The message's HTML with everything active taken out: scripts and embedded documents, event
 * handler attributes, and links or sources that are not http(s), mailto or relative. It is then
 * shown in an iframe sandboxed without scripts or same-origin rights, so even what slipped through
 * could neither run nor reach the console's session.
 */
export function sanitiseHtml(html: string): string {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  parsed.querySelectorAll(REMOVED).forEach((element) => element.remove());
  for (const element of Array.from(parsed.body.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.trim().toLowerCase();
      if (name.startsWith('on') || name === 'srcdoc' || name === 'formaction') element.removeAttribute(attribute.name);
      else if (['href', 'src', 'action', 'xlink:href', 'background', 'poster'].includes(name) && /^[a-z][a-z0-9+.-]*:/.test(value) && !/^(https?|mailto):/.test(value)) {
        element.removeAttribute(attribute.name);
      }
    }
    if (element.tagName === 'A') {
      element.setAttribute('target', '_blank');
      element.setAttribute('rel', 'noopener noreferrer');
    }
  }
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src https: data:; style-src 'unsafe-inline'"></head><body style="font-family: sans-serif; margin: 12px">${parsed.body.innerHTML}</body></html>`;
}

/** The local mailbox (the embedded default, no SMTP server): the messages sent to you, or to your people if you administer mail. */
export function MailboxPage() {
  const [params, setParams] = useSearchParams();
  const current = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const { data, error, loading, reload } = useLoad(
    () => call<PageOf<MailboxEntry>>(() => api.GET('/api/mailbox', { params: { query: { limit: PAGE_SIZE, offset: (current - 1) * PAGE_SIZE } } })),
    [current],
  );
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>本地邮箱</h1>} extra={<Button onClick={reload}>刷新</Button>}>
      <Typography.Paragraph type="secondary">未配置邮件服务器时，系统发出的提醒、催办和汇总邮件保存在这里。</Typography.Paragraph>
      <ErrorNotice error={error} onReload={reload} />
      <Table<MailboxEntry>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description="邮箱里还没有邮件" /> }}
        pagination={{
          current,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showTotal: (total) => `共 ${total} 封`,
          onChange: (page) => setParams(page === 1 ? {} : { page: String(page) }),
        }}
        columns={[
          { title: '主题', key: 'subject', render: (_, m) => <Link to={`/mailbox/${m.id}`}>{m.subject ?? '（无主题）'}</Link> },
          { title: '类别', dataIndex: 'kind', render: (kind: MailboxEntry['kind']) => <Tag>{MAIL_KIND_LABELS[kind] ?? kind}</Tag> },
          { title: '收件人', dataIndex: 'recipientName' },
          { title: '发送时间', dataIndex: 'sentAt', render: (at: string | null) => (at ? shanghaiTime(at) : '—') },
        ]}
      />
    </Card>
  );
}

/** One message: its headers, the HTML body in a sandboxed frame, and the plain text. */
export function MailMessagePage() {
  const { messageId = '' } = useParams();
  const { data, error, loading, reload } = useLoad(() => call<MailboxMessageView>(() => api.GET('/api/mailbox/{id}', { params: { path: { id: messageId } } })), [messageId]);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Link to="/mailbox">返回邮箱</Link>
      <Card loading={loading && !data} title={<h1 style={{ fontSize: 18, margin: 0, whiteSpace: 'normal' }}>{data?.subject ?? '邮件'}</h1>}>
        <ErrorNotice error={error} onReload={reload} />
        {data && (
          <>
            <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
              <Descriptions.Item label="发件人">{data.from}</Descriptions.Item>
              <Descriptions.Item label="收件人">{data.to}</Descriptions.Item>
              <Descriptions.Item label="时间">{data.sentAt ? shanghaiTime(data.sentAt) : data.date}</Descriptions.Item>
              <Descriptions.Item label="类别">{MAIL_KIND_LABELS[data.kind] ?? data.kind}</Descriptions.Item>
            </Descriptions>
            {data.html && (
              <iframe
                title="邮件正文"
                sandbox="allow-popups allow-popups-to-escape-sandbox"
                referrerPolicy="no-referrer"
                srcDoc={sanitiseHtml(data.html)}
                style={{ width: '100%', minHeight: 360, border: '1px solid #eee', borderRadius: 4, background: '#fff' }}
              />
            )}
            <h2 style={{ fontSize: 15, marginTop: 16 }}>纯文本</h2>
            <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', background: '#fafafa', padding: 12, borderRadius: 4 }} data-testid="mail-text">
              {data.text}
            </pre>
          </>
        )}
      </Card>
    </Space>
  );
}
