import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { api, call } from '../api/client';
import type { SignInOptions } from '../api/views';
import { useAuth } from '../auth';
import { ErrorNotice } from '../components/ErrorNotice';

const DEMO_ACCOUNTS = [
  ['czj.officer', '财政局绩效科'],
  ['zzb.admin', '单位管理员'],
  ['zzb.leader', '评价小组组长'],
  ['zzb.deputy', '分管领导'],
  ['zzb.member', '小组成员'],
  ['zzb.compiler', '填报人员'],
  ['zzb.seal', '印章管理员'],
  ['zzb.publisher', '公开人员'],
  ['sys.admin', '系统管理员（财政局管理）'],
];

export function SignInPage() {
  const { signIn } = useAuth();
  // Coming from the invitation page: the account whose password was just set.
  const invited = (useLocation().state as { username?: string } | null)?.username;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The demo accounts exist only when this start loaded the demo data; never in production.
  const [demoAccounts, setDemoAccounts] = useState(false);
  useEffect(() => {
    call<SignInOptions>(() => api.GET('/api/auth/sign-in-options'))
      .then((options) => setDemoAccounts(options.demoAccounts))
      .catch(() => setDemoAccounts(false));
  }, []);
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(values.username.trim(), values.password);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main style={{ display: 'flex', justifyContent: 'center', padding: '8vh 12px' }}>
      <Card style={{ width: 420, maxWidth: '100%' }}>
        <Typography.Title level={3}>绩效自评工作台</Typography.Title>
        <Typography.Paragraph type="secondary">预算绩效自评的通知、撰写、审核、盖章、报送与公开。</Typography.Paragraph>
        <ErrorNotice error={error} />
        <Form layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ username: invited ?? '' }}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input autoComplete="username" autoFocus={!invited} />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" autoFocus={Boolean(invited)} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
        {demoAccounts && (
          <Alert
            style={{ marginTop: 16 }}
            type="info"
            title="演示账号"
            description={
              <>
                <div>密码均为 Jixiao@2024（启动时可用 DEMO_PASSWORD 修改）。</div>
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {DEMO_ACCOUNTS.map(([username, label]) => (
                    <li key={username}>
                      <code>{username}</code> {label}
                    </li>
                  ))}
                </ul>
              </>
            }
          />
        )}
      </Card>
    </main>
  );
}
