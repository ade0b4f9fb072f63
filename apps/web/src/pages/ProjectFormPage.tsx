import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, App, AutoComplete, Button, Card, Col, Descriptions, Form, Grid, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { IndicatorRowInput, Problem, ProjectFormInput, ProjectFormResult, RulePack } from '@jixiao/report';
import { Link, useParams } from 'react-router-dom';
import { actionOf, isShown } from '../actions';
import { api, call } from '../api/client';
import { projectFormsApi } from '../api/project-form-views';
import type { CaseDetail } from '../api/views';
import { ActionReasons } from '../components/ActionReasons';
import { ErrorNotice } from '../components/ErrorNotice';
import { ProblemList, fieldStatus, isUnfilled } from '../components/ProblemList';
import { shanghaiTime } from '../labels';
import { FUNDING_ROWS, INDICATOR_PARTS, LEVEL2_SUGGESTIONS, NATURES, firstDraft, inputToSend, valueAt, withValue } from '../project-forms/form-input';
import { liveCheck } from '../project-forms/live-checks';
import { formStatus } from '../project-forms/status';
import { useLoad } from '../use-load';

const fieldId = (path: string) => `form-${path.replace(/\./g, '-')}`;

const HEADER_FIELDS = [
  { path: 'header.projectName', label: '项目名称' },
  { path: 'header.competentDepartment', label: '主管部门' },
  { path: 'header.implementingUnit', label: '实施单位' },
  { path: 'header.projectLeader', label: '项目负责人' },
  { path: 'header.phone', label: '联系电话' },
];

/** The indicator fields of one row, with the rule pack's optional columns left out where it does not print them. */
function indicatorFields(pack: RulePack): Array<{ key: keyof IndicatorRowInput; label: string; span: { lg: number }; kind?: 'level1' | 'level2' | 'nature' | 'long' | 'number' }> {
  return [
    { key: 'level1', label: '一级指标', span: { lg: 4 }, kind: 'level1' },
    { key: 'level2', label: '二级指标', span: { lg: 4 }, kind: 'level2' },
    { key: 'level3', label: '三级指标', span: { lg: pack.indicatorColumns.nature && pack.indicatorColumns.unit ? 8 : pack.indicatorColumns.nature || pack.indicatorColumns.unit ? 12 : 16 } },
    ...(pack.indicatorColumns.nature ? [{ key: 'nature' as const, label: '指标性质', span: { lg: 4 }, kind: 'nature' as const }] : []),
    ...(pack.indicatorColumns.unit ? [{ key: 'unit' as const, label: '度量单位', span: { lg: 4 } }] : []),
    { key: 'target', label: '年度指标值', span: { lg: 5 } },
    { key: 'actual', label: '实际完成值', span: { lg: 5 } },
    { key: 'points', label: '分值', span: { lg: 3 }, kind: 'number' },
    { key: 'score', label: '得分', span: { lg: 3 }, kind: 'number' },
    { key: 'deviationReason', label: '偏差原因分析及改进措施', span: { lg: 8 }, kind: 'long' },
  ];
}

/**
 * One project self-evaluation form (项目支出绩效自评表) in the layout of the national template, with
 * the campaign's rule pack: the compiler types, every check answers at the field as they type, and
 * what is derived (执行率, 执行得分, 总分, 等级) is shown, never typed.
 */
