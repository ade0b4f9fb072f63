import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Tag, Typography, type FormInstance } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { api, call, ApiProblem } from '../api/client';
import { describe } from '../api/errors';
import type { LadderView, ReminderLadder, UrgeLateResult } from '../api/reminder-views';
import type { CampaignView } from '../api/views';
import { useAuth } from '../auth';
import { ErrorNotice, fieldMessage } from '../components/ErrorNotice';
import { useLoad } from '../use-load';

interface LadderForm {
  beforeWorkingDays: number[];
  onDueDate: boolean;
  overdueEveryWorkingDay: boolean;
  escalateAfterWorkingDays: number | null;
  start: string;
  end: string;
}

const LADDER_FIELDS: Array<keyof LadderForm> = ['beforeWorkingDays', 'onDueDate', 'overdueEveryWorkingDay', 'escalateAfterWorkingDays', 'start', 'end'];

const OFFSET_OPTIONS = Array.from({ length: 30 }, (_, i) => ({ value: i + 1, label: `提前 ${i + 1} 个工作日` }));

const toForm = (ladder: ReminderLadder): LadderForm => ({
  beforeWorkingDays: ladder.beforeWorkingDays,
  onDueDate: ladder.onDueDate,
  overdueEveryWorkingDay: ladder.overdueEveryWorkingDay,
  escalateAfterWorkingDays: ladder.escalateAfterWorkingDays,
  start: ladder.workingHours.start,
  end: ladder.workingHours.end,
});

/**
 * Puts a refusal of the ladder next to its field: the API names `beforeWorkingDays`,
 * `escalateAfterWorkingDays` or `workingHours` (shown under the end time), or for malformed input
 * the path of the value (`workingHours.start`).
 */
function markLadderFields(form: FormInstance<LadderForm>, error: unknown): void {
  if (!(error instanceof ApiProblem)) return;
  const byName = new Map<keyof LadderForm, string[]>();
  for (const f of error.fields) {
    const last = f.field.split('.').at(-1) ?? f.field;
    const name = (f.field === 'workingHours' ? 'end' : last.replace(/\.\d+$/, '')) as keyof LadderForm;
    if (!LADDER_FIELDS.includes(name)) continue;
    const texts = error.code.startsWith('VALIDATION.') ? f.problems.map(fieldMessage) : [describe(error)];
    byName.set(name, [...new Set([...(byName.get(name) ?? []), ...texts])]);
  }
  form.setFields([...byName].map(([name, errors]) => ({ name, errors })));
}

/**
 * A campaign's reminders: when mail goes out before, on and after a due date, when overdue work
 * escalates, in which hours; and 催办 of every overdue task at once. Its finance officers change
 * them; everyone who sees the campaign reads them.
 */
