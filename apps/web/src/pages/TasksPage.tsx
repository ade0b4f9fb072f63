import { Card, Empty, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, call } from '../api/client';
import type { TaskList, TaskView } from '../api/views';
import { ErrorNotice } from '../components/ErrorNotice';
import { TASK_LABELS, todayInShanghai } from '../labels';
import { useLoad } from '../use-load';

/** Where in the console a task is done. */
export function taskPath(task: TaskView): string {
  if (task.sectionCode) return `/cases/${task.caseId}/sections/${encodeURIComponent(task.sectionCode)}`;
  if (task.kind === 'acknowledge_warning' || task.kind === 'fill_data_table') return `/cases/${task.caseId}/data-table`;
  if (task.kind === 'fill_scores') return `/cases/${task.caseId}/indicator-scores`;
  return `/cases/${task.caseId}`;
}

export function TasksPage() {
  const { data, error, loading, reload } = useLoad(() => call<TaskList>(() => api.GET('/api/me/tasks')), []);
  const today = todayInShanghai();
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>我的待办</h1>}>
      <ErrorNotice error={error} onReload={reload} />
      <Table<TaskView>
        rowKey={(t) => `${t.kind}:${t.caseId}:${t.sectionCode ?? ''}`}
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description="暂无待办事项" /> }}
        columns={[
          { title: '事项', key: 'kind', render: (_, t) => <Link to={taskPath(t)}>{TASK_LABELS[t.kind] ?? t.kind}{t.sectionTitle ? `：${t.sectionCode} ${t.sectionTitle}` : ''}{t.warnings ? `（${t.warnings} 条）` : ''}</Link> },
          { title: '单位', dataIndex: 'unitName' },
          { title: '通知文号', dataIndex: 'documentNumber' },
          {
            title: '完成期限',
            dataIndex: 'dueDate',
            render: (due: string | null) =>
              due === null ? '—' : due < today ? <Tag color="red">{due} 已逾期</Tag> : <Typography.Text>{due}</Typography.Text>,
          },
        ]}
      />
    </Card>
  );
}
