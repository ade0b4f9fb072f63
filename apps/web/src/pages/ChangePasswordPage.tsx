import { Alert, Button, Card, Typography } from 'antd';
import { useAuth } from '../auth';
import { ChangePasswordForm } from '../components/ChangePasswordForm';

/** The only page of an account whose password someone else chose (the first administrator's one-time password). */
export function ChangePasswordPage() {
  const { session, signOut } = useAuth();
  return (
    <main style={{ display: 'flex', justifyContent: 'center', padding: '8vh 12px' }}>
      <Card style={{ width: 460, maxWidth: '100%' }}>
        <Typography.Title level={3}>请先修改密码</Typography.Title>
        <Alert
          style={{ marginBottom: 16 }}
          type="warning"
          title={`${session?.user.displayName ?? ''}，您正在使用一次性密码登录。`}
          description="请设置您自己的密码。修改之前，其他功能都不能使用。"
        />
        <ChangePasswordForm currentLabel="一次性密码" />
        <Button type="link" style={{ paddingInline: 0, marginTop: 12 }} onClick={() => void signOut()}>
          退出登录
        </Button>
      </Card>
    </main>
  );
}
