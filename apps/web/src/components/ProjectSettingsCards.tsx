import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, List, Popconfirm, Select, Space, Switch, Tag, Typography } from 'antd';
import type { RulePack } from '@jixiao/report';
import { projectFormsApi, type CampaignProject, type CampaignProjectUnit, type NewProject } from '../api/project-form-views';
import type { CampaignView } from '../api/views';
import { differences, ruleLines } from '../project-forms/rule-pack-words';
import { useLoad } from '../use-load';
import { ErrorNotice } from './ErrorNotice';

/** The campaign's rule pack as the API resolves it (national when none was chosen). */
function packOf(campaign: CampaignView): RulePack | undefined {
  return campaign.rulePack as unknown as RulePack | undefined;
}

/**
 * Which rules the campaign scores project forms by: a shipped pack chosen by name, with what it
 * changes against the national default shown before it is chosen. Chosen in the draft only.
 */
export function RulePackCard({ campaign, onSaved }: { campaign: CampaignView; onSaved: () => void }) {
  const { data, error: loadError } = useLoad(() => projectFormsApi.rulePacks(), []);
  const current = packOf(campaign);
  const [chosen, setChosen] = useState<string | undefined>(current?.id);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setChosen(current?.id), [current?.id]);
  const draft = campaign.status === 'draft';
  const packs = data?.packs ?? [];
  const national = packs.find((p) => p.id === 'national-2020') ?? packs[0];
  const shown = packs.find((p) => p.id === chosen) ?? current;
  const changed = shown && national && shown.id !== national.id ? differences(shown, national) : [];
  const save = async () => {
    if (!chosen || chosen === current?.id) return;
    setBusy(true);
    setError(null);
    try {
      await projectFormsApi.setRulePack(campaign.id, chosen);
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>项目支出绩效自评表评分规则</h2>} data-testid="rule-pack-card">
      <ErrorNotice error={error ?? loadError} />
      <Space wrap align="end" style={{ marginBottom: 12 }}>
        <Form layout="vertical" component="div">
          <Form.Item label="规则" htmlFor="rule-pack" style={{ marginBottom: 0 }}>
            <Select
              id="rule-pack"
              style={{ width: 320, maxWidth: '100%' }}
              disabled={!draft}
              loading={!data && !loadError}
              value={chosen}
              options={packs.map((p) => ({ value: p.id, label: p.name }))}
              onChange={(id: string) => setChosen(id)}
            />
          </Form.Item>
        </Form>
        {draft && (
          <Button type="primary" loading={busy} disabled={!chosen || chosen === current?.id} onClick={() => void save()}>
            采用此规则
          </Button>
        )}
      </Space>
      {!draft && <Typography.Paragraph type="secondary">通知已下发，评分规则不再更改。</Typography.Paragraph>}
      {shown && national && shown.id !== national.id && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`与${national.name}相比，${shown.name}改变了 ${changed.length} 项：`}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="rule-pack-differences">
              {changed.map((line) => (
                <li key={line.label}>
                  {line.label}：{line.text}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {shown && (
        <Descriptions size="small" bordered column={1} title={shown.id === current?.id ? '现行规则' : '选中的规则（尚未采用）'}>
          {ruleLines(shown).map((line) => (
            <Descriptions.Item key={line.label} label={line.label}>
              {line.text}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Card>
  );
}

/**
 * The key projects each unit fills a project form for, and whether the unit also files the
 * department-wide report. Projects can be added until the unit's case is sealed and removed until
 * their form is first saved: the API answers each refusal.
 */
export function ProjectsCard({ campaign }: { campaign: CampaignView }) {
  const { message } = App.useApp();
  const { data, error: loadError, reload } = useLoad(() => projectFormsApi.campaignProjects(campaign.id), [campaign.id, campaign.unitCount]);
  const [error, setError] = useState<unknown>(null);
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>重点项目与报送内容</h2>} data-testid="projects-card">
      <Typography.Paragraph type="secondary">
        为参评单位列出需要填写项目支出绩效自评表的重点项目（每个单位最多 20 个），并设定该单位是否同时报送部门整体支出绩效自评报告。通知下发后新增的项目会立即出现在单位的评价任务中。
      </Typography.Paragraph>
      <ErrorNotice error={error ?? loadError} onReload={reload} />
      {data && data.units.length === 0 && <Typography.Text type="secondary">请先选择参评单位。</Typography.Text>}
      {data?.units.map((unit) => (
        <UnitProjects
          key={unit.unitId}
          campaignId={campaign.id}
          unit={unit}
          projects={data.projects.filter((p) => p.unitId === unit.unitId)}
          onChanged={(text) => {
            setError(null);
            message.success(text);
            reload();
          }}
          onError={setError}
        />
      ))}
    </Card>
  );
}

function UnitProjects({
  campaignId,
  unit,
  projects,
  onChanged,
  onError,
}: {
  campaignId: string;
  unit: CampaignProjectUnit;
  projects: CampaignProject[];
  onChanged: (text: string) => void;
  onError: (error: unknown) => void;
}) {
  const [form] = Form.useForm<NewProject>();
  const [busy, setBusy] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const run = async (key: string, act: () => Promise<unknown>, done: string) => {
    setBusy(key);
    onError(null);
    try {
      await act();
      onChanged(done);
      return true;
    } catch (failure) {
      onError(failure);
      return false;
    } finally {
      setBusy(null);
    }
  };
  const add = async (values: NewProject) => {
    const body: NewProject = { unitId: unit.unitId, code: values.code.trim(), name: values.name.trim() };
    if (values.competentDepartment?.trim()) body.competentDepartment = values.competentDepartment.trim();
    if (values.implementingUnit?.trim()) body.implementingUnit = values.implementingUnit.trim();
    if (await run('add', () => projectFormsApi.addProject(campaignId, body), `已为${unit.unitName}添加项目“${body.name}”。`)) {
      form.resetFields();
      setAdding(false);
    }
  };
  return (
    <Card
      type="inner"
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="unit-projects"
      title={<span style={{ whiteSpace: 'normal' }}>{unit.unitName}</span>}
    >
      <Space size="small" style={{ marginBottom: 8 }}>
        <Switch
          id={`files-report-${unit.unitId}`}
          checked={unit.filesDepartmentReport}
          loading={busy === 'switch'}
          onChange={(checked) =>
            void run(
              'switch',
              () => projectFormsApi.setFilesDepartmentReport(campaignId, unit.unitId, checked),
              checked ? `${unit.unitName}报送部门整体支出绩效自评报告。` : `${unit.unitName}只报送项目支出绩效自评表。`,
            )
          }
        />
        <label htmlFor={`files-report-${unit.unitId}`}>报送部门整体支出绩效自评报告</label>
      </Space>
      {projects.length > 0 ? (
        <List<CampaignProject>
          size="small"
          rowKey="projectId"
          dataSource={projects}
          renderItem={(p) => (
            <List.Item
              data-testid="campaign-project"
              actions={[
                p.formStarted ? (
                  <Tag key="started">已开始填写</Tag>
                ) : (
                  <Popconfirm key="remove" title={`删除项目“${p.name}”？`} okText="删除" cancelText="取消" onConfirm={() => void run(`remove:${p.projectId}`, () => projectFormsApi.removeProject(campaignId, p.projectId), `已删除项目“${p.name}”。`)}>
                    <Button size="small" danger loading={busy === `remove:${p.projectId}`}>
                      删除
                    </Button>
                  </Popconfirm>
                ),
              ]}
            >
              <List.Item.Meta
                title={
                  <span>
                    {p.code} {p.name}
                  </span>
                }
                description={`主管部门：${p.competentDepartment || '—'}；实施单位：${p.implementingUnit || '—'}`}
              />
            </List.Item>
          )}
        />
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          没有重点项目{unit.filesDepartmentReport ? '，只报送部门整体支出绩效自评报告。' : '。'}
        </Typography.Paragraph>
      )}
      {adding ? (
        <Form<NewProject> form={form} layout="vertical" name={`project-${unit.unitId}`} onFinish={(values) => void add(values)} style={{ marginTop: 12 }}>
          <Space wrap align="start">
            <Form.Item label="项目编码" name="code" rules={[{ required: true, whitespace: true, message: '请填写项目编码' }]}>
              <Input style={{ width: 120 }} />
            </Form.Item>
            <Form.Item label="项目名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写项目名称' }]}>
              <Input style={{ width: 280, maxWidth: '100%' }} />
            </Form.Item>
            <Form.Item label="主管部门" name="competentDepartment">
              <Input style={{ width: 200 }} />
            </Form.Item>
            <Form.Item label="实施单位" name="implementingUnit">
              <Input style={{ width: 200 }} />
            </Form.Item>
          </Space>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy === 'add'}>
              添加
            </Button>
            <Button onClick={() => setAdding(false)}>取消</Button>
          </Space>
        </Form>
      ) : (
        <Button style={{ marginTop: 12 }} onClick={() => setAdding(true)}>
          添加项目
        </Button>
      )}
    </Card>
  );
}
