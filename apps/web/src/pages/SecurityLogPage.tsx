import { useState } from 'react';
import { App, Button, Card, DatePicker, Empty, Form, Grid, Radio, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { SECURITY_EVENT_NAMES, SECURITY_OUTCOME_NAMES } from '@jixiao/workflow';
import { api, call, download, saveFile } from '../api/client';
import type { ConsoleCode } from '../api/codes';
import { codeWords } from '../api/errors';
import type { PageOf } from '../api/finance-views';
import type { components } from '../api/schema';
import { useAuth } from '../auth';
import { ErrorNotice } from '../components/ErrorNotice';
import { shanghaiTime, todayInShanghai } from '../labels';
import { useLoad } from '../use-load';
import { enterConfirmsDate } from '../components/date-enter';

type SecurityEvent = components['schemas']['SecurityEventDto'];

const PAGE_SIZE = 20;
/** The export's widest range (the API refuses more: SECURITY_LOG.RANGE_INVALID). */
const MAX_DAYS = 366;

/** The tag colour of each outcome: red for what may be an attack, orange for what the service held back. */
const OUTCOME_COLORS: Record<SecurityEvent['outcome'], string> = { success: 'green', failure: 'red', reused: 'red', refused: 'orange', throttled: 'orange' };

/** The reason a refusal or failure was recorded, as the person saw it (the code's Chinese text). */
function reasonOf(event: SecurityEvent): string {
  const code = typeof event.details.code === 'string' ? event.details.code : null;
  return code ? codeWords(code as ConsoleCode) : '—';
}

/**
 * The security log (安全日志). Unit admins read their unit's people's events and finance officers
 * their bureau's, newest first; the system administrator, who keeps the installation, exports every
 * event of a date range (.xlsx or CSV) for auditors. The API decides who may do which.
 */
export function SecurityLogPage() {
  const { hasRole } = useAuth();
  const reader = hasRole('unit_admin', 'finance_officer');
  const exporter = hasRole('system_admin');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {exporter && <SecurityLogExport />}
      {reader && <SecurityLogList />}
    </Space>
  );
}

function SecurityLogList() {
  const [params, setParams] = useSearchParams();
  const current = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const { data, error, loading, reload } = useLoad(
    () => call<PageOf<SecurityEvent>>(() => api.GET('/api/security-events', { params: { query: { limit: PAGE_SIZE, offset: (current - 1) * PAGE_SIZE } } })),
    [current],
  );
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>安全日志</h1>}>
      <Typography.Paragraph type="secondary">你所在单位（或财政局）人员的登录、退出、修改密码和被拒绝的请求，最新的在前。安全日志至少保留 180 天。</Typography.Paragraph>
      <ErrorNotice error={error} onReload={reload} />
      <Table<SecurityEvent>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        // On a phone the table scrolls sideways instead of breaking words into single characters.
        scroll={{ x: 760 }}
        locale={{ emptyText: <Empty description="还没有记录" /> }}
        pagination={{
          current,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 条`,
          onChange: (page) => setParams(page === 1 ? {} : { page: String(page) }),
        }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 150, render: (at: string) => shanghaiTime(at) },
          { title: '事件', dataIndex: 'kind', width: 110, render: (kind: SecurityEvent['kind']) => SECURITY_EVENT_NAMES[kind] },
          {
            title: '结果',
            dataIndex: 'outcome',
            width: 130,
            render: (outcome: SecurityEvent['outcome']) => <Tag color={OUTCOME_COLORS[outcome]}>{SECURITY_OUTCOME_NAMES[outcome]}</Tag>,
          },
          { title: '用户名', dataIndex: 'username', render: (name: string | null) => name ?? '—' },
          { title: '来源地址', dataIndex: 'sourceAddress', render: (address: string | null) => address ?? '—' },
          { title: '原因', key: 'reason', render: (_, event) => reasonOf(event) },
        ]}
      />
    </Card>
  );
}

interface ExportForm {
  range: [Dayjs, Dayjs];
  format: 'xlsx' | 'csv';
}

function SecurityLogExport() {
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const today = dayjs(todayInShanghai());
  const exportRange = async (values: ExportForm) => {
    const [from, to] = values.range.map((day) => day.format('YYYY-MM-DD'));
    setBusy(true);
    setError(null);
    try {
      const { blob, fileName } = await download(`/api/security-events/export?${new URLSearchParams({ from: from!, to: to!, format: values.format })}`);
      saveFile(blob, fileName);
      message.success('安全日志已导出。');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>导出安全日志</h1>}>
      <Typography.Paragraph type="secondary">
        供审计使用：导出全系统在所选日期范围内（按北京时间，含首尾两天，最长 {MAX_DAYS} 天）的全部安全事件，最早的在前。
      </Typography.Paragraph>
      <ErrorNotice error={error} />
      <Form<ExportForm> layout={screens.md ? 'inline' : 'vertical'} onFinish={exportRange} onKeyDown={enterConfirmsDate} initialValues={{ range: [today.subtract(29, 'day'), today], format: 'xlsx' }}>
        <Form.Item
          label="日期范围"
          name="range"
          rules={[
            { required: true, message: '请选择日期范围' },
            {
              validator: (_, range: [Dayjs, Dayjs] | undefined) =>
                range && range[1].diff(range[0], 'day') + 1 > MAX_DAYS ? Promise.reject(new Error(`一次最多导出 ${MAX_DAYS} 天，请分段导出`)) : Promise.resolve(),
            },
          ]}
        >
          <DatePicker.RangePicker style={{ maxWidth: '100%' }} allowClear={false} disabledDate={(day) => day.isAfter(today, 'day')} />
        </Form.Item>
        <Form.Item label="格式" name="format">
          <Radio.Group
            options={[
              { value: 'xlsx', label: 'Excel（.xlsx）' },
              { value: 'csv', label: 'CSV' },
            ]}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            导出
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
