import DOMPurify, { type Config } from 'dompurify';
import { Button, Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, call } from '../api/client';
import type { MailboxEntry, MailboxMessageView, PageOf } from '../api/finance-views';
import { ErrorNotice } from '../components/ErrorNotice';
import { MAIL_KIND_LABELS } from '../finance-labels';
import { shanghaiTime } from '../labels';
import { useLoad } from '../use-load';

const PAGE_SIZE = 20;

/**
 * DOMPurify with the HTML profile only (no SVG or MathML, where namespace tricks hide script), no
 * style elements, forms or embedded documents, and links only to http(s) and mailto. DOMPurify
 * parses as the browser does, so "java&#x09;script:" is seen as the javascript: it is.
 */
const purifier = DOMPurify(window);
purifier.addHook('afterSanitizeAttributes', (node) => {
  // An image may only be drawn from the message itself: no tracking pixels, nothing fetched.
  if (node.tagName === 'IMG' && !/^data:image\/(png|gif|jpeg|webp);/i.test(node.getAttribute('src') ?? '')) node.removeAttribute('src');
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});
const PURIFY_CONFIG: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'audio', 'video', 'source', 'track', 'picture'],
  FORBID_ATTR: ['srcset', 'action', 'formaction', 'target'],
  ALLOW_DATA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
};

/** The frame's own policy, on top of the console's, which a srcdoc frame inherits. */
const FRAME_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/**
 * The message's HTML with everything active taken out, by DOMPurify. It is then shown in an iframe
 * sandboxed without scripts or same-origin rights, under a policy that allows no script, so even
 * what slipped through could neither run nor reach the console's session.
 */
export function sanitiseHtml(html: string): string {
  const body = purifier.sanitize(html, PURIFY_CONFIG);
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_POLICY}"></head><body style="font-family: sans-serif; margin: 12px; overflow-wrap: anywhere">${body}</body></html>`;
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
