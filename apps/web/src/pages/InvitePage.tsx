import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Result, Spin, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiProblem, call } from '../api/client';
import { codeWords } from '../api/errors';
import type { InvitationAccepted, InvitationLink } from '../api/views';
import { beijingTime } from '../components/AccountStatus';
import { ErrorNotice, markFields } from '../components/ErrorNotice';
import { useLoad } from '../use-load';

/** Links that no longer work: each gets a page of its own that says what to do. */
const DEAD_LINKS: Record<string, string> = {
  'INVITATION.NOT_FOUND': '邀请链接无效',
  'INVITATION.EXPIRED': '邀请链接已过期',
  'INVITATION.USED': '邀请链接已经用过',
  'INVITATION.REVOKED': '邀请链接已作废',
};

interface PasswordForm {
  password: string;
  repeated: string;
}

function DeadLink({ problem }: { problem: ApiProblem }) {
  const navigate = useNavigate();
  return (
    <Result
      status="warning"
      title={DEAD_LINKS[problem.code]}
      // Each text ends with what to do: ask the administrator to send the invitation again.
      subTitle={codeWords(problem.code)}
      extra={
        <Button type="primary" onClick={() => navigate('/sign-in')}>
          去登录
        </Button>
      }
    />
  );
}

/** 设置密码: the public page an invitation mail links to. The link works once, within 72 hours. */
export function InvitePage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { data: link, error: loadError, loading } = useLoad(
    () => call<InvitationLink>(() => api.GET('/api/invitations/{token}', { params: { path: { token } } })),
    [token],
  );
  const submit = async ({ password }: PasswordForm) => {
    setBusy(true);
    setError(null);
    try {
      const accepted = await call<InvitationAccepted>(() => api.POST('/api/invitations/{token}/accept', { params: { path: { token } }, body: { password } }));
      setDone(accepted.username);
    } catch (failure) {
      setError(failure);
      markFields(form, failure, { password: 'password' });
    } finally {
      setBusy(false);
    }
  };
  const dead = [error, loadError].find((e): e is ApiProblem => e instanceof ApiProblem && e.code in DEAD_LINKS);
  return (
    <main style={{ display: 'flex', justifyContent: 'center', padding: '8vh 12px' }}>
      <Card style={{ width: 480, maxWidth: '100%' }}>
        <Typography.Title level={3}>设置密码</Typography.Title>
        {loading ? (
          <Spin />
        ) : dead ? (
          <DeadLink problem={dead} />
        ) : done ? (
          <Result
            status="success"
            title="密码已设置"
            subTitle={`请用账号 ${done} 和刚设置的密码登录。`}
            extra={
              <Button type="primary" onClick={() => navigate('/sign-in', { state: { username: done } })}>
                去登录
              </Button>
            }
          />
        ) : loadError ? (
          <ErrorNotice error={loadError} />
        ) : (
          link && (
            <>
              <Typography.Paragraph>{link.displayName}，您好：请为您的账号设置密码，设置后即可登录。</Typography.Paragraph>
              <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
                <Descriptions.Item label="账号">{link.username}</Descriptions.Item>
                <Descriptions.Item label="单位">{link.organisationName}</Descriptions.Item>
                <Descriptions.Item label="链接有效期至">{beijingTime(link.expiresAt)}（北京时间）</Descriptions.Item>
              </Descriptions>
              <ErrorNotice error={error} />
              <Form<PasswordForm> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
                <input type="text" name="username" autoComplete="username" value={link.username} readOnly hidden />
                <Form.Item label="新密码" name="password" rules={[{ required: true, message: '请输入新密码' }]}>
                  <Input.Password autoComplete="new-password" autoFocus />
                </Form.Item>
                <Alert
                  type="info"
                  style={{ marginBottom: 16 }}
                  title="密码要求"
                  description={
                    <ul style={{ margin: 0, paddingLeft: 20 }}>
                      <li>至少 10 位；</li>
                      <li>含大写字母、小写字母、数字和符号中的至少三类；</li>
                      <li>不能包含账号名。</li>
                    </ul>
                  }
                />
                <Form.Item
                  label="再次输入新密码"
                  name="repeated"
                  dependencies={['password']}
                  rules={[
                    { required: true, message: '请再次输入新密码' },
                    ({ getFieldValue }) => ({
                      validator: (_, value) => (!value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
                    }),
                  ]}
                >
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
                <Button type="primary" htmlType="submit" block loading={busy}>
                  设置密码
                </Button>
              </Form>
            </>
          )
        )}
      </Card>
    </main>
  );
}
