import { useState } from 'react';
import { App, Button, Card, Form, Input, Space, Table, Typography } from 'antd';
import { api, call } from '../api/client';
import type { BureauView, PersonView } from '../api/views';
import { AccountStatusTag, beijingTime, ResendInvitationButton } from '../components/AccountStatus';
import { ErrorNotice, markFields } from '../components/ErrorNotice';
import { useLoad } from '../use-load';

interface OfficerForm {
  displayName: string;
  username: string;
  email: string;
  phone?: string;
}

/** One bureau's finance officers: the list with their account status, and 邀请财政局人员. */
function BureauOfficers({ bureau, onChanged }: { bureau: BureauView; onChanged: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<OfficerForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { data, error: loadError, loading, reload } = useLoad(
    () => call<PersonView[]>(() => api.GET('/api/bureaus/{id}/officers', { params: { path: { id: bureau.id } } })),
    [bureau.id],
  );
  const invite = async (values: OfficerForm) => {
    setBusy(true);
    setError(null);
    try {
      const body = { ...values, phone: values.phone?.trim() ? values.phone.trim() : undefined };
      await call(() => api.POST('/api/bureaus/{id}/officers', { params: { path: { id: bureau.id } }, body }));
      message.success(`已向${values.displayName}发送邀请邮件。`);
      form.resetFields();
      reload();
      onChanged();
    } catch (failure) {
      setError(failure);
      markFields(form, failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{bureau.name}：财政局人员</h2>}>
      <ErrorNotice error={loadError} onReload={reload} />
      <Table<PersonView>
        aria-label="财政局人员"
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: '还没有财政局人员，请在下方邀请。' }}
        columns={[
          { title: '姓名', dataIndex: 'displayName' },
          { title: '状态', key: 'status', render: (_, p) => <AccountStatusTag person={p} /> },
          { title: '用户名', dataIndex: 'username', responsive: ['sm'] },
          { title: '邮箱', dataIndex: 'email', responsive: ['md'] },
          { title: '邀请发送时间', key: 'sentAt', responsive: ['md'], render: (_, p) => (p.invitation ? beijingTime(p.invitation.sentAt) : '—') },
          {
            title: '操作',
            key: 'actions',
            render: (_, p) => (p.status === 'invited' ? <ResendInvitationButton userId={p.id} name={p.displayName} onSent={reload} /> : null),
          },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 24 }}>
        邀请财政局人员
      </Typography.Title>
      <Typography.Paragraph type="secondary">系统向此人的邮箱发送邀请邮件，由本人在 72 小时内打开链接设置密码；不会通过邮件发送密码。</Typography.Paragraph>
      <ErrorNotice error={error} />
      <Form<OfficerForm> form={form} layout="vertical" style={{ maxWidth: 520 }} onFinish={invite}>
        <Form.Item label="姓名" name="displayName" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="用户名" name="username" extra="登录用，3 到 64 位字母、数字、点、下划线或连字符。" rules={[{ required: true, message: '请填写用户名' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label="电子邮箱" name="email" rules={[{ required: true, message: '请填写邮箱，邀请邮件发到这里' }]}>
          <Input type="email" />
        </Form.Item>
        <Form.Item label="手机" name="phone">
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          发送邀请
        </Button>
      </Form>
    </Card>
  );
}

/** 财政局管理: the system administrator's bureaus and their first officers. */
export function BureausPage() {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; code: string }>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const { data, error: loadError, loading, reload } = useLoad(() => call<BureauView[]>(() => api.GET('/api/bureaus')), []);
  const bureau = data?.find((b) => b.id === chosen) ?? null;
  const create = async (values: { name: string; code: string }) => {
    setBusy(true);
    setError(null);
    try {
      const created = await call<BureauView>(() => api.POST('/api/bureaus', { body: values }));
      message.success(`已新建${created.name}，请邀请其财政局人员。`);
      form.resetFields();
      reload();
      setChosen(created.id);
    } catch (failure) {
      setError(failure);
      markFields(form, failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>财政局管理</h1>}>
        <ErrorNotice error={loadError} onReload={reload} />
        <Table<BureauView>
          aria-label="财政局"
          rowKey="id"
          loading={loading}
          dataSource={data ?? []}
          pagination={(data?.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: true }}
          locale={{ emptyText: '还没有财政局，请先新建。' }}
          rowClassName={(b) => (b.id === chosen ? 'ant-table-row-selected' : '')}
          columns={[
            { title: '名称', dataIndex: 'name' },
            // At phone width the name, the counts and the button fit; the code and date wait for a wider screen.
            { title: '代码', dataIndex: 'code', responsive: ['md'] },
            { title: '人员', dataIndex: 'officerCount', render: (n: number) => <span style={{ whiteSpace: 'nowrap' }}>{n} 人</span> },
            { title: '单位', dataIndex: 'unitCount', render: (n: number) => <span style={{ whiteSpace: 'nowrap' }}>{n} 个</span> },
            { title: '新建时间', dataIndex: 'createdAt', responsive: ['md'], render: (at: string) => beijingTime(at) },
            {
              title: '操作',
              key: 'actions',
              render: (_, b) => (
                <Button size="small" type={b.id === chosen ? 'primary' : 'default'} aria-label={`${b.name}的人员`} onClick={() => setChosen(b.id)}>
                  人员
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {bureau && <BureauOfficers key={bureau.id} bureau={bureau} onChanged={reload} />}
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>新建财政局</h2>}>
        <Typography.Paragraph type="secondary">每个财政局只看到本局的预算单位、人员和通知。新建后请邀请其财政局人员，由他们维护预算单位名录。</Typography.Paragraph>
        <ErrorNotice error={error} />
        <Form form={form} layout="vertical" style={{ maxWidth: 520 }} onFinish={create}>
          <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写财政局名称' }]}>
            <Input placeholder="如：某某区财政局" />
          </Form.Item>
          <Form.Item label="代码" name="code" extra="统一社会信用代码或其他不变的代码，不含空格。" rules={[{ required: true, message: '请填写代码' }]}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            新建财政局
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
