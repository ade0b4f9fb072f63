import { useState } from 'react';
import { App, Button, Card, Empty, Form, Select, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { api, call } from '../api/client';
import type { OutboxStatus, OutboxView, PageOf } from '../api/finance-views';
import { ErrorNotice } from '../components/ErrorNotice';
import { MAIL_KIND_LABELS, MAIL_STATUS_LABELS } from '../finance-labels';
import { shanghaiTime } from '../labels';
import { useLoad } from '../use-load';

const PAGE_SIZE = 20;
const STATUSES = Object.keys(MAIL_STATUS_LABELS) as OutboxStatus[];

/** Mail deliveries of the people one administers, failed ones first asked for, each failed one sent again by hand. */
export function MailAdminPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const asked = params.get('status') as OutboxStatus | null;
  const status: OutboxStatus = asked && STATUSES.includes(asked) ? asked : 'failed';
  const current = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const { data, error: loadError, loading, reload } = useLoad(
    () => call<PageOf<OutboxView>>(() => api.GET('/api/admin/mail', { params: { query: { status, limit: PAGE_SIZE, offset: (current - 1) * PAGE_SIZE } } })),
    [status, current],
  );
  const retry = async (row: OutboxView) => {
    setBusy(row.id);
    setError(null);
    try {
      await call(() => api.POST('/api/admin/mail/{id}/retry', { params: { path: { id: row.id } } }));
      message.success(`给${row.recipientName}的邮件将重新发送。`);
      reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>邮件发送情况</h1>}>
      <ErrorNotice error={loadError ?? error} onReload={reload} />
      <Form layout="inline" style={{ marginBottom: 16 }}>
        <Form.Item label="状态" htmlFor="mail-status">
          <Select
            id="mail-status"
            style={{ minWidth: 140 }}
            value={status}
            options={STATUSES.map((s) => ({ value: s, label: MAIL_STATUS_LABELS[s] }))}
            onChange={(s: OutboxStatus) => setParams(s === 'failed' ? {} : { status: s })}
          />
        </Form.Item>
      </Form>
      <Table<OutboxView>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={status === 'failed' ? '没有发送失败的邮件' : '没有这种状态的邮件'} /> }}
        pagination={{
          current,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showTotal: (total) => `共 ${total} 封`,
          onChange: (page) => setParams({ ...(status === 'failed' ? {} : { status }), ...(page === 1 ? {} : { page: String(page) }) }),
        }}
        columns={[
          { title: '收件人', dataIndex: 'recipientName' },
          { title: '类别', dataIndex: 'kind', render: (kind: OutboxView['kind']) => MAIL_KIND_LABELS[kind] ?? kind },
          { title: '状态', dataIndex: 'status', render: (s: OutboxStatus) => <Tag color={s === 'failed' ? 'red' : s === 'sent' ? 'green' : 'default'}>{MAIL_STATUS_LABELS[s]}</Tag> },
          { title: '评价任务', dataIndex: 'caseId', render: (caseId: string | null) => (caseId ? <Link to={`/cases/${caseId}`}>查看</Link> : '—') },
          { title: '期限', dataIndex: 'dueDate', render: (d: string | null) => d ?? '—' },
          { title: '尝试次数', dataIndex: 'attempts' },
          { title: '失败原因', dataIndex: 'lastError', render: (e: string | null) => (e ? <Typography.Text type="danger">{e}</Typography.Text> : '—') },
          { title: '生成时间', dataIndex: 'createdAt', render: (at: string) => shanghaiTime(at) },
          { title: '发送时间', dataIndex: 'sentAt', render: (at: string | null) => (at ? shanghaiTime(at) : '—') },
          {
            title: '操作',
            key: 'retry',
            render: (_, row) =>
              row.status === 'failed' ? (
                <Button size="small" loading={busy === row.id} onClick={() => void retry(row)} aria-label={`重新发送给 ${row.recipientName}`}>
                  重新发送
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
