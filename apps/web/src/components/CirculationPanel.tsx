import { useState } from 'react';
import { App, Button, Card, Form, Grid, Input, List, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { actionOf, isShown } from '../actions';
import { api, call } from '../api/client';
import type { CaseDetail, CirculationView, PersonView } from '../api/views';
import { shanghaiTime } from '../labels';
import { useLoad } from '../use-load';
import { ActionReasons } from './ActionReasons';
import { ErrorNotice, markFields } from './ErrorNotice';

/**
 * 传阅 on the case page: a leader sends the report to people of the unit for reading; the list shows
 * who has read it (已阅) and who has not; the person it was sent to marks it read here.
 */
export function CirculationPanel({ detail, userId, onChanged }: { detail: CaseDetail; userId: string; onChanged: () => void }) {
  const { message } = App.useApp();
  const { data: list, error, reload } = useLoad(
    () => call<CirculationView[]>(() => api.GET('/api/cases/{id}/circulations', { params: { path: { id: detail.id } } })),
    [detail.id, detail.version],
  );
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const circulate = actionOf(detail.actions, 'CIRCULATE');
  const screens = Grid.useBreakpoint();
  // 传阅 comes from the case view's actions, like every control, drawn before the list has loaded.
  if (!list && !isShown(circulate)) return error ? <ErrorNotice error={error} onReload={reload} /> : null;
  const people = list ?? [];
  const mine = people.find((c) => c.userId === userId);
  if (people.length === 0 && !isShown(circulate)) return null;
  const read = people.filter((c) => c.readAt !== null).length;
  const markRead = async () => {
    setFailure(null);
    try {
      await call(() => api.POST('/api/cases/{id}/circulations/read', { params: { path: { id: detail.id } } }));
      message.success('已标记为已阅。');
      reload();
    } catch (problem) {
      setFailure(problem);
    }
  };
  return (
    <Card
      id="circulation"
      title={<h2 style={{ fontSize: 18, margin: 0 }}>传阅</h2>}
      data-testid="circulation-panel"
      extra={people.length > 0 ? <Typography.Text type="secondary">已阅 {read} / {people.length} 人</Typography.Text> : null}
    >
      <ErrorNotice error={failure ?? error} onReload={reload} />
      <Space wrap style={{ marginBottom: people.length > 0 ? 12 : 0 }}>
        {isShown(circulate) && (
          <div data-action="CIRCULATE" data-available={circulate.available}>
            <Button disabled={!circulate.available} onClick={() => setSending(true)}>
              传阅报告
            </Button>
            <ActionReasons action={circulate} />
          </div>
        )}
        {mine && mine.readAt === null && (
          <Button type="primary" data-testid="mark-read" onClick={() => void markRead()}>
            已阅
          </Button>
        )}
        {mine && mine.readAt !== null && <Tag color="green">您已于 {shanghaiTime(mine.readAt)} 阅知</Tag>}
      </Space>
      {people.length > 0 && !screens.md && (
        // At phone width one person a row, rather than a table to scroll sideways.
        <List<CirculationView>
          size="small"
          dataSource={people}
          renderItem={(c) => (
            <List.Item>
              <div>
                <div>
                  {c.displayName} {readTag(c)}
                </div>
                <Typography.Text type="secondary">
                  {c.sentByName} 传阅于 {shanghaiTime(c.sentAt)}
                  {c.note ? `：${c.note}` : ''}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
      {people.length > 0 && screens.md && (
        <Table<CirculationView>
          rowKey="userId"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={people}
          columns={[
            { title: '传阅对象', dataIndex: 'displayName' },
            {
              title: '阅知',
              key: 'read',
              render: (_, c) => readTag(c),
            },
            { title: '传阅人', key: 'sent', render: (_, c) => `${c.sentByName} · ${shanghaiTime(c.sentAt)}` },
            { title: '附言', dataIndex: 'note', render: (note: string | null) => note ?? '—' },
          ]}
        />
      )}
      {sending && (
        <CirculateDialog
          detail={detail}
          exclude={people.map((c) => c.userId)}
          onClose={(changed) => {
            setSending(false);
            if (changed) {
              reload();
              onChanged();
            }
          }}
        />
      )}
    </Card>
  );
}

function readTag(c: CirculationView) {
  return c.readAt ? <Tag color="green">已阅 {shanghaiTime(c.readAt)}</Tag> : <Tag color="orange">未阅</Tag>;
}

function CirculateDialog({ detail, exclude, onClose }: { detail: CaseDetail; exclude: readonly string[]; onClose: (changed: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ userIds: string[]; note?: string }>();
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const { data: people } = useLoad(() => call<PersonView[]>(() => api.GET('/api/organisations/{id}/users', { params: { path: { id: detail.unitId } } })), [detail.unitId]);
  const options = (people ?? []).filter((p) => !p.disabled && !exclude.includes(p.id)).map((p) => ({ value: p.id, label: `${p.displayName}（${p.username}）` }));
  const submit = async (values: { userIds: string[]; note?: string }) => {
    setSaving(true);
    setFailure(null);
    try {
      await call(() => api.POST('/api/cases/{id}/circulations', { params: { path: { id: detail.id } }, body: values }));
      message.success(`已传阅给 ${values.userIds.length} 人。`);
      onClose(true);
    } catch (problem) {
      setFailure(problem);
      markFields(form, problem);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title="传阅报告" okText="传阅" cancelText="取消" confirmLoading={saving} onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Typography.Paragraph type="secondary">传阅仅供阅知，不影响审批；对方在“我的待办”的待阅中看到，阅后标记已阅。</Typography.Paragraph>
      <ErrorNotice error={failure} />
      <Form form={form} layout="vertical" name="circulate" onFinish={(values) => void submit(values)}>
        <Form.Item label="传阅给" name="userIds" rules={[{ required: true, message: '请选择传阅对象' }]}>
          <Select mode="multiple" showSearch optionFilterProp="label" options={options} placeholder="本单位人员" />
        </Form.Item>
        <Form.Item label="附言" name="note">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
