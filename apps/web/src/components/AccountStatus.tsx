import { useState } from 'react';
import { App, Button, Tag } from 'antd';
import { api, call } from '../api/client';
import type { PersonView } from '../api/views';
import { ErrorNotice } from './ErrorNotice';

const SHANGHAI = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An instant in Beijing time: 2026/3/4 23:10. */
export function beijingTime(instant: string): string {
  return SHANGHAI.format(new Date(instant));
}

/** 已启用 / 待接受邀请 / 邀请已过期 / 已停用: what a person's account is, as the people lists show it. */
export function AccountStatusTag({ person }: { person: Pick<PersonView, 'status' | 'invitation'> }) {
  if (person.status === 'disabled') return <Tag>已停用</Tag>;
  if (person.status === 'active') return <Tag color="green">已启用</Tag>;
  if (person.invitation?.state === 'expired') return <Tag color="orange">邀请已过期</Tag>;
  return <Tag color="blue">待接受邀请</Tag>;
}

/** 重新发送邀请: a new link goes at once and the old one stops working. */
export function ResendInvitationButton({ userId, name, onSent }: { userId: string; name: string; onSent?: () => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <Button
        size="small"
        loading={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await call(() => api.POST('/api/users/{id}/invitation', { params: { path: { id: userId } } }));
            message.success(`已重新向${name}发送邀请，原链接作废。`);
            onSent?.();
          } catch (failure) {
            setError(failure);
          } finally {
            setBusy(false);
          }
        }}
      >
        重新发送邀请
      </Button>
      {error !== null && (
        <div style={{ marginTop: 8 }}>
          <ErrorNotice error={error} />
        </div>
      )}
    </>
  );
}
