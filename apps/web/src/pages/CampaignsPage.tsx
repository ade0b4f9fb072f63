import { useState } from 'react';
import { App, Button, Card, Form, Input, Popconfirm, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { api, call } from '../api/client';
import type { CampaignView, Page } from '../api/views';
import { CampaignTermsFields } from '../components/CampaignTermsFields';
import { ErrorNotice, markFields } from '../components/ErrorNotice';
import { nowrap } from '../components/nowrap';
import { UnitPicker } from '../components/UnitPicker';
import { useLoad } from '../use-load';
import { enterConfirmsDate } from '../components/date-enter';

interface CampaignForm {
  documentNumber: string;
  title: string;
  fiscalYear: number;
  submissionDeadline: Dayjs;
  publicationDeadline: Dayjs;
  approvalMode: CampaignView['approvalMode'];
  unitIds: string[];
  roundingTolerance?: string;
  publicSealVerification: boolean;
}


/** The finance officer's notices: create one as a draft, then issue it to its units. */
export function CampaignsPage() {
  const { message } = App.useApp();
  const [form] = Form.useForm<CampaignForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { data, error: loadError, loading, reload } = useLoad(() => call<Page<CampaignView>>(() => api.GET('/api/campaigns')), []);

  const create = async (values: CampaignForm) => {
    setBusy(true);
    setError(null);
    try {
      await call(() =>
        api.POST('/api/campaigns', {
          body: {
            documentNumber: values.documentNumber.trim(),
            title: values.title.trim(),
            fiscalYear: values.fiscalYear,
            submissionDeadline: values.submissionDeadline.format('YYYY-MM-DD'),
            publicationDeadline: values.publicationDeadline.format('YYYY-MM-DD'),
            approvalMode: values.approvalMode,
            unitIds: values.unitIds,
            publicSealVerification: values.publicSealVerification,
            ...(values.roundingTolerance?.trim() ? { roundingTolerance: values.roundingTolerance.trim() } : {}),
          },
        }),
      );
      message.success('通知已保存为草稿，核对后即可下发。');
      form.resetFields();
      reload();
    } catch (failure) {
      setError(failure);
      markFields(form, failure);
    } finally {
      setBusy(false);
    }
  };

  const issue = async (campaign: CampaignView) => {
    setError(null);
    try {
      await call(() => api.POST('/api/campaigns/{id}/issue', { params: { path: { id: campaign.id } } }));
      message.success(`${campaign.documentNumber} 已下发，各单位的评价任务已开启。`);
      reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>通知管理</h1>}>
        <ErrorNotice error={loadError ?? error} onReload={reload} />
        <Table<CampaignView>
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: nowrap('文号'), dataIndex: 'documentNumber', render: (n: string, c) => (c.status === 'issued' ? <Link to={`/cases?campaignId=${c.id}`}>{n}</Link> : n) },
            { title: nowrap('标题'), dataIndex: 'title' },
            { title: nowrap('年度'), dataIndex: 'fiscalYear' },
            { title: nowrap('报送截止'), dataIndex: 'submissionDeadline' },
            { title: nowrap('公开截止'), dataIndex: 'publicationDeadline' },
            { title: nowrap('单位数'), dataIndex: 'unitCount' },
            { title: nowrap('提醒与催办'), key: 'reminders', render: (_, c) => <Link to={`/campaigns/${c.id}/reminders`} aria-label={`${c.documentNumber} 的提醒与催办`}>提醒设置</Link> },
            {
              title: nowrap('管理'),
              key: 'manage',
              render: (_, c) =>
                c.status === 'issued' ? (
                  <Space wrap size={4}>
                    <Link to={`/campaigns/${c.id}/tracking`}>报送跟踪</Link>
                    <Link to={`/campaigns/${c.id}/statistics`}>统计</Link>
                    <Link to={`/campaigns/${c.id}`}>详情</Link>
                  </Space>
                ) : (
                  <Link to={`/campaigns/${c.id}`}>修改草稿、选择或导入单位</Link>
                ),
            },
            {
              title: nowrap('状态'),
              key: 'status',
              render: (_, c) =>
                c.status === 'issued' ? (
                  <Tag color="green">已下发</Tag>
                ) : (
                  <Popconfirm title={`下发 ${c.documentNumber}？`} description="下发后各单位即开始自评，不能撤回。" okText="下发" cancelText="取消" onConfirm={() => issue(c)}>
                    <Button type="primary" size="small">
                      下发
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>新建通知</h2>}>
        <Form<CampaignForm> form={form} layout="vertical" onFinish={create} onKeyDown={enterConfirmsDate} initialValues={{ approvalMode: 'single', fiscalYear: new Date().getFullYear() - 1, publicSealVerification: true }} style={{ maxWidth: 720 }}>
          <CampaignTermsFields />
          <Form.Item label="尾差容许范围（万元）" name="roundingTolerance" extra="合计与分项之差在此范围内时提示填报人员确认，超出则为错误；不填为 0.01 万元。">
            <Input inputMode="decimal" placeholder="0.01" style={{ maxWidth: 200 }} />
          </Form.Item>
          <Form.Item label="参评单位" name="unitIds" extra="从本局的预算单位名录中选择；保存草稿后也可以在草稿页从 Excel 名单导入。" rules={[{ required: true, message: '请至少选择一个参评单位' }]}>
            <UnitPicker />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            保存草稿
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
