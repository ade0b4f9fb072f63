import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { api, call } from '../api/client';
import type { SignInOptions } from '../api/views';
import { useAuth } from '../auth';
import { ErrorNotice } from '../components/ErrorNotice';


export function SignInPage() {
  const { signIn } = useAuth();
  // Coming from the invitation page: the account whose password was just set.
  const invited = (useLocation().state as { username?: string } | null)?.username;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The demo accounts exist only when this start loaded the demo data; never in production.
  const [demoGroups, setDemoGroups] = useState<SignInOptions['demoAccountGroups']>([]);
  const [form] = Form.useForm<{ username: string; password: string }>();
  useEffect(() => {
    call<SignInOptions>(() => api.GET('/api/auth/sign-in-options'))
      .then((options) => setDemoGroups(options.demoAccounts ? options.demoAccountGroups : []))
      .catch(() => setDemoGroups([]));
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
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ username: invited ?? '' }}>
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
        {demoGroups.length > 0 && (
          <Alert
            style={{ marginTop: 16 }}
            type="info"
            title="演示账号"
            description={
              <>
                <div>密码均为 Jixiao@2024（启动时可用 DEMO_PASSWORD 修改）。点账号名可填入上面的用户名。</div>
                {demoGroups.map((group) => (
                  <section key={group.organisation} aria-label={group.organisation} style={{ marginTop: 8 }}>
                    <Typography.Text strong>{group.organisation}</Typography.Text>
                    <ul style={{ margin: 0, paddingLeft: 20 }}>
                      {group.accounts.map((account) => (
                        <li key={account.username}>
                          <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => {
                              form.setFieldsValue({ username: account.username });
                              form.focusField('password');
                            }}>
                            <code>{account.username}</code>
                          </Button>{' '}
                          {account.roles}
                        </li>
                      ))}
                    </ul>
                  </section>
                ))}
              </>
            }
          />
        )}
      </Card>
    </main>
  );
}
