import { useState } from 'react';
import { App, Card, Form, Radio, Space, Typography } from 'antd';
import { api, call } from '../api/client';
import type { NotificationPreference } from '../api/finance-views';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { ErrorNotice } from '../components/ErrorNotice';
import { useLoad } from '../use-load';

/** My settings: how reminders reach me by mail, one by one or in one digest a working day. */
export function SettingsPage() {
  const { message } = App.useApp();
  const { data, error: loadError, loading, reload } = useLoad(() => call<NotificationPreference>(() => api.GET('/api/me/notification-preferences')), []);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const choose = async (digest: boolean) => {
    setSaving(true);
    setError(null);
    try {
      await call(() => api.PUT('/api/me/notification-preferences', { body: { digest } }));
      message.success(digest ? '已改为每个工作日汇总发送一封邮件。' : '已改为逐条发送提醒邮件。');
      reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>我的设置</h1>} loading={loading && !data}>
        <ErrorNotice error={loadError ?? error} onReload={reload} />
        {data && (
          <Form layout="vertical">
            <Form.Item label="邮件提醒方式" extra="催办邮件总是立即发送，不并入汇总。">
              <Radio.Group value={data.digest ? 'digest' : 'single'} disabled={saving} onChange={(e) => void choose(e.target.value === 'digest')}>
                <Space orientation="vertical">
                  <Radio value="single">逐条发送：每条到期提醒、逾期通知单独一封</Radio>
                  <Radio value="digest">每日汇总：每个工作日发送一封，列出当天的全部事项</Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
            <Typography.Text type="secondary" data-testid="notification-preference">
              当前：{data.digest ? '每日汇总' : '逐条发送'}
            </Typography.Text>
          </Form>
        )}
      </Card>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>修改密码</h2>}>
        <ChangePasswordForm />
      </Card>
    </Space>
  );
}
