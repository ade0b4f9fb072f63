import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Table, Typography } from 'antd';
import {
  INCOME_COMPONENTS,
  INCOME_COMPONENT_LABELS,
  STAFFING_COUNTS,
  STAFFING_LABELS,
  checkDataTable,
  parseDataTable,
  problemKey,
  type DataTableInput,
  type Problem,
  type StaffingCount,
} from '@jixiao/report';
import { Link, useParams } from 'react-router-dom';
import { actionOf } from '../actions';
import { api, call } from '../api/client';
import type { CampaignView, CaseDetail, DataTableView, ReportProblem } from '../api/views';
import { ErrorNotice } from '../components/ErrorNotice';
import { ProblemList, fieldStatus } from '../components/ProblemList';
import { ProblemSummary, SectionProblems, WarningAcknowledgement, sectionOf } from '../components/TableProblems';
import { useLoad } from '../use-load';

/** Every amount of the table: its path in the input and its printed label. */
const AMOUNTS: Array<{ group: string; fields: Array<{ path: string; label: string }> }> = [
  {
    group: '收入',
    fields: [{ path: 'income.total', label: '收入合计' }, ...INCOME_COMPONENTS.map((c) => ({ path: `income.components.${c}`, label: INCOME_COMPONENT_LABELS[c] }))],
  },
  {
    group: '支出',
    fields: [
      { path: 'expenditure.total', label: '支出合计' },
      { path: 'expenditure.basicAndProject.basic', label: '基本支出' },
      { path: 'expenditure.basicAndProject.project', label: '项目支出' },
      { path: 'expenditure.staffRunningProject.staff', label: '人员经费' },
      { path: 'expenditure.staffRunningProject.running', label: '公用经费' },
      { path: 'expenditure.staffRunningProject.project', label: '项目支出（按经济分类）' },
    ],
  },
  {
    group: '结转结余与预算执行',
    fields: [
      { path: 'balance.carriedIn', label: '年初结转结余' },
      { path: 'balance.carriedOut', label: '年末结转结余' },
      { path: 'execution.adjustedBudget', label: '调整预算数' },
      { path: 'execution.spent', label: '实际支出' },
      { path: 'execution.printedRate', label: '预算执行率（%）' },
    ],
  },
];

type StaffingRowInput = { organ: string } & Partial<Record<StaffingCount, number | null>>;
interface Figures {
  unit: '万元' | '元';
  values: Record<string, string>;
  staffing: StaffingRowInput[];
}

