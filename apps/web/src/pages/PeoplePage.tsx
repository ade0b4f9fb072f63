import { useState } from 'react';
import { App, Button, Card, Form, Grid, Input, Popconfirm, Radio, Select, Space, Table } from 'antd';
import { ROLES, type Role } from '@jixiao/workflow';
import { api, call } from '../api/client';
import type { OrganisationView, PersonView } from '../api/views';
import { useAuth } from '../auth';
import { AccountStatusTag, ResendInvitationButton } from '../components/AccountStatus';
import { ErrorNotice, markFields } from '../components/ErrorNotice';
import { PeopleImportCard } from '../components/PeopleImportCard';
import { ROLE_LABELS } from '../labels';
import { useLoad } from '../use-load';

interface PersonForm {
  username: string;
  displayName: string;
  email?: string;
  phone?: string;
  /** invite: the person sets their own password through the mailed link; password: the admin sets a first one. */
  access: 'invite' | 'password';
  password?: string;
  roles: Role[];
  subOfficeId?: string;
}

const UNIT_ROLES = ROLES.filter((r) => r !== 'finance_officer' && r !== 'system_admin');

/**
 * The unit admin's people and sub-offices (组室、下属单位): add people (by invitation, or with a first
 * password) or import them, change their roles and sub-office, resend invitations, 停用/启用 accounts.
 */
