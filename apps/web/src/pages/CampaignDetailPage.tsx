import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Space, Table, Tag, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { api, ApiProblem, call, upload } from '../api/client';
import { codeWords } from '../api/errors';
import { isCode } from '@jixiao/workflow';
import type { CampaignUnitsView, UnitSheetProblem } from '../api/finance-views';
import type { CampaignView } from '../api/views';
import { APPROVAL_MODES, CampaignTermsFields } from '../components/CampaignTermsFields';
import { ErrorNotice, markFields } from '../components/ErrorNotice';
import { ProjectsCard, RulePackCard } from '../components/ProjectSettingsCards';
import { UnitPicker } from '../components/UnitPicker';
import { useLoad } from '../use-load';
import { enterConfirmsDate } from '../components/date-enter';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';


interface TermsForm {
  documentNumber: string;
  title: string;
  fiscalYear: number;
  submissionDeadline: Dayjs;
  publicationDeadline: Dayjs;
  approvalMode: CampaignView['approvalMode'];
  roundingTolerance: string;
  publicSealVerification: boolean;
}

/** The content type a unit list is sent with, by its file name; null for anything else. */
function sheetType(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX;
  if (name.endsWith('.csv')) return 'text/csv';
  return null;
}

/**
 * One notice. A draft's terms can be changed (PATCH, checked as at creation) and its units chosen
 * from the bureau's list or imported from a spreadsheet, with every bad row listed; an issued
 * notice shows its terms and leads to tracking and statistics.
 */
export function CampaignDetailPage() {
  const { campaignId = '' } = useParams();
  const { message } = App.useApp();
  const { data: campaign, error: loadError, loading, reload } = useLoad(() => call<CampaignView>(() => api.GET('/api/campaigns/{id}', { params: { path: { id: campaignId } } })), [campaignId]);
  if (!campaign) return <Card loading={loading}>{loadError ? <ErrorNotice error={loadError} onReload={reload} /> : null}</Card>;
  const draft = campaign.status === 'draft';
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ fontSize: 20, margin: 0, whiteSpace: 'normal' }}>{campaign.documentNumber}</h1>}
        extra={draft ? <Tag>草稿</Tag> : <Tag color="green">已下发</Tag>}
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="标题">{campaign.title}</Descriptions.Item>
          <Descriptions.Item label="评价年度">{campaign.fiscalYear}</Descriptions.Item>
          <Descriptions.Item label="参评单位数">
            <span data-testid="unit-count">{campaign.unitCount}</span>
          </Descriptions.Item>
          <Descriptions.Item label="报送截止">{campaign.submissionDeadline}</Descriptions.Item>
          <Descriptions.Item label="公开截止">{campaign.publicationDeadline}</Descriptions.Item>
          <Descriptions.Item label="审批方式">{APPROVAL_MODES.find((m) => m.value === campaign.approvalMode)?.label}</Descriptions.Item>
          <Descriptions.Item label="公开核验">{campaign.publicSealVerification ? '允许无需登录核验盖章文件' : '不提供公开核验链接'}</Descriptions.Item>
        </Descriptions>
        {!draft && (
          <Space wrap>
            <Link to={`/campaigns/${campaign.id}/tracking`}>报送跟踪</Link>
            <Link to={`/campaigns/${campaign.id}/statistics`}>统计分析</Link>
          </Space>
        )}
      </Card>
      {draft && <TermsCard campaign={campaign} onSaved={() => { message.success('已保存通知的修改。'); reload(); }} />}
      {draft && <UnitsCard campaign={campaign} onSaved={(n) => { message.success(`已设定 ${n} 个参评单位。`); reload(); }} />}
      {draft && <ImportCard campaign={campaign} onSaved={(n) => { message.success(`已从名单导入 ${n} 个参评单位。`); reload(); }} />}
      <RulePackCard campaign={campaign} onSaved={() => { message.success('已更改项目支出绩效自评表的评分规则。'); reload(); }} />
      <ProjectsCard campaign={campaign} />
    </Space>
  );
}