function read(input: unknown, path: string): string {
  let value: unknown = input;
  for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (value && typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return value === undefined || value === null ? '' : String(value);
}

function figuresOf(input: unknown): Figures {
  const raw = (input ?? {}) as DataTableInput;
  const values: Record<string, string> = {};
  for (const group of AMOUNTS) for (const field of group.fields) values[field.path] = read(raw, field.path);
  const staffing = (raw.staffing ?? []).map((row) => {
    const out: StaffingRowInput = { organ: row.organ };
    for (const count of STAFFING_COUNTS) out[count] = row[count] === undefined ? null : Number(row[count]);
    return out;
  });
  return { unit: raw.unit ?? '万元', values, staffing };
}

/** The input as the API takes it: blanks left out, amounts as typed (exact decimals as text). */
function inputOf(figures: Figures): DataTableInput {
  const input: Record<string, unknown> = { unit: figures.unit };
  for (const [path, value] of Object.entries(figures.values)) {
    if (value.trim() === '') continue;
    const keys = path.split('.');
    let at = input;
    for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[keys.at(-1)!] = value.trim();
  }
  input.staffing = figures.staffing.map((row) => {
    const out: Record<string, unknown> = { organ: row.organ };
    for (const count of STAFFING_COUNTS) if (row[count] !== null && row[count] !== undefined) out[count] = row[count];
    return out;
  });
  return input as DataTableInput;
}

const fieldId = (path: string) => `figure-${path.replace(/\./g, '-')}`;

/** The basic data table (基础数据表): the compiler types the figures and sees each problem next to its figure as they type. */
export function DataTablePage() {
  const { caseId = '' } = useParams();
  const { message } = App.useApp();
  const [figures, setFigures] = useState<Figures | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [comments, setComments] = useState<Record<string, string>>({});
  const { data, error: loadError, reload } = useLoad(async () => {
    const detail = await call<CaseDetail>(() => api.GET('/api/cases/{id}', { params: { path: { id: caseId } } }));
    const [table, campaign] = await Promise.all([
      call<DataTableView>(() => api.GET('/api/cases/{id}/data-table', { params: { path: { id: caseId } } })),
      call<CampaignView>(() => api.GET('/api/campaigns/{id}', { params: { path: { id: detail.campaignId } } })),
    ]);
    return { detail, table, campaign };
  }, [caseId]);
  useEffect(() => {
    if (data) setFigures(figuresOf(data.table.input));
  }, [data]);

  // The same parse and checks the API runs, with the campaign's rounding tolerance.
  const live: Problem[] = useMemo(() => {
    if (!figures || !data) return [];
    const parsed = parseDataTable(inputOf(figures));
    if (!parsed.ok) return parsed.errors.map((e) => ({ severity: 'error' as const, code: e.code, message: e.message, path: e.path }));
    return checkDataTable(parsed.table, { roundingTolerance: data.campaign.roundingTolerance });
  }, [figures, data]);

  if (!data || !figures) return <Card loading={!loadError}>{loadError ? <ErrorNotice error={loadError} onReload={reload} /> : null}</Card>;
  // Editable exactly when the table's view says the caller may edit it now (the rulebook's answer).
  const editable = actionOf(data.table.actions, 'EDIT')?.available === true;
  const at = (path: string) => live.filter((p) => p.path === path);
  const saved = data.table.problems;
  const dirty = JSON.stringify(inputOf(figures)) !== JSON.stringify(inputOf(figuresOf(data.table.input)));
  const fields = new Set([
    ...AMOUNTS.flatMap((g) => g.fields.map((f) => f.path)),
    ...figures.staffing.flatMap((_, index) => ['organ', ...STAFFING_COUNTS].map((key) => `staffing.${index}.${key}`)),
  ]);
  const liveKeys = new Set(live.map(problemKey));
  // Figures quoted in the sections are checked by the API against what is saved: listed with links to the sections.
  const inSections = saved.filter((p) => sectionOf(p.path) !== null);
  // Problems without a field of their own, found live or (like a table never saved) by the API only.
  const elsewhere = [
    ...live.filter((p) => !fields.has(p.path)),
    ...(dirty ? [] : saved.filter((p) => !fields.has(p.path) && sectionOf(p.path) === null && !liveKeys.has(p.key))),
  ];
  const setValue = (path: string, value: string) => setFigures({ ...figures, values: { ...figures.values, [path]: value } });
  const setRow = (index: number, change: Partial<StaffingRowInput>) => setFigures({ ...figures, staffing: figures.staffing.map((row, i) => (i === index ? { ...row, ...change } : row)) });

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(() => api.PUT('/api/cases/{id}/data-table', { params: { path: { id: caseId } }, body: { input: { ...inputOf(figures) }, expectedRevision: data.table.revision } }));
      message.success('基础数据表已保存。');
      reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const acknowledge = async (problem: ReportProblem) => {
    setError(null);
    try {
      await call(() => api.POST('/api/cases/{id}/acknowledgements', { params: { path: { id: caseId } }, body: { problemKey: problem.key ?? '', comment: comments[problem.key ?? ''] ?? '' } }));
      message.success('已确认此警告。');
      reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const savedByKey = new Map(saved.map((p) => [p.key, p]));
  /** Under a warning that is also in the saved table: its acknowledgement, or the control to give one. */
  const acknowledgement = (label: string) => (problem: Problem) => {
    const warning = problem.severity === 'warning' ? savedByKey.get(problemKey(problem)) : undefined;
    if (!warning) return problem.severity === 'warning' && editable ? <Typography.Text type="secondary">保存后可确认此警告</Typography.Text> : null;
    return (
      <WarningAcknowledgement
        warning={warning}
        label={label}
        editable={editable}
        dirty={dirty}
        comment={comments[warning.key] ?? ''}
        onComment={(comment) => setComments({ ...comments, [warning.key]: comment })}
        onAcknowledge={() => void acknowledge(warning)}
      />
    );
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>基础数据表</h1>} extra={<Typography.Text type="secondary">第 {data.table.revision} 次保存</Typography.Text>}>
        <Typography.Paragraph>
          <Link to={`/cases/${caseId}`}>← 返回 {data.detail.unitName} 的评价任务</Link>
        </Typography.Paragraph>
        <ErrorNotice error={error} onReload={() => { setError(null); reload(); }} />
        <ProblemSummary problems={saved} dirty={dirty} table="基础数据表" elsewhere={inSections.length > 0 ? '与章节正文不一致的数字列在下面，附有打开该章节的链接' : undefined} />
        <SectionProblems caseId={caseId} problems={inSections} sections={data.detail.sections} />
        <Form layout="vertical" component="div">
          <Form.Item label="金额单位" htmlFor="figure-unit" style={{ maxWidth: 200 }}>
            <Select id="figure-unit" value={figures.unit} disabled={!editable} options={[{ value: '万元', label: '万元' }, { value: '元', label: '元' }]} onChange={(unit: '万元' | '元') => setFigures({ ...figures, unit })} />
          </Form.Item>
          {AMOUNTS.map((group) => (
            <fieldset key={group.group} style={{ border: 'none', padding: 0, margin: '0 0 8px', minWidth: 0 }}>
              <legend style={{ fontSize: 16, fontWeight: 600 }}>{group.group}</legend>
              <Row gutter={16}>
                {group.fields.map((field) => {
                  const problems = at(field.path);
                  return (
                    <Col key={field.path} xs={24} sm={12} lg={8}>
                      <Form.Item
                        label={field.label}
                        htmlFor={fieldId(field.path)}
                        validateStatus={fieldStatus(problems)}
                        help={problems.length > 0 ? <ProblemList problems={problems} live after={acknowledgement(field.label)} /> : undefined}
                      >
                        <Input
                          id={fieldId(field.path)}
                          inputMode="decimal"
                          value={figures.values[field.path]}
                          readOnly={!editable}
                          suffix={field.path.endsWith('printedRate') ? '%' : figures.unit}
                          onChange={(event) => setValue(field.path, event.target.value)}
                        />
                      </Form.Item>
                    </Col>
                  );
                })}
              </Row>
            </fieldset>
          ))}
          {/* A fieldset is as wide as its content unless told otherwise: the staffing table then scrolls inside it at phone width. */}
          <fieldset style={{ border: 'none', padding: 0, minWidth: 0 }}>
            <legend style={{ fontSize: 16, fontWeight: 600 }}>人员情况</legend>
            <Table<StaffingRowInput & { index: number }>
              size="small"
              pagination={false}
              scroll={{ x: true }}
              rowKey="index"
              dataSource={figures.staffing.map((row, index) => ({ ...row, index }))}
              columns={[
                {
                  title: '机构',
                  key: 'organ',
                  render: (_, row) => (
                    <>
                      <Input aria-label={`第 ${row.index + 1} 行机构名称`} value={row.organ} readOnly={!editable} onChange={(e) => setRow(row.index, { organ: e.target.value })} />
                      <ProblemList problems={at(`staffing.${row.index}.organ`)} live />
                    </>
                  ),
                },
                ...STAFFING_COUNTS.map((count) => ({
                  title: STAFFING_LABELS[count],
                  key: count,
                  render: (_: unknown, row: StaffingRowInput & { index: number }) => (
                    <>
                      <InputNumber
                        aria-label={`第 ${row.index + 1} 行${STAFFING_LABELS[count]}`}
                        min={0}
                        precision={0}
                        value={row[count] ?? null}
                        readOnly={!editable}
                        onChange={(value) => setRow(row.index, { [count]: value })}
                      />
                      <ProblemList problems={at(`staffing.${row.index}.${count}`)} live after={acknowledgement(`第 ${row.index + 1} 行${STAFFING_LABELS[count]}`)} />
                    </>
                  ),
                })),
                ...(editable
                  ? [{ title: '', key: 'remove', render: (_: unknown, row: { index: number }) => <Button size="small" onClick={() => setFigures({ ...figures, staffing: figures.staffing.filter((_, i) => i !== row.index) })}>删除</Button> }]
                  : []),
              ]}
            />
            {editable && (
              <Button style={{ marginTop: 8 }} onClick={() => setFigures({ ...figures, staffing: [...figures.staffing, { organ: '' }] })}>
                添加一行
              </Button>
            )}
          </fieldset>
        </Form>
        {elsewhere.length > 0 && (
          <Card type="inner" size="small" title="其他检查结果" style={{ marginTop: 12 }}>
            <ProblemList problems={elsewhere} live after={acknowledgement('其他检查结果')} />
          </Card>
        )}
        {editable && (
          <Button type="primary" style={{ marginTop: 16 }} loading={busy} onClick={() => void save()}>
            保存数据表
          </Button>
        )}
      </Card>
    </Space>
  );
}