export function PeoplePage() {
  const { session } = useAuth();
  const { message } = App.useApp();
  // At phone width the row's buttons stack, so that the name and status stay in sight beside them.
  const narrow = !Grid.useBreakpoint().md;
  const organisationId = session!.user.organisationId;
  const [personForm] = Form.useForm<PersonForm>();
  const access = Form.useWatch('access', personForm) ?? 'invite';
  const [officeForm] = Form.useForm<{ name: string; kind: 'office' | 'institution' }>();
  const [error, setError] = useState<unknown>(null);
  const { data, error: loadError, loading, reload } = useLoad(
    async () => {
      const [organisation, people] = await Promise.all([
        call<OrganisationView>(() => api.GET('/api/organisations/{id}', { params: { path: { id: organisationId } } })),
        call<PersonView[]>(() => api.GET('/api/organisations/{id}/users', { params: { path: { id: organisationId } } })),
      ]);
      return { organisation, people };
    },
    [organisationId],
  );
  const offices = data?.organisation.subOffices ?? [];
  // A finance bureau's officers (本局人员) have no 组室: the page shows people and invitations only.
  const isUnit = data?.organisation.kind !== 'finance_bureau';
  const roleOptions = (data?.organisation.kind === 'finance_bureau' ? ['finance_officer'] : UNIT_ROLES).map((r) => ({ value: r, label: ROLE_LABELS[r as Role] }));

  const act = async (work: () => Promise<unknown>, done: string, form?: Parameters<typeof markFields>[0]) => {
    setError(null);
    try {
      await work();
      message.success(done);
      reload();
      return true;
    } catch (failure) {
      setError(failure);
      if (form) markFields(form, failure);
      return false;
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>
            {isUnit ? '人员与组室' : '本局人员'}：{data?.organisation.name ?? ''}
          </h1>}>
        <ErrorNotice error={loadError ?? error} onReload={reload} />
        <Table<PersonView>
          rowKey="id"
          loading={loading}
          dataSource={data?.people ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            // At phone width the status goes under the name, so that 已停用 and 待接受邀请 show without scrolling.
            {
              title: '姓名',
              key: 'displayName',
              render: (_, p) =>
                narrow ? (
                  <>
                    <div>{p.displayName}</div>
                    <AccountStatusTag person={p} />
                  </>
                ) : (
                  p.displayName
                ),
            },
            { title: '状态', key: 'status', responsive: ['md'], render: (_, p) => <AccountStatusTag person={p} /> },
            { title: '用户名', dataIndex: 'username' },
            {
              title: '组室',
              key: 'subOffice',
              hidden: !isUnit,
              render: (_, p) => (
                <Select
                  aria-label={`${p.displayName}的组室`}
                  style={{ minWidth: 160 }}
                  allowClear
                  value={p.subOfficeId ?? undefined}
                  options={offices.map((o) => ({ value: o.id, label: o.name }))}
                  onChange={(value?: string) =>
                    void act(() => call(() => api.PATCH('/api/users/{id}', { params: { path: { id: p.id } }, body: { subOfficeId: value ?? null } })), `${p.displayName}的组室已修改。`)
                  }
                />
              ),
            },
            {
              title: '角色',
              key: 'roles',
              render: (_, p) => (
                <Select
                  aria-label={`${p.displayName}的角色`}
                  mode="multiple"
                  style={{ minWidth: 240 }}
                  value={p.roles}
                  options={roleOptions}
                  onChange={(roles: Role[]) => void act(() => call(() => api.PATCH('/api/users/{id}', { params: { path: { id: p.id } }, body: { roles } })), `${p.displayName}的角色已修改。`)}
                />
              ),
            },
            {
              title: '操作',
              key: 'actions',
              fixed: 'right',
              render: (_, p) => (
                <Space orientation={narrow ? 'vertical' : 'horizontal'} size={4}>
                  {p.status === 'invited' && <ResendInvitationButton userId={p.id} name={p.displayName} onSent={reload} />}
                  {p.id === session!.user.id ? null : p.disabled ? (
                    <Popconfirm
                      title={`启用${p.displayName}的账号？`}
                      description="启用后此人可以用原密码重新登录。"
                      okText="启用"
                      cancelText="取消"
                      onConfirm={() => act(() => call(() => api.POST('/api/users/{id}/enable', { params: { path: { id: p.id } } })), `${p.displayName}的账号已启用。`)}
                    >
                      <Button size="small">启用</Button>
                    </Popconfirm>
                  ) : (
                    <Popconfirm
                      title={`停用${p.displayName}的账号？`}
                      description="停用后此人立即退出登录，也不能再登录；历史记录中仍保留其姓名。"
                      okText="停用"
                      okButtonProps={{ danger: true }}
                      cancelText="取消"
                      onConfirm={() => act(() => call(() => api.POST('/api/users/{id}/disable', { params: { path: { id: p.id } } })), `${p.displayName}的账号已停用。`)}
                    >
                      <Button size="small" danger>
                        停用
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>新增人员</h2>}>
        <Form<PersonForm>
          form={personForm}
          layout="vertical"
          style={{ maxWidth: 640 }}
          initialValues={{ access: 'invite' }}
          onFinish={async ({ access: chosen, password, phone, email, ...values }) => {
            const body = {
              ...values,
              ...(email?.trim() ? { email: email.trim() } : {}),
              ...(phone?.trim() ? { phone: phone.trim() } : {}),
              ...(chosen === 'password' ? { password } : {}),
            };
            const done = chosen === 'invite' ? `已添加 ${values.displayName}，邀请邮件已发出。` : `已添加 ${values.displayName}。`;
            const ok = await act(() => call(() => api.POST('/api/organisations/{id}/users', { params: { path: { id: organisationId } }, body })), done, personForm);
            if (ok) personForm.resetFields();
          }}
        >
          <Form.Item label="姓名" name="displayName" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请填写登录用的用户名' }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item label="登录方式" name="access">
            <Radio.Group
              options={[
                { value: 'invite', label: '发送邀请邮件，由本人设置密码（推荐）' },
                { value: 'password', label: '由我设置初始密码' },
              ]}
            />
          </Form.Item>
          <Form.Item
            label="电子邮箱"
            name="email"
            extra={access === 'invite' ? '邀请邮件发到这个邮箱，链接 72 小时内有效。' : undefined}
            rules={access === 'invite' ? [{ required: true, message: '发送邀请须填写邮箱' }] : []}
          >
            <Input type="email" />
          </Form.Item>
          <Form.Item label="手机" name="phone" extra="手机号码，或带区号的固定电话，如 021-12345678。">
            <Input />
          </Form.Item>
          {access === 'password' && (
            <Form.Item label="初始密码" name="password" extra="至少 10 位，含大写字母、小写字母、数字和符号中的三类。" rules={[{ required: true, message: '请设置初始密码' }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
          <Form.Item label="角色" name="roles" rules={[{ required: true, message: '请至少选择一个角色' }]}>
            <Select mode="multiple" options={roleOptions} />
          </Form.Item>
          {isUnit && (
            <Form.Item label="组室" name="subOfficeId">
              <Select allowClear options={offices.map((o) => ({ value: o.id, label: o.name }))} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit">
            添加
          </Button>
        </Form>
      </Card>
      {data?.organisation.kind === 'unit' && <PeopleImportCard organisationId={organisationId} onImported={reload} />}
      {isUnit && (
        <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>组室与下属单位</h2>}>
          <ul>
            {offices.map((o) => (
              <li key={o.id}>
                {o.name}（{o.kind === 'office' ? '组室' : '下属事业单位'}）
              </li>
            ))}
          </ul>
          <Form
            form={officeForm}
            layout="inline"
            initialValues={{ kind: 'office' }}
            onFinish={async (values) => {
              const ok = await act(() => call(() => api.POST('/api/organisations/{id}/sub-offices', { params: { path: { id: organisationId } }, body: values })), `已添加 ${values.name}。`, officeForm);
              if (ok) officeForm.resetFields();
            }}
          >
            <Form.Item label="名称" name="name" rules={[{ required: true, message: '请填写名称' }]}>
              <Input />
            </Form.Item>
            <Form.Item label="类别" name="kind">
              <Select style={{ width: 160 }} options={[{ value: 'office', label: '组室' }, { value: 'institution', label: '下属事业单位' }]} />
            </Form.Item>
            <Button htmlType="submit">添加</Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
