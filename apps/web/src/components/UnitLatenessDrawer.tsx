import { Descriptions, Drawer, Empty, Grid, List, Space, Spin, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, call } from '../api/client';
import type { SectionLateness, StepLateness, UnitLateness } from '../api/finance-views';
import { SECTION_STATE_LABELS, STATE_LABELS, TASK_LABELS } from '../labels';
import { useLoad } from '../use-load';
import { ErrorNotice } from './ErrorNotice';

function lateness(item: { late: boolean; workingDaysLate: number; dueDate: string }) {
  if (!item.late) return <Typography.Text type="secondary">{item.dueDate} 到期，未逾期</Typography.Text>;
  return (
    <Space wrap size={4}>
      <span>{item.dueDate}</span>
      <Tag color="red">{item.workingDaysLate > 0 ? `逾期 ${item.workingDaysLate} 个工作日` : '已逾期'}</Tag>
    </Space>
  );
}

const sectionTask = (s: SectionLateness) => (s.kind === 'approve_section' ? '审核' : '撰写');

/**
 * Who inside one unit is late with what, opened from a row of the tracking view: per person, per
 * section (the writer and whoever must approve it) and the steps of the unit as a whole with the
 * people who hold them. Late first; what is not yet due is shown greyed, for context.
 */
export function UnitLatenessDrawer({ campaignId, unitId, unitName, onClose }: { campaignId: string; unitId: string; unitName: string; onClose: () => void }) {
  const screens = Grid.useBreakpoint();
  const { data, error, loading, reload } = useLoad(
    () => call<UnitLateness>(() => api.GET('/api/campaigns/{id}/units/{unitId}/lateness', { params: { path: { id: campaignId, unitId } } })),
    [campaignId, unitId],
  );
  const lateCount = data ? data.sections.filter((s) => s.late).length + data.steps.filter((s) => s.late).length : 0;

  const steps = (items: StepLateness[]) =>
    items.length === 0 ? (
      <Typography.Text type="secondary">没有待办的单位环节。</Typography.Text>
    ) : (
      <List
        size="small"
        dataSource={items}
        data-testid="lateness-steps"
        renderItem={(step) => (
          <List.Item>
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{TASK_LABELS[step.kind] ?? step.kind}</Typography.Text>
              <span>办理人：{step.holders.map((h) => h.name).join('、') || '—'}</span>
              {lateness(step)}
            </Space>
          </List.Item>
        )}
      />
    );

  const sections = (items: SectionLateness[]) =>
    items.length === 0 ? (
      <Typography.Text type="secondary">没有待办的章节。</Typography.Text>
    ) : screens.md ? (
      <Table<SectionLateness>
        size="small"
        pagination={false}
        rowKey={(s) => `${s.code}-${s.kind}-${s.holder.userId}`}
        dataSource={items}
        data-testid="lateness-sections"
        rowClassName={(s) => (s.late ? 'lateness-late' : '')}
        columns={[
          { title: '章节', key: 'section', render: (_, s) => `${s.code} ${s.title}` },
          { title: '状态', key: 'state', width: 80, render: (_, s) => SECTION_STATE_LABELS[s.state] ?? s.state },
          { title: '待办', key: 'task', width: 60, render: (_, s) => sectionTask(s) },
          { title: '办理人', key: 'holder', width: 110, render: (_, s) => s.holder.name },
          { title: '撰写人', key: 'assignee', width: 110, render: (_, s) => s.assignee?.name ?? '—' },
          { title: '完成期限', key: 'due', width: 190, render: (_, s) => lateness(s) },
        ]}
      />
    ) : (
      <List
        size="small"
        dataSource={items}
        data-testid="lateness-sections"
        renderItem={(s) => (
          <List.Item>
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>
                {s.code} {s.title}
              </Typography.Text>
              <span>
                {sectionTask(s)}：{s.holder.name}（{SECTION_STATE_LABELS[s.state] ?? s.state}）{s.kind === 'approve_section' && s.assignee ? `；撰写人：${s.assignee.name}` : ''}
              </span>
              {lateness(s)}
            </Space>
          </List.Item>
        )}
      />
    );

  return (
    <Drawer open title={`逾期情况：${unitName}`} size={screens.md ? 760 : '100%'} onClose={onClose} destroyOnHidden>
      <ErrorNotice error={error} onReload={reload} />
      {loading && !data && <Spin style={{ display: 'block', margin: 24 }} />}
      {data && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" column={screens.md ? 3 : 1}>
            <Descriptions.Item label="办理环节">{STATE_LABELS[data.state] ?? data.state}</Descriptions.Item>
            <Descriptions.Item label="报送截止">{data.deadline}</Descriptions.Item>
            <Descriptions.Item label="今天">{data.today}</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph data-testid="lateness-summary" style={{ margin: 0 }}>
            {lateCount === 0 ? '目前没有逾期事项。' : `共 ${lateCount} 项逾期。`}
            <Link to={`/cases/${data.caseId}`}>打开评价任务</Link>
          </Typography.Paragraph>
          <section aria-label="按人员">
            <Typography.Title level={5}>按人员</Typography.Title>
            {data.people.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有待办事项" />
            ) : (
              <Space wrap data-testid="lateness-people">
                {data.people.map((p) => (
                  <Tag key={p.userId} color={p.late > 0 ? 'red' : 'default'} style={{ whiteSpace: 'normal' }}>
                    {p.name}：待办 {p.open} 项{p.late > 0 ? `，逾期 ${p.late} 项${p.mostWorkingDaysLate > 0 ? `（最长 ${p.mostWorkingDaysLate} 个工作日）` : ''}` : ''}
                  </Tag>
                ))}
              </Space>
            )}
          </section>
          <section aria-label="章节">
            <Typography.Title level={5}>章节</Typography.Title>
            {sections(data.sections)}
          </section>
          <section aria-label="单位环节">
            <Typography.Title level={5}>单位环节（成立小组、审核、盖章、报送等）</Typography.Title>
            {steps(data.steps)}
          </section>
        </Space>
      )}
    </Drawer>
  );
}
