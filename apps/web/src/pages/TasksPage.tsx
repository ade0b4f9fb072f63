import { Card, Empty, Grid, List, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, call } from '../api/client';
import type { CirculatedReport, TaskList, TaskView } from '../api/views';
import { ErrorNotice } from '../components/ErrorNotice';
import { TASK_LABELS, shanghaiTime, todayInShanghai } from '../labels';
import { useLoad } from '../use-load';

/** Where in the console a task is done. */
export function taskPath(task: TaskView): string {
  if (task.projectId) return `/cases/${task.caseId}/project-forms/${task.projectId}`;
  if (task.sectionCode) return `/cases/${task.caseId}/sections/${encodeURIComponent(task.sectionCode)}`;
  if (task.kind === 'acknowledge_warning' || task.kind === 'fill_data_table') return `/cases/${task.caseId}/data-table`;
  if (task.kind === 'fill_scores') return `/cases/${task.caseId}/indicator-scores`;
  return `/cases/${task.caseId}`;
}

export function TasksPage() {
  const { data, error, loading, reload } = useLoad(() => call<TaskList>(() => api.GET('/api/me/tasks')), []);
  const today = todayInShanghai();
  const screens = Grid.useBreakpoint();
  const rowKey = (t: TaskView) => `${t.kind}:${t.caseId}:${t.sectionCode ?? ''}:${t.projectId ?? ''}`;
  const what = (t: TaskView) => (
    <Link to={taskPath(t)}>
      {TASK_LABELS[t.kind] ?? t.kind}
      {t.sectionTitle ? `：${t.sectionCode} ${t.sectionTitle}` : ''}
      {t.projectName ? `：${t.projectName}` : ''}
      {t.warnings ? `（${t.warnings} 条）` : ''}
    </Link>
  );
  const due = (date: string | null) => (date === null ? '—' : date < today ? <Tag color="red">{date} 已逾期</Tag> : <Typography.Text>{date}</Typography.Text>);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>我的待办</h1>}>
        <ErrorNotice error={error} onReload={reload} />
        {/* A phone reads each task as a short card: the table's four columns squeezed the words into single characters. */}
        {!screens.md ? (
          <List<TaskView>
            loading={loading}
            dataSource={data?.items ?? []}
            rowKey={rowKey}
            locale={{ emptyText: <Empty description="暂无待办事项" /> }}
            renderItem={(t) => (
              <List.Item data-testid="task-item">
                <Space orientation="vertical" size={2}>
                  {what(t)}
                  <Typography.Text type="secondary">
                    {t.unitName} · {t.documentNumber}
                  </Typography.Text>
                  <span>完成期限：{due(t.dueDate)}</span>
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table<TaskView>
            rowKey={rowKey}
            loading={loading}
            dataSource={data?.items ?? []}
            pagination={false}
            scroll={{ x: true }}
            locale={{ emptyText: <Empty description="暂无待办事项" /> }}
            columns={[
              { title: '事项', key: 'kind', render: (_, t) => what(t) },
              { title: '单位', dataIndex: 'unitName' },
              { title: '通知文号', dataIndex: 'documentNumber' },
              { title: '完成期限', dataIndex: 'dueDate', render: (date: string | null) => due(date) },
            ]}
          />
        )}
      </Card>
      <ReadingList />
    </Space>
  );
}

/** 待阅: reports circulated to the person for information (传阅). Not tasks: nothing is due, nothing waits on them. */
function ReadingList() {
  const { data, error, loading, reload } = useLoad(() => call<CirculatedReport[]>(() => api.GET('/api/me/circulations')), []);
  const unread = (data ?? []).filter((c) => c.readAt === null).length;
  const screens = Grid.useBreakpoint();
  const title = (c: CirculatedReport) => <Link to={`/cases/${c.caseId}#circulation`}>{c.unitName} 自评报告（第 {c.contentVersion} 版）</Link>;
  const state = (c: CirculatedReport) => (c.readAt ? <Tag color="green">已阅</Tag> : <Tag color="orange">待阅</Tag>);
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>待阅</h2>} extra={<Typography.Text type="secondary">未阅 {unread} 份</Typography.Text>} data-testid="reading-list">
      <ErrorNotice error={error} onReload={reload} />
      {!screens.md ? (
        // At phone width one report a row, its details beneath, rather than a table to scroll sideways.
        <List<CirculatedReport>
          size="small"
          loading={loading}
          dataSource={data ?? []}
          locale={{ emptyText: <Empty description="暂无传阅给您的报告" /> }}
          renderItem={(c) => (
            <List.Item>
              <div>
                <div>
                  {title(c)} {state(c)}
                </div>
                <Typography.Text type="secondary">
                  {c.documentNumber} · {c.sentByName} 传阅于 {shanghaiTime(c.sentAt)}
                </Typography.Text>
                {c.note && <div>{c.note}</div>}
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Table<CirculatedReport>
          rowKey="caseId"
          loading={loading}
          dataSource={data ?? []}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: <Empty description="暂无传阅给您的报告" /> }}
          columns={[
            { title: '报告', key: 'case', render: (_, c) => title(c) },
            { title: '通知文号', dataIndex: 'documentNumber' },
            { title: '传阅人', key: 'sent', render: (_, c) => `${c.sentByName} · ${shanghaiTime(c.sentAt)}` },
            { title: '附言', dataIndex: 'note', render: (note: string | null) => note ?? '—' },
            { title: '状态', key: 'read', render: (_, c) => state(c) },
          ]}
        />
      )}
    </Card>
  );
}