function TermsCard({ campaign, onSaved }: { campaign: CampaignView; onSaved: () => void }) {
  const [form] = Form.useForm<TermsForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const initial: TermsForm = {
    documentNumber: campaign.documentNumber,
    title: campaign.title,
    fiscalYear: campaign.fiscalYear,
    submissionDeadline: dayjs(campaign.submissionDeadline),
    publicationDeadline: dayjs(campaign.publicationDeadline),
    approvalMode: campaign.approvalMode,
    roundingTolerance: campaign.roundingTolerance,
    publicSealVerification: campaign.publicSealVerification,
  };
  useEffect(() => form.resetFields(), [campaign]);

  const save = async (values: TermsForm) => {
    // Only what changed is sent: the API checks the terms as they will be.
    const next = {
      documentNumber: values.documentNumber.trim(),
      title: values.title.trim(),
      fiscalYear: values.fiscalYear,
      submissionDeadline: values.submissionDeadline.format('YYYY-MM-DD'),
      publicationDeadline: values.publicationDeadline.format('YYYY-MM-DD'),
      approvalMode: values.approvalMode,
      roundingTolerance: values.roundingTolerance.trim(),
      publicSealVerification: values.publicSealVerification,
    };
    const body = Object.fromEntries(Object.entries(next).filter(([key, value]) => value !== campaign[key as keyof CampaignView]));
    if (Object.keys(body).length === 0) return;
    setBusy(true);
    setError(null);
    try {
      await call(() => api.PATCH('/api/campaigns/{id}', { params: { path: { id: campaign.id } }, body }));
      onSaved();
    } catch (failure) {
      setError(failure);
      markFields(form, failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>修改草稿</h2>}>
      <ErrorNotice error={error} />
      <Form<TermsForm> form={form} name="terms" layout="vertical" initialValues={initial} onFinish={save} onKeyDown={enterConfirmsDate} style={{ maxWidth: 720 }}>
        <CampaignTermsFields />
        <Form.Item label="尾差容许范围（万元）" name="roundingTolerance" rules={[{ required: true, whitespace: true, message: '请填写尾差容许范围，例如 0.01' }]}>
          <Input inputMode="decimal" style={{ maxWidth: 200 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          保存修改
        </Button>
      </Form>
    </Card>
  );
}

function UnitsCard({ campaign, onSaved }: { campaign: CampaignView; onSaved: (count: number) => void }) {
  const [form] = Form.useForm<{ unitIds: string[] }>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async ({ unitIds }: { unitIds: string[] }) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await call<CampaignUnitsView>(() => api.PUT('/api/campaigns/{id}/units', { params: { path: { id: campaign.id } }, body: { unitIds } }));
      form.resetFields();
      onSaved(answer.unitCount);
    } catch (failure) {
      setError(failure);
      markFields(form, failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>选择参评单位</h2>}>
      <Typography.Paragraph type="secondary">从本局的预算单位名录中选择；保存后替换草稿现有的 {campaign.unitCount} 个参评单位。</Typography.Paragraph>
      <ErrorNotice error={error} />
      <Form form={form} name="units" layout="vertical" onFinish={save} style={{ maxWidth: 720 }}>
        <Form.Item label="参评单位" name="unitIds" rules={[{ required: true, message: '请至少选择一个单位' }]}>
          <UnitPicker />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          保存参评单位
        </Button>
      </Form>
    </Card>
  );
}

function ImportCard({ campaign, onSaved }: { campaign: CampaignView; onSaved: (count: number) => void }) {
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<UnitSheetProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const send = async (file: File) => {
    setError(null);
    setProblems([]);
    const type = sheetType(file);
    if (!type) {
      setError(new ApiProblem(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'not a spreadsheet'));
      return;
    }
    setBusy(true);
    try {
      const answer = await upload<CampaignUnitsView>(`/api/campaigns/${campaign.id}/units/import`, file, type);
      onSaved(answer.unitCount);
    } catch (failure) {
      if (failure instanceof ApiProblem && failure.code === 'CAMPAIGN.IMPORT_INVALID' && Array.isArray(failure.details.problems)) {
        setProblems(failure.details.problems as UnitSheetProblem[]);
      }
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>从名单导入参评单位</h2>}>
      <Typography.Paragraph type="secondary">
        上传 .xlsx 或 .csv（UTF-8）文件：第一行为列名，含“单位代码”（或“统一社会信用代码”）和/或“单位名称”，以下每行一个单位，最大 2 MB。名单有任何问题都不会导入，并逐行列出问题；导入后替换草稿现有的参评单位。
      </Typography.Paragraph>
      <ErrorNotice error={error} />
      <Upload
        accept=".xlsx,.csv"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(file) => {
          void send(file);
          return false;
        }}
      >
        <Button loading={busy}>选择名单文件</Button>
      </Upload>
      {problems.length > 0 && (
        <>
          <Alert type="error" showIcon style={{ marginTop: 16 }} title={`名单中有 ${problems.length} 处问题`} />
          <Table<UnitSheetProblem>
            aria-label="导入问题"
            style={{ marginTop: 8 }}
            size="small"
            rowKey={(p, index) => `${p.row}:${p.field}:${p.code}:${index}`}
            pagination={problems.length > 50 ? { pageSize: 50 } : false}
            dataSource={problems}
            scroll={{ x: true }}
            columns={[
              { title: '行', dataIndex: 'row', width: 70, render: (row: number) => (row === 0 ? '整个文件' : `第 ${row} 行`) },
              { title: '列', dataIndex: 'field', width: 110, render: (field: string | null) => field ?? '—' },
              { title: '问题', key: 'kind', width: 200, render: (_, p) => (isCode(p.code) ? codeWords(p.code) : p.message) },
              { title: '说明', dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </Card>
  );
}
