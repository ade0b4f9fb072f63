import { useEffect, useState } from 'react';
import { App, Form, Input, Modal, Typography } from 'antd';
import { api, call } from '../api/client';
import type { DirectoryUnit } from '../api/finance-views';
import { ErrorNotice, markFields } from './ErrorNotice';

interface AdministratorForm {
  displayName: string;
  username: string;
  email: string;
  phone?: string;
}

/**
 * 设管理员: the bureau invites a unit's administrator for one unit of its directory. The person
 * receives the invitation mail and sets a password; the account is the unit's, with the unit
 * administrator's role, who then adds the unit's people.
 */
export function UnitAdministratorModal({ unit, onClose, onInvited }: { unit: DirectoryUnit | null; onClose: () => void; onInvited: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<AdministratorForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!unit) return;
    setError(null);
    form.resetFields();
    // The directory's contact is usually the person who becomes the administrator.
    form.setFieldsValue({ displayName: unit.contactName ?? '', email: unit.contactEmail ?? '', phone: unit.contactPhone ?? '' });
  }, [unit, form]);

  const invite = async (values: AdministratorForm) => {
    if (!unit) return;
    setBusy(true);
    setError(null);
    try {
      await call(() =>
        api.POST('/api/directory/units/{id}/administrators', {
          params: { path: { id: unit.id } },
          body: { displayName: values.displayName.trim(), username: values.username.trim(), email: values.email.trim(), ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}) },
        }),
      );
      message.success(`已向${values.displayName}发送邀请邮件，由本人设置密码。`);
      onInvited();
      onClose();
    } catch (failure) {
      setError(failure);
      markFields(form, failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={unit !== null} title={`设管理员：${unit?.name ?? ''}`} okText="发送邀请" cancelText="取消" confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">邀请邮件发到所填邮箱，本人在 72 小时内打开链接设置密码后，即可管理本单位的人员；不会通过邮件发送密码。</Typography.Paragraph>
      <ErrorNotice error={error} />
      <Form<AdministratorForm> form={form} layout="vertical" onFinish={invite}>
        <Form.Item label="管理员姓名" name="displayName" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label="管理员用户名" name="username" extra="登录用，3 到 64 位字母、数字、点、下划线或连字符。" rules={[{ required: true, whitespace: true, message: '请填写用户名' }]}>
          <Input maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item label="管理员邮箱" name="email" rules={[{ required: true, whitespace: true, message: '请填写邮箱，邀请邮件发到这里' }]}>
          <Input maxLength={254} inputMode="email" />
        </Form.Item>
        <Form.Item label="管理员手机" name="phone">
          <Input maxLength={40} inputMode="tel" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