export function CampaignRemindersPage() {
  const { campaignId = '' } = useParams();
  const { hasRole } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<LadderForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'save' | 'reset' | 'urge' | null>(null);
  const [urged, setUrged] = useState<UrgeLateResult | null>(null);
  const [note, setNote] = useState('');
  const path = { params: { path: { id: campaignId } } };
  const { data, error: loadError, loading, reload } = useLoad(async () => {
    const [campaign, ladder] = await Promise.all([
      call<CampaignView>(() => api.GET('/api/campaigns/{id}', path)),
      call<LadderView>(() => api.GET('/api/campaigns/{id}/reminder-ladder', path)),
    ]);
    return { campaign, ladder };
  }, [campaignId]);
  const [ladder, setLadder] = useState<LadderView | null>(null);
  useEffect(() => {
    if (data) {
      setLadder(data.ladder);
      form.setFieldsValue(toForm(data.ladder.ladder));
    }
  }, [data, form]);
  const manager = hasRole('finance_officer');

  const save = async (values: LadderForm) => {
    setBusy('save');
    setError(null);
    try {
      const answer = await call<LadderView>(() =>
        api.PUT('/api/campaigns/{id}/reminder-ladder', {
          ...path,
          body: {
            beforeWorkingDays: values.beforeWorkingDays ?? [],
            onDueDate: values.onDueDate,
            overdueEveryWorkingDay: values.overdueEveryWorkingDay,
            escalateAfterWorkingDays: values.escalateAfterWorkingDays as number,
            workingHours: { start: values.start.trim(), end: values.end.trim() },
          },
        }),
      );
      setLadder(answer);
      form.setFields(LADDER_FIELDS.map((name) => ({ name, value: toForm(answer.ladder)[name], errors: [] })));
      message.success('提醒设置已保存，之后的提醒按新设置发送。');
    } catch (failure) {
      setError(failure);
      markLadderFields(form, failure);
    } finally {
      setBusy(null);
    }
  };

  const reset = async () => {
    setBusy('reset');
    setError(null);
    try {
      const answer = await call<LadderView>(() => api.DELETE('/api/campaigns/{id}/reminder-ladder', path));
      setLadder(answer);
      form.resetFields();
      form.setFieldsValue(toForm(answer.ladder));
      message.success('已恢复默认提醒设置。');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const urgeLate = async () => {
    setBusy('urge');
    setError(null);
    setUrged(null);
    try {
      setUrged(await call<UrgeLateResult>(() => api.POST('/api/campaigns/{id}/urge-late', { ...path, body: note.trim() ? { message: note.trim() } : {} })));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  if (!data) return <Card loading={loading}>{loadError ? <ErrorNotice error={loadError} onReload={reload} /> : null}</Card>;
  const { campaign } = data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ fontSize: 20, margin: 0 }}>提醒与催办</h1>}
        extra={<Link to="/campaigns">返回通知管理</Link>}
      >
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          {campaign.documentNumber} {campaign.title}（报送截止 {campaign.submissionDeadline}，公开截止 {campaign.publicationDeadline}）
        </Typography.Paragraph>
      </Card>
      <ErrorNotice error={error} />
      <Card
        title={<h2 style={{ fontSize: 18, margin: 0 }}>提醒设置</h2>}
        extra={ladder ? <Tag color={ladder.isDefault ? undefined : 'blue'} data-testid="ladder-kind">{ladder.isDefault ? '默认设置' : '本通知自定'}</Tag> : null}
      >
        <Typography.Paragraph type="secondary">
          天数都按工作日计（节假日、调休和本地调整见<Link to="/calendar">工作日历</Link>）；截止日不是工作日时，按其前一个工作日算。邮件只在工作日的发送时段内发出。
        </Typography.Paragraph>
        <Form<LadderForm> form={form} layout="vertical" onFinish={save} disabled={!manager} style={{ maxWidth: 560 }}>
          <Form.Item label="截止前提醒" name="beforeWorkingDays" extra="可选多次，最多 10 次；不选则截止前不提醒。">
            <Select mode="multiple" options={OFFSET_OPTIONS} placeholder="例如 提前 3 个工作日、提前 1 个工作日" />
          </Form.Item>
          <Form.Item label="截止当日上午提醒" name="onDueDate" valuePropName="checked">
            <Switch checkedChildren="提醒" unCheckedChildren="不提醒" />
          </Form.Item>
          <Form.Item label="逾期后每个工作日提醒" name="overdueEveryWorkingDay" valuePropName="checked">
            <Switch checkedChildren="提醒" unCheckedChildren="不提醒" />
          </Form.Item>
          <Form.Item label="逾期几个工作日后向上级督办" name="escalateAfterWorkingDays" extra="督办邮件发给组长、分管领导或财政局经办人员。" rules={[{ required: true, message: '请填写 1 到 30 之间的天数' }]}>
            <InputNumber min={1} max={30} precision={0} suffix="个工作日" style={{ width: 160 }} />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item label="发送时段开始" name="start" rules={[{ required: true, message: '请填写开始时间，如 08:30' }]}>
              <Input placeholder="08:30" style={{ width: 120 }} />
            </Form.Item>
            <Form.Item label="发送时段结束" name="end" rules={[{ required: true, message: '请填写结束时间，如 17:30' }]}>
              <Input placeholder="17:30" style={{ width: 120 }} />
            </Form.Item>
          </Space>
          {manager && (
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={busy === 'save'}>
                保存提醒设置
              </Button>
              <Popconfirm title="恢复默认提醒设置？" description="截止前 3 个和 1 个工作日、截止当日、逾期每日提醒，逾期 2 个工作日督办，08:30–17:30 发送。" okText="恢复默认" cancelText="取消" onConfirm={reset}>
                <Button loading={busy === 'reset'} disabled={ladder?.isDefault}>
                  恢复默认
                </Button>
              </Popconfirm>
            </Space>
          )}
        </Form>
      </Card>
      {manager && campaign.status === 'issued' && (
        <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>催办全部逾期单位</h2>}>
          <Typography.Paragraph type="secondary">
            给本通知下每一项已过期限、仍未办结的任务的办理人发催办邮件，并记入各单位的办理记录；今天已催办过的不再重复。
          </Typography.Paragraph>
          <Form layout="vertical" style={{ maxWidth: 560 }}>
            <Form.Item label="催办留言" htmlFor="urge-late-message" extra="可不填；写上的话会放进每一封邮件。">
              <Input.TextArea id="urge-late-message" rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder="报送期限已过，请尽快报送。" />
            </Form.Item>
          </Form>
          <Popconfirm title="催办全部逾期单位？" description="邮件会发给所有逾期未办的人员。" okText="催办" cancelText="取消" onConfirm={urgeLate}>
            <Button type="primary" danger loading={busy === 'urge'}>
              催办全部逾期单位
            </Button>
          </Popconfirm>
          {urged && (
            <Alert
              role="status"
              style={{ marginTop: 16 }}
              type={urged.urged > 0 ? 'success' : 'info'}
              showIcon
              title={urged.overdue === 0 ? '目前没有逾期未办的任务，无需催办。' : `已催办 ${urged.urged} 项任务，涉及 ${urged.cases} 个单位。`}
              description={
                urged.overdue > urged.urged ? `逾期未办共 ${urged.overdue} 项，其中 ${urged.overdue - urged.urged} 项今天已催办过，不再重复。` : `催办计入 ${urged.day} 这个工作日。`
              }
            />
          )}
        </Card>
      )}
    </Space>
  );
}
