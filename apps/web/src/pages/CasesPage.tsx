import { Card, Table, Tag } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { api, call } from '../api/client';
import type { CaseSummary, Page } from '../api/views';
import { ErrorNotice } from '../components/ErrorNotice';
import { STATE_LABELS } from '../labels';
import { useLoad } from '../use-load';

export function CasesPage() {
  const [search] = useSearchParams();
  const campaignId = search.get('campaignId') ?? undefined;
  const { data, error, loading, reload } = useLoad(
    () => call<Page<CaseSummary>>(() => api.GET('/api/cases', { params: { query: { limit: 100, ...(campaignId ? { campaignId } : {}) } } })),
    [campaignId],
  );
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>评价任务</h1>}>
      <ErrorNotice error={error} onReload={reload} />
      <Table<CaseSummary>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: '单位', dataIndex: 'unitName', render: (name: string, c) => <Link to={`/cases/${c.id}`}>{name}</Link> },
          { title: '通知文号', dataIndex: 'documentNumber' },
          { title: '年度', dataIndex: 'fiscalYear' },
          { title: '环节', dataIndex: 'state', render: (state: string) => <Tag>{STATE_LABELS[state] ?? state}</Tag> },
          { title: '报送截止', dataIndex: 'submissionDeadline' },
        ]}
      />
    </Card>
  );
}
