import { useState } from 'react';
import { App, Button, Form, Input } from 'antd';
import { api, call } from '../api/client';
import { useAuth } from '../auth';
import { ErrorNotice, markFields } from './ErrorNotice';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  repeated: string;
}

/** Changes one's own password; one's other sessions end. */
export function ChangePasswordForm({ currentLabel = '当前密码' }: { currentLabel?: string }) {
  const { passwordChanged } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async ({ currentPassword, newPassword }: PasswordForm) => {
    setBusy(true);
    setError(null);
    try {
      await call(() => api.POST('/api/auth/password', { body: { currentPassword, newPassword } }));
      form.resetFields();
      message.success('密码已修改。您在其他地方的登录已退出。');
      passwordChanged();
    } catch (failure) {
      setError(failure);
      markFields(form, failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<PasswordForm> form={form} layout="vertical" onFinish={submit} requiredMark={false} style={{ maxWidth: 420 }}>
      <ErrorNotice error={error} />
      <Form.Item label={currentLabel} name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        label="新密码"
        name="newPassword"
        extra="至少 10 位，含大写字母、小写字母、数字和符号中的三类，且不能包含用户名。"
        rules={[{ required: true, message: '请输入新密码' }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="再次输入新密码"
        name="repeated"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        修改密码
      </Button>
    </Form>
  );
}