export function ProjectFormPage() {
  const { caseId = '', projectId = '' } = useParams();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [draft, setDraft] = useState<ProjectFormInput | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [returnReason, setReturnReason] = useState('');
  const { data, error: loadError, reload } = useLoad(async () => {
    const [view, detail] = await Promise.all([
      projectFormsApi.form(caseId, projectId),
      call<CaseDetail>(() => api.GET('/api/cases/{id}', { params: { path: { id: caseId } } })),
    ]);
    return { view, detail };
  }, [caseId, projectId]);
  useEffect(() => {
    if (data) setDraft(data.view.input ?? firstDraft(data.view.project));
  }, [data]);

  const live = useMemo(() => (draft && data ? liveCheck(inputToSend(draft), data.view.rulePack) : null), [draft, data]);

  if (!data || !draft || !live) return <Card loading={!loadError}>{loadError ? <ErrorNotice error={loadError} onReload={reload} /> : null}</Card>;
  const { view, detail } = data;
  const pack = view.rulePack;
  const names = new Map(detail.group.map((m) => [m.userId, m.displayName]));
  const edit = actionOf(view.actions, 'EDIT');
  const approve = actionOf(view.actions, 'APPROVE');
  const giveBack = actionOf(view.actions, 'RETURN');
  const editable = edit?.available === true;
  // Read-only fields look it: filled, without the outline that invites typing.
  const look = editable ? ('outlined' as const) : ('filled' as const);
  const dirty = JSON.stringify(inputToSend(draft)) !== JSON.stringify(inputToSend(view.input ?? firstDraft(view.project)));
  // The result of what is typed; while the input cannot be read at all, the saved one.
  const result: ProjectFormResult = live.result ?? view.result;
  const problems = live.problems;
  const at = (path: string) => problems.filter((p) => p.path === path);
  const set = (path: string, value: string) => setDraft(withValue(draft, path, value));
  const rows = draft.indicators ?? [];
  const setRows = (next: IndicatorRowInput[]) => setDraft({ ...draft, indicators: next });
  const fields = indicatorFields(pack);
  const shownPaths = new Set([
    ...HEADER_FIELDS.map((f) => f.path),
    ...FUNDING_ROWS.flatMap((r) => ['initialBudget', 'budget', 'spent'].map((c) => `funding.${r.key}.${c}`)),
    'funding.reason',
    'goals.expected',
    'goals.actual',
    ...rows.flatMap((_, index) => fields.map((f) => `indicators.${index}.${f.key}`)),
  ]);
  const reasonShown = pack.fundingReasonColumn || at('funding.reason').length > 0 || valueAt(draft, 'funding.reason') !== '';
  const elsewhere = problems.filter((p) => !shownPaths.has(p.path) || (p.path === 'funding.reason' && !reasonShown));
  // What is only blank is progress (待填写), not a mistake: counted apart.
  const unfilled = problems.filter((p) => p.severity === 'error' && isUnfilled(p)).length;
  const errors = problems.filter((p) => p.severity === 'error').length - unfilled;
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  const status = formStatus(view);

  const save = async () => {
    setBusy('save');
    setError(null);
    try {
      await projectFormsApi.save(caseId, projectId, inputToSend(draft), view.revision);
      message.success('自评表已保存。');
      reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };
  const decide = async (kind: 'approve' | 'return') => {
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'approve') await projectFormsApi.approve(caseId, projectId);
      else await projectFormsApi.giveBack(caseId, projectId, returnReason.trim());
      message.success(kind === 'approve' ? '已审核通过这张自评表。' : '已退回这张自评表。');
      setReturnReason('');
      reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  /** One text field with its label and what the checks say about it, red only for what is wrong. */
  const field = (path: string, label: string, control?: ReactNode) => {
    const here = at(path);
    return (
      <Form.Item label={label} htmlFor={fieldId(path)} validateStatus={fieldStatus(here)} help={here.length > 0 ? <ProblemList problems={here} live /> : undefined} style={{ marginBottom: 12 }}>
        {control ?? <Input id={fieldId(path)} value={valueAt(draft, path)} readOnly={!editable} variant={look} onChange={(e) => set(path, e.target.value)} />}
      </Form.Item>
    );
  };
  const amount = (path: string, label: string) => {
    const here = at(path);
    return (
      <>
        <Input
          id={fieldId(path)}
          aria-label={label}
          inputMode="decimal"
          value={valueAt(draft, path)}
          readOnly={!editable} variant={look}
          status={fieldStatus(here)}
          onChange={(e) => set(path, e.target.value)}
        />
        <ProblemList problems={here} live />
      </>
    );
  };

  const rate = result.executionRatePercent === null ? '—' : `${trimRate(result.executionRatePercent)}%`;
  const executionScore = result.executionScore ?? '—';
  type FundingLine = (typeof FUNDING_ROWS)[number];
  const fundingColumns = [
    { title: '资金来源', key: 'label', width: 150, render: (_: unknown, row: FundingLine) => <span style={{ fontWeight: row.key === 'total' ? 600 : undefined }}>{row.label}</span> },
    { title: '年初预算数', key: 'initialBudget', render: (_: unknown, row: FundingLine) => amount(`funding.${row.key}.initialBudget`, `${row.label}：年初预算数`) },
    { title: `${pack.columns.budget}（A）`, key: 'budget', render: (_: unknown, row: FundingLine) => amount(`funding.${row.key}.budget`, `${row.label}：${pack.columns.budget}`) },
    { title: `${pack.columns.spent}（B）`, key: 'spent', render: (_: unknown, row: FundingLine) => amount(`funding.${row.key}.spent`, `${row.label}：${pack.columns.spent}`) },
    { title: '分值', key: 'points', width: 70, render: (_: unknown, row: FundingLine) => (row.key === 'total' ? pack.weights.execution : '—') },
    { title: '执行率（B/A）', key: 'rate', width: 130, render: (_: unknown, row: FundingLine) => (row.key === 'total' ? <span data-testid="derived-rate">{rate}</span> : '—') },
    { title: '得分', key: 'score', width: 80, render: (_: unknown, row: FundingLine) => (row.key === 'total' ? <span data-testid="derived-execution-score">{executionScore}</span> : '—') },
    ...(pack.fundingReasonColumn
      ? [
          {
            title: '原因说明',
            key: 'reason',
            width: 240,
            render: (_: unknown, row: FundingLine) =>
              row.key === 'total' ? (
                <>
                  <Input.TextArea id={fieldId('funding.reason')} aria-label="原因说明" autoSize={{ minRows: 1, maxRows: 4 }} value={valueAt(draft, 'funding.reason')} readOnly={!editable} variant={look} status={fieldStatus(at('funding.reason'))} onChange={(e) => set('funding.reason', e.target.value)} />
                  <ProblemList problems={at('funding.reason')} live />
                </>
              ) : null,
          },
        ]
      : []),
  ];

  const move = (index: number, by: -1 | 1) => {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(index + by, 0, row!);
    setRows(next);
  };
  const indicatorControl = (index: number, f: (typeof fields)[number]) => {
    const path = `indicators.${index}.${f.key}`;
    const label = `第 ${index + 1} 行${f.label}`;
    const value = valueAt(draft, path);
    const common = { id: fieldId(path), 'aria-label': label, disabled: undefined as boolean | undefined };
    if (f.kind === 'level1')
      return <Select {...common} disabled={!editable} value={value || undefined} placeholder="请选择" options={INDICATOR_PARTS.map((p) => ({ value: p, label: p }))} onChange={(v: string) => set(path, v)} />;
    if (f.kind === 'level2')
      return (
        <AutoComplete
          {...common}
          disabled={!editable}
          value={value}
          options={(LEVEL2_SUGGESTIONS[valueAt(draft, `indicators.${index}.level1`)] ?? Object.values(LEVEL2_SUGGESTIONS).flat()).map((v) => ({ value: v }))}
          onChange={(v: string) => set(path, v)}
        />
      );
    if (f.kind === 'nature')
      return <Select {...common} disabled={!editable} allowClear value={value || undefined} placeholder="请选择" options={NATURES.map((n) => ({ value: n, label: n }))} onChange={(v?: string) => set(path, v ?? '')} />;
    if (f.kind === 'long') return <Input.TextArea {...common} autoSize={{ minRows: 1, maxRows: 6 }} readOnly={!editable} variant={look} value={value} onChange={(e) => set(path, e.target.value)} />;
    return <Input {...common} inputMode={f.kind === 'number' ? 'decimal' : undefined} readOnly={!editable} variant={look} value={value} onChange={(e) => set(path, e.target.value)} />;
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ fontSize: 20, margin: 0, whiteSpace: 'normal' }}>项目支出绩效自评表</h1>}
        extra={<Tag color={status.color} data-testid="form-status">{status.text}</Tag>}
      >
        <Typography.Paragraph>
          <Link to={`/cases/${caseId}`}>← 返回 {detail.unitName} 的评价任务</Link>
        </Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="项目">
            {view.project.code} {view.project.name}
          </Descriptions.Item>
          <Descriptions.Item label="评分规则">{pack.name}</Descriptions.Item>
          <Descriptions.Item label="保存">{view.revision === 0 ? '尚未保存' : `第 ${view.revision} 次保存${view.updatedAt ? `，${shanghaiTime(view.updatedAt)}` : ''}${view.updatedBy ? `，${names.get(view.updatedBy) ?? '小组成员'}` : ''}`}</Descriptions.Item>
          {view.approval && <Descriptions.Item label="审核">{names.get(view.approval.userId) ?? '审核人'}于 {shanghaiTime(view.approval.at)} 审核通过</Descriptions.Item>}
        </Descriptions>
        {view.returned && !view.approval && (
          <Alert type="warning" showIcon style={{ marginTop: 12 }} title={`${names.get(view.returned.userId) ?? '审核人'}于 ${shanghaiTime(view.returned.at)} 退回了这张自评表`} description={`退回理由：${view.returned.reason}`} />
        )}
        {!editable && isShown(edit) && <ActionReasons action={edit} />}
      </Card>

      <Card>
        <ErrorNotice error={error} onReload={() => { setError(null); reload(); }} />
        <Alert
          data-testid="form-check-summary"
          type={errors > 0 ? 'error' : warnings > 0 ? 'warning' : unfilled > 0 ? 'info' : 'success'}
          showIcon
          style={{ marginBottom: 16 }}
          title={
            errors + warnings + unfilled === 0
              ? '按当前填写的内容核对，没有发现问题。'
              : `按当前填写的内容核对：${[errors > 0 ? `${errors} 个错误` : null, warnings > 0 ? `${warnings} 个警告` : null, unfilled > 0 ? `${unfilled} 项待填写` : null].filter(Boolean).join('，')}。`
          }
          description={[errors + warnings + unfilled > 0 ? '每个问题显示在它所在的栏目旁边。' : null, dirty ? '页面上有尚未保存的修改。' : null].filter(Boolean).join('') || undefined}
        />
        <Form layout="vertical" component="div">
          <fieldset style={{ border: 'none', padding: 0, margin: 0, minWidth: 0 }}>
            <legend style={{ fontSize: 16, fontWeight: 600 }}>项目基本情况</legend>
            <Row gutter={16}>
              {HEADER_FIELDS.map((f) => (
                <Col key={f.path} xs={24} md={12} lg={f.path === 'header.projectName' ? 12 : 6}>
                  {field(f.path, f.label)}
                </Col>
              ))}
            </Row>
          </fieldset>

          <fieldset style={{ border: 'none', padding: 0, margin: '8px 0', minWidth: 0 }}>
            <legend style={{ fontSize: 16, fontWeight: 600 }}>项目资金（万元）</legend>
            {screens.md ? (
              <Table<FundingLine> size="small" bordered pagination={false} rowKey="key" scroll={{ x: true }} dataSource={[...FUNDING_ROWS]} columns={fundingColumns} />
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {FUNDING_ROWS.map((row) => (
                  <Card key={row.key} size="small" type="inner" title={row.label}>
                    {(['initialBudget', 'budget', 'spent'] as const).map((column) => {
                      const label = column === 'initialBudget' ? '年初预算数' : column === 'budget' ? `${pack.columns.budget}（A）` : `${pack.columns.spent}（B）`;
                      return (
                        <div key={column} style={{ marginBottom: 8 }}>
                          <label htmlFor={fieldId(`funding.${row.key}.${column}`)}>{label}</label>
                          {amount(`funding.${row.key}.${column}`, `${row.label}：${label}`)}
                        </div>
                      );
                    })}
                    {row.key === 'total' && (
                      <Descriptions size="small" column={1}>
                        <Descriptions.Item label="分值">{pack.weights.execution}</Descriptions.Item>
                        <Descriptions.Item label="执行率（B/A）">
                          <span data-testid="derived-rate">{rate}</span>
                        </Descriptions.Item>
                        <Descriptions.Item label="得分">
                          <span data-testid="derived-execution-score">{executionScore}</span>
                        </Descriptions.Item>
                      </Descriptions>
                    )}
                  </Card>
                ))}
              </Space>
            )}
            {!screens.md && pack.fundingReasonColumn && field('funding.reason', '原因说明', <Input.TextArea id={fieldId('funding.reason')} autoSize={{ minRows: 2 }} readOnly={!editable} variant={look} value={valueAt(draft, 'funding.reason')} onChange={(e) => set('funding.reason', e.target.value)} />)}
            {!pack.fundingReasonColumn && reasonShown && (
              <div style={{ marginTop: 12 }}>
                {field('funding.reason', '执行情况说明（执行率偏低的原因和改进措施）', <Input.TextArea id={fieldId('funding.reason')} autoSize={{ minRows: 2 }} readOnly={!editable} variant={look} value={valueAt(draft, 'funding.reason')} onChange={(e) => set('funding.reason', e.target.value)} />)}
              </div>
            )}
          </fieldset>

          <fieldset style={{ border: 'none', padding: 0, margin: '8px 0', minWidth: 0 }}>
            <legend style={{ fontSize: 16, fontWeight: 600 }}>年度总体目标</legend>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                {field('goals.expected', '预期目标', <Input.TextArea id={fieldId('goals.expected')} autoSize={{ minRows: 3 }} readOnly={!editable} variant={look} value={valueAt(draft, 'goals.expected')} onChange={(e) => set('goals.expected', e.target.value)} />)}
              </Col>
              <Col xs={24} md={12}>
                {field('goals.actual', '实际完成情况', <Input.TextArea id={fieldId('goals.actual')} autoSize={{ minRows: 3 }} readOnly={!editable} variant={look} value={valueAt(draft, 'goals.actual')} onChange={(e) => set('goals.actual', e.target.value)} />)}
              </Col>
            </Row>
          </fieldset>

          <fieldset style={{ border: 'none', padding: 0, margin: '8px 0', minWidth: 0 }}>
            <legend style={{ fontSize: 16, fontWeight: 600 }}>绩效指标</legend>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              分值：产出指标 {pack.weights.output}、效益指标 {pack.weights.effect}、满意度指标 {pack.weights.satisfaction}，预算执行率 {pack.weights.execution}。定量指标按年度指标值与实际完成值计分；实际完成值偏离指标值超过 {percent(pack.deviationThreshold)} 时须填写偏差原因分析及改进措施。
            </Typography.Paragraph>
            {rows.map((_, index) => (
              <div key={index} data-testid="indicator-row" style={{ border: '1px solid #d9d9d9', borderRadius: 8, padding: '8px 12px 0', marginBottom: 12 }}>
                <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 4 }} wrap>
                  <Typography.Text strong>第 {index + 1} 行</Typography.Text>
                  {editable && (
                    <Space size="small" wrap>
                      <Button size="small" disabled={index === 0} onClick={() => move(index, -1)}>上移</Button>
                      <Button size="small" disabled={index === rows.length - 1} onClick={() => move(index, 1)}>下移</Button>
                      <Button size="small" danger onClick={() => setRows(rows.filter((__, i) => i !== index))}>删除</Button>
                    </Space>
                  )}
                </Space>
                <Row gutter={12}>
                  {fields.map((f) => {
                    const path = `indicators.${index}.${f.key}`;
                    const here = at(path);
                    return (
                      <Col key={f.key} xs={24} sm={f.kind === 'long' ? 24 : 12} lg={f.span.lg}>
                        <Form.Item label={f.label} htmlFor={fieldId(path)} validateStatus={fieldStatus(here)} help={here.length > 0 && !screens.lg ? <ProblemList problems={here} live /> : undefined} style={{ marginBottom: 8 }}>
                          {indicatorControl(index, f)}
                        </Form.Item>
                      </Col>
                    );
                  })}
                </Row>
                {/* At desktop width the row's columns are narrow: what the checks say goes under the whole row, each with its column's name. */}
                {screens.lg && <RowProblems problems={fields.flatMap((f) => at(`indicators.${index}.${f.key}`).map((p) => ({ ...p, message: `${f.label}：${p.message}` })))} />}
              </div>
            ))}
            {editable && <Button onClick={() => setRows([...rows, {}])}>添加指标</Button>}
          </fieldset>
        </Form>

        <Card type="inner" size="small" title="得分（自动计算）" style={{ marginTop: 16 }} data-testid="form-result">
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
            {result.parts.map((p) => (
              <Descriptions.Item key={p.part} label={p.part}>
                {p.score} / {p.points}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label="预算执行率">
              {executionScore} / {pack.weights.execution}
            </Descriptions.Item>
            <Descriptions.Item label="总分">
              <span data-testid="derived-total">{result.complete ? result.total : `${result.total}（尚未填完）`}</span>
              {result.cap !== null && <Typography.Text type="secondary">（执行率偏低，总分不超过 {result.cap}）</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label="等级">
              <span data-testid="derived-grade">{result.grade ?? '待所有得分填完后确定'}</span>
            </Descriptions.Item>
          </Descriptions>
        </Card>

        {elsewhere.length > 0 && (
          <Card type="inner" size="small" title="其他检查结果" style={{ marginTop: 12 }}>
            <ProblemList problems={elsewhere} live />
          </Card>
        )}
        {editable && (
          <Button type="primary" style={{ marginTop: 16 }} loading={busy === 'save'} onClick={() => void save()}>
            保存自评表
          </Button>
        )}
      </Card>

      {(isShown(approve) || isShown(giveBack)) && (
        <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>审核</h2>}>
          {dirty && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="审核针对已保存的内容；本页未保存的修改不在审核范围内。" />}
          {isShown(approve) && (
            <div style={{ marginBottom: 16 }}>
              <Button type="primary" disabled={!approve.available} loading={busy === 'approve'} onClick={() => void decide('approve')}>
                审核通过
              </Button>
              {!approve.available && <ActionReasons action={approve} />}
            </div>
          )}
          {isShown(giveBack) && (
            <Space orientation="vertical" style={{ width: '100%', maxWidth: 640 }}>
              <label htmlFor="form-return-reason">退回理由</label>
              <Input.TextArea id="form-return-reason" autoSize={{ minRows: 2 }} value={returnReason} onChange={(e) => setReturnReason(e.target.value)} placeholder="写明需要修改的地方" />
              <Button danger disabled={!giveBack.available || returnReason.trim() === ''} loading={busy === 'return'} onClick={() => void decide('return')}>
                退回修改
              </Button>
              {!giveBack.available && <ActionReasons action={giveBack} />}
            </Space>
          )}
        </Card>
      )}
    </Space>
  );
}

function RowProblems({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <div data-testid="indicator-row-problems" style={{ marginBottom: 8 }}>
      <ProblemList problems={problems} live />
    </div>
  );
}

/** The exact rate as the form prints it: two decimals at most, without trailing zeros (86.5000 → 86.5). */
function trimRate(percent: string): string {
  return String(Number(Number(percent).toFixed(2)));
}

function percent(fraction: string): string {
  return `${trimRate(String(Number(fraction) * 100))}%`;
}
