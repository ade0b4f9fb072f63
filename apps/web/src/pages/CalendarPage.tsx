import { useState } from 'react';
import { App, Button, Calendar, Card, Col, DatePicker, Form, Grid, Input, Popconfirm, Radio, Row, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { api, call } from '../api/client';
import type { CalendarDay, CalendarOverrideView, CalendarRange } from '../api/reminder-views';
import { useAuth } from '../auth';
import { ErrorNotice, markFields } from '../components/ErrorNotice';
import { shanghaiTime } from '../labels';
import { useLoad } from '../use-load';
import { enterConfirmsDate } from '../components/date-enter';
import { nowrap } from '../components/nowrap';

interface OverrideForm {
  date: Dayjs;
  working: boolean;
  reason: string;
}

const DOT: Partial<Record<CalendarDay['source'], string>> = { holiday: '#cf1322', adjusted_working_day: '#d48806' };

/** How each kind of day is marked in a cell; ordinary weekdays and weekends are left plain. On a phone, a coloured dot with the words as its title. */
function DayMark({ day, compact }: { day: CalendarDay; compact: boolean }) {
  if (compact) {
    const color = day.source === 'override' ? (day.working ? '#1677ff' : '#d4380d') : DOT[day.source];
    if (!color) return null;
    return <span title={day.name ?? undefined} aria-label={day.name ?? undefined} style={{ display: 'inline-block', width: 6, height: 6, borderRadius: 3, background: color }} />;
  }
  if (day.source === 'override') {
    return (
      <Tag color={day.working ? 'blue' : 'volcano'} style={{ whiteSpace: 'normal' }} data-testid={`override-${day.date}`}>
        本地调整·{day.working ? '上班' : '休息'}：{day.name}
      </Tag>
    );
  }
  if (day.source === 'holiday') return <Tag color="red" style={{ whiteSpace: 'normal' }}>休 {day.name}</Tag>;
  if (day.source === 'adjusted_working_day') return <Tag color="gold" style={{ whiteSpace: 'normal' }}>班 {day.name}</Tag>;
  return null;
}

/** The month shown: `?month=YYYY-MM` (so a month can be linked to), else this month. */
function monthOf(value: string | null): Dayjs {
  const parsed = value && /^\d{4}-\d{2}$/.test(value) ? dayjs(`${value}-01`) : null;
  return parsed?.isValid() ? parsed : dayjs().startOf('month');
}

/**
 * The working-day calendar every deadline and reminder counts on: public holidays, 调休 working
 * days and the local overrides with their reasons. Everyone reads it; finance officers set and
 * remove overrides.
 */
export function CalendarPage() {
  const { hasRole } = useAuth();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [search, setSearch] = useSearchParams();
  const month = monthOf(search.get('month'));
  const [form] = Form.useForm<OverrideForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const manager = hasRole('finance_officer');
  // The month grid shows a few days of the months around it too.
  const from = month.startOf('month').subtract(7, 'day').format('YYYY-MM-DD');
  const to = month.endOf('month').add(14, 'day').format('YYYY-MM-DD');
  const { data, error: loadError, loading, reload } = useLoad(
    () => call<CalendarRange>(() => api.GET('/api/calendar', { params: { query: { from, to } } })),
    [from, to],
  );
  const days = new Map((data?.days ?? []).map((d) => [d.date, d]));
  const inMonth = (date: string) => date.startsWith(month.format('YYYY-MM'));
  const overrides = (data?.overrides ?? []).filter((o) => inMonth(o.date));
  const uncovered = (data?.days ?? []).some((d) => inMonth(d.date) && !d.covered);

  const show = (next: Dayjs) => setSearch({ month: next.format('YYYY-MM') }, { replace: true });

  const put = async (values: OverrideForm) => {
    setBusy(true);
    setError(null);
    const date = values.date.format('YYYY-MM-DD');
    try {
      await call<CalendarOverrideView>(() => api.PUT('/api/calendar/overrides', { body: { date, working: values.working, reason: values.reason.trim() } }));
      message.success(`${date} 已设为${values.working ? '工作日' : '休息日'}。`);
      form.resetFields();
      if (!inMonth(date)) show(values.date);
      reload();
    } catch (failure) {
      setError(failure);
      markFields(form, failure);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (date: string) => {
    setError(null);
    try {
      await call(() => api.DELETE('/api/calendar/overrides', { params: { query: { date } } }));
      message.success(`已取消 ${date} 的本地调整，按国家安排执行。`);
    } catch (failure) {
      setError(failure);
    }
    reload();
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>工作日历</h1>}>
        <Typography.Paragraph type="secondary">
          截止日期前后的提醒、逾期和督办都按工作日计算：国家法定节假日和调休，加上财政局的本地调整。
        </Typography.Paragraph>
        <Space wrap style={{ marginBottom: 8 }} aria-label="图例">
          <Tag color="red">休 法定节假日</Tag>
          <Tag color="gold">班 调休上班</Tag>
          <Tag color="volcano">本地调整·休息</Tag>
          <Tag color="blue">本地调整·上班</Tag>
        </Space>
        {uncovered && (
          <Typography.Paragraph type="warning">这个月所在年份国家还未公布（或未收录）节假日安排：暂只按周末计算休息日，可用本地调整补上。</Typography.Paragraph>
        )}
        <ErrorNotice error={loadError} onReload={reload} />
        <Calendar
          fullscreen={Boolean(screens.md)}
          value={month}
          onPanelChange={(date) => show(date.startOf('month'))}
          onSelect={(date, info) => {
            if (info.source !== 'date') {
              show(date.startOf('month'));
              return;
            }
            if (!inMonth(date.format('YYYY-MM-DD'))) show(date.startOf('month'));
            if (manager) {
              const current = days.get(date.format('YYYY-MM-DD'));
              form.setFieldsValue({ date, working: current ? !current.working : false });
            }
          }}
          cellRender={(date, info) => {
            if (info.type !== 'date') return info.originNode;
            const day = days.get(date.format('YYYY-MM-DD'));
            return day ? <DayMark day={day} compact={!screens.md} /> : null;
          }}
        />
        {loading && <Typography.Text type="secondary">正在加载…</Typography.Text>}
      </Card>
      <Row gutter={[16, 16]}>
        {manager && (
          <Col xs={24} lg={10}>
            <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>设置本地调整</h2>}>
              <ErrorNotice error={error} />
              <Form<OverrideForm> form={form} layout="vertical" onFinish={put} onKeyDown={enterConfirmsDate} initialValues={{ working: false }}>
                <Form.Item label="调整日期" name="date" extra="也可以在上面的日历中点选日期。" rules={[{ required: true, message: '请选择日期' }]}>
                  <DatePicker />
                </Form.Item>
                <Form.Item label="当天" name="working">
                  <Radio.Group
                    options={[
                      { value: false, label: '休息' },
                      { value: true, label: '上班' },
                    ]}
                  />
                </Form.Item>
                <Form.Item label="调整原因" name="reason" rules={[{ required: true, whitespace: true, message: '请写明原因，例如“防台风停工”' }]}>
                  <Input maxLength={200} placeholder="防台风停工" />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy}>
                  保存调整
                </Button>
              </Form>
            </Card>
          </Col>
        )}
        <Col xs={24} lg={manager ? 14 : 24}>
          <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>本月的本地调整</h2>}>
            {!manager && <ErrorNotice error={error} />}
            <Table<CalendarOverrideView>
              rowKey="date"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={overrides}
              locale={{ emptyText: '本月没有本地调整。' }}
              columns={[
                // On a phone the table scrolls inside its frame: titles and dates stay on one line.
                { title: nowrap('日期'), dataIndex: 'date', render: (date: string) => nowrap(date) },
                { title: nowrap('当天'), dataIndex: 'working', render: (working: boolean) => nowrap(working ? '上班' : '休息') },
                { title: nowrap('原因'), dataIndex: 'reason' },
                { title: nowrap('设置时间'), dataIndex: 'updatedAt', render: (at: string) => shanghaiTime(at) },
                ...(manager
                  ? [
                      {
                        title: nowrap('操作'),
                        key: 'remove',
                        render: (_: unknown, o: CalendarOverrideView) => (
                          <Popconfirm title={`取消 ${o.date} 的本地调整？`} description="取消后按国家安排执行。" okText="取消调整" cancelText="保留" onConfirm={() => remove(o.date)}>
                            <Button size="small" danger>
                              取消调整
                            </Button>
                          </Popconfirm>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
