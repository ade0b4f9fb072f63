import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { api, call } from '../api/client';
import type { DueItemList, DueItemView, UrgeView } from '../api/reminder-views';
import type { CaseDetail } from '../api/views';
import { useAuth } from '../auth';
import { TASK_LABELS, shanghaiTime, todayInShanghai } from '../labels';
import { useLoad } from '../use-load';
import { ErrorNotice } from './ErrorNotice';

/**
 * The case's open tasks (who has what due by when) with 催办 for the people who may urge: the
 * group leader, a deputy leader (the API checks their remit) and the campaign's finance officers.
 * The button is a hint; the API decides, and a refusal is shown in words.
 */
export function DueItemsCard({ detail, onUrged }: { detail: CaseDetail; onUrged: () => void }) {
  const { session, hasRole } = useAuth();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [urging, setUrging] = useState<DueItemView | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ message?: string }>();
  const { data, error: loadError, loading, reload } = useLoad(async () => {
    const list = await call<DueItemList>(() => api.GET('/api/cases/{id}/due-items', { params: { path: { id: detail.id } } }));
    return { version: detail.version, items: list.items };
  }, [detail.id, detail.version]);
  // Tasks read for an older version of the case are not shown beside its newer history.
  const items = data && data.version === detail.version ? data.items : [];
  const me = session!.user.id;
  const names = new Map(detail.group.map((m) => [m.userId, m.displayName]));
  const titles = new Map(detail.sections.map((s) => [s.code, s.title]));
  const mayUrge = hasRole('finance_officer') || detail.group.some((m) => m.userId === me && (m.role === 'group_leader' || m.role === 'deputy_leader'));
  const today = todayInShanghai();
  const who = (item: DueItemView) => item.recipientName || names.get(item.recipientId) || '—';
  const what = (item: DueItemView) =>
    `${TASK_LABELS[item.kind] ?? item.kind}${item.sectionCode ? `：${item.sectionCode} ${titles.get(item.sectionCode) ?? ''}`.trimEnd() : ''}`;

  const urge = async (values: { message?: string }) => {
    if (!urging) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await call<UrgeView>(() =>
        api.POST('/api/cases/{id}/urges', {
          params: { path: { id: detail.id } },
          body: {
            recipientId: urging.recipientId,
            task: { kind: urging.kind, ...(urging.sectionCode ? { sectionCode: urging.sectionCode } : {}) },
            ...(values.message?.trim() ? { message: values.message.trim() } : {}),
          },
        }),
      );
      const when = new Date(answer.sendAfter).getTime() <= Date.now() + 60_000 ? '邮件马上发出' : `邮件将于 ${shanghaiTime(answer.sendAfter)} 发出`;
      message.success(`已催办 ${who(urging)}（${what(urging)}），${when}。`);
      form.resetFields();
      setUrging(null);
      onUrged();
    } catch (failure) {
      setUrging(null);
      setError(failure);
      // The task may have closed meanwhile: show the list as it is now.
      reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>待办与催办</h2>}>
      <ErrorNotice error={error ?? loadError} onReload={() => { setError(null); reload(); }} />
      <Table<DueItemView>
        rowKey="id"
        size="small"
        loading={loading || (data !== null && data.version !== detail.version)}
        pagination={false}
        scroll={{ x: true }}
        dataSource={items}
        locale={{ emptyText: '没有未办结的任务。' }}
        columns={[
          { title: '办理人', key: 'who', render: (_, item) => who(item) },
          { title: '任务', key: 'what', render: (_, item) => what(item) },
          {
            title: '期限',
            dataIndex: 'dueDate',
            render: (due: string) => (
              <>
                {due}
                {due < today ? <Tag color="red" style={{ marginLeft: 8 }}>已逾期</Tag> : null}
              </>
            ),
          },
          ...(mayUrge
            ? [
                {
                  title: '操作',
                  key: 'urge',
                  render: (_: unknown, item: DueItemView) =>
                    item.recipientId === me ? null : (
                      <Button size="small" aria-label={`催办 ${who(item)} ${what(item)}`} onClick={() => { setError(null); setUrging(item); }}>
                        催办
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {mayUrge && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          催办会立即给对方发一封邮件（非工作时间则在下一个工作日上班时发出），并记入办理记录；每人每项任务每个工作日只能催办一次。
        </Typography.Paragraph>
      )}
      <Modal
        open={urging !== null}
        title={urging ? `催办 ${who(urging)}` : '催办'}
        okText="发送催办"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setUrging(null)}
        destroyOnHidden
      >
        {urging && (
          <Typography.Paragraph>
            {what(urging)}，期限 {urging.dueDate}。
          </Typography.Paragraph>
        )}
        <Form form={form} layout="vertical" onFinish={urge}>
          <Form.Item label="催办留言" name="message" extra="可不填；写上的话会放进邮件。" rules={[{ max: 500, message: '留言最多 500 字' }]}>
            <Input.TextArea rows={3} placeholder="请于今日下班前提交初稿。" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
