import { useState } from 'react';
import { Card, Segmented, Table, Typography } from 'antd';
import { api, call } from '../api/client';
import type { InvitationView } from '../api/views';
import { beijingTime, ResendInvitationButton } from '../components/AccountStatus';
import { ErrorNotice } from '../components/ErrorNotice';
import { useLoad } from '../use-load';

type Shown = 'pending' | 'expired' | 'accepted';

/** 邀请: the invitations the person manages, pending or expired first, each with 重新发送邀请. */
export function InvitationsPage() {
  const [state, setState] = useState<Shown>('pending');
  const { data, error, loading, reload } = useLoad(
    () => call<InvitationView[]>(() => api.GET('/api/invitations', { params: { query: { state } } })),
    [state],
  );
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>邀请</h1>}>
      <Typography.Paragraph type="secondary">新账号不设初始密码：系统发送邀请邮件，由本人在 72 小时内打开链接设置密码。链接过期或丢失时可重新发送，原链接随即作废。</Typography.Paragraph>
      <Segmented<Shown>
        aria-label="邀请状态"
        value={state}
        onChange={setState}
        options={[
          { value: 'pending', label: '待接受' },
          { value: 'expired', label: '已过期' },
          { value: 'accepted', label: '已接受' },
        ]}
        style={{ marginBottom: 16 }}
      />
      <ErrorNotice error={error} onReload={reload} />
      <Table<InvitationView>
        aria-label="邀请列表"
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        pagination={(data?.length ?? 0) > 50 ? { pageSize: 50 } : false}
        scroll={{ x: true }}
        locale={{ emptyText: state === 'pending' ? '没有待接受的邀请。' : state === 'expired' ? '没有已过期的邀请。' : '还没有人接受邀请。' }}
        columns={[
          // The list shows one state at a time (the switch above); at phone width the name, the expiry and the button remain.
          { title: '姓名', dataIndex: 'displayName', render: (name: string) => <span style={{ whiteSpace: 'nowrap' }}>{name}</span> },
          { title: '用户名', dataIndex: 'username', responsive: ['sm'] },
          { title: '单位', dataIndex: 'organisationName', responsive: ['md'] },
          { title: '邮箱', dataIndex: 'email', responsive: ['lg'] },
          { title: '发送时间', dataIndex: 'sentAt', responsive: ['lg'], render: (at: string) => beijingTime(at) },
          { title: state === 'accepted' ? '原定有效期至' : '有效期至', dataIndex: 'expiresAt', render: (at: string) => beijingTime(at) },
          { title: '发送人', key: 'sentBy', responsive: ['md'], render: (_, i) => i.sentBy?.displayName ?? '系统' },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            render: (_, i) => (i.state === 'accepted' ? null : <ResendInvitationButton userId={i.userId} name={i.displayName} onSent={reload} />),
          },
        ]}
      />
    </Card>
  );
}
