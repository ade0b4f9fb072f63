import { Alert, Card, Grid, List, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { projectFormsApi, type CaseFormSummary } from '../api/project-form-views';
import { formStatus } from '../project-forms/status';
import { useLoad } from '../use-load';
import { ErrorNotice } from './ErrorNotice';

function StatusTag({ form }: { form: CaseFormSummary }) {
  const status = formStatus(form);
  return <Tag color={status.color}>{status.text}</Tag>;
}

function Checks({ form }: { form: CaseFormSummary }) {
  if (form.revision === 0) return null;
  if (form.errors + form.warnings === 0) return <Typography.Text type="success">无问题</Typography.Text>;
  return (
    <>
      {form.errors > 0 && <Tag color="red">{form.errors} 个错误</Tag>}
      {form.warnings > 0 && <Tag color="gold">{form.warnings} 个警告</Tag>}
    </>
  );
}

/** The case's project self-evaluation forms (项目支出绩效自评表): each with its state, its checks and, once complete, its score. */
export function ProjectFormsCard({ caseId }: { caseId: string }) {
  const { data, error, reload } = useLoad(() => projectFormsApi.caseForms(caseId), [caseId]);
  const screens = Grid.useBreakpoint();
  if (!data && !error) return <Card loading />;
  // A case with neither forms nor an exception to the department-wide report has nothing to show here.
  if (data && data.forms.length === 0 && data.departmentReport) return null;
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>项目支出绩效自评表</h2>} data-testid="project-forms-card">
      <ErrorNotice error={error} onReload={reload} />
      {data && !data.departmentReport && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title="本单位本次只报送项目支出绩效自评表，不报送部门整体支出绩效自评报告；基础数据表和指标评分表不需要填写。" />
      )}
      {data && data.forms.length === 0 && <Typography.Text type="secondary">本次没有需要填写的项目。</Typography.Text>}
      {data && data.forms.length > 0 && !screens.md && (
        <List<CaseFormSummary>
          dataSource={data.forms}
          rowKey="projectId"
          renderItem={(f) => (
            <List.Item data-testid="project-form-item">
              <Space orientation="vertical" size={4}>
                <Link to={`/cases/${caseId}/project-forms/${f.projectId}`}>
                  {f.code} {f.name}
                </Link>
                <Space wrap size={4}>
                  <StatusTag form={f} />
                  <Checks form={f} />
                </Space>
                {f.complete && (
                  <Typography.Text>
                    总分 {f.total}
                    {f.grade ? `，等级 ${f.grade}` : ''}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
      {data && data.forms.length > 0 && screens.md && (
        <Table<CaseFormSummary>
          rowKey="projectId"
          size="small"
          pagination={false}
          dataSource={data.forms}
          columns={[
            { title: '项目编码', dataIndex: 'code', width: 90 },
            { title: '项目名称', key: 'name', render: (_, f) => <Link to={`/cases/${caseId}/project-forms/${f.projectId}`}>{f.name}</Link> },
            { title: '状态', key: 'state', width: 90, render: (_, f) => <StatusTag form={f} /> },
            { title: '检查结果', key: 'checks', width: 180, render: (_, f) => <Checks form={f} /> },
            { title: '总分', key: 'total', width: 80, render: (_, f) => (f.complete ? f.total : '—') },
            { title: '等级', key: 'grade', width: 70, render: (_, f) => (f.complete && f.grade ? f.grade : '—') },
          ]}
        />
      )}
    </Card>
  );
}
