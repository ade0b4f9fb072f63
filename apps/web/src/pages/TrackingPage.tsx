import { useState } from 'react';
import { App, Button, Card, Checkbox, Collapse, DatePicker, Descriptions, Empty, Form, Grid, Input, Modal, Pagination, Popconfirm, Select, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import type { Dayjs } from 'dayjs';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { DEFAULT_GRADE_BANDS, type GradeBand } from '@jixiao/report';
import { OPEN_STATES, RECHECK_STATES } from '@jixiao/workflow';
import { api, ApiProblem, call, download, saveFile } from '../api/client';
import type { ExtensionResult, RecheckResult, TrackingFilter, TrackingItem, TrackingPage as TrackingAnswer, TrackingSort } from '../api/finance-views';
import type { CampaignView, CaseDetail } from '../api/views';
import { BatchDecisionDialog } from '../components/BatchDecisionDialog';
import { ErrorNotice, markFields } from '../components/ErrorNotice';
import { UnitLatenessDrawer } from '../components/UnitLatenessDrawer';
import { FormPhrasePicker } from '../components/PhrasePicker';
import { PUBLICATION_COLORS, PUBLICATION_LABELS, SUBMISSION_LABELS, TRACKING_STATE_OPTIONS } from '../finance-labels';
import { STATE_LABELS, shanghaiTime } from '../labels';
import { useLoad } from '../use-load';

const SORTS: Array<{ value: TrackingSort; label: string }> = [
  { value: 'urgency', label: '紧急程度' },
  { value: 'unit', label: '单位名称' },
  { value: 'state', label: '办理环节' },
  { value: 'score', label: '自评分' },
  { value: 'deadline', label: '报送截止日期' },
];
const PAGE_SIZES = [10, 20, 50, 100];
const STATES = new Set<string>(TRACKING_STATE_OPTIONS.map((o) => o.value));
const OPEN = new Set<string>(OPEN_STATES);
const RECHECKABLE = new Set<string>(RECHECK_STATES);
const RETURNABLE = new Set(['submitted.awaiting_acceptance', 'submitted.accepted']);
/** Rows a batch may take: every submitted unit (only those awaiting acceptance can be accepted; the API says so per unit). */
const BATCHABLE = RETURNABLE;

/** The view's filters and sort as the address holds them; anything the API would refuse is left out. */
function readFilter(params: URLSearchParams): TrackingFilter {
  const filter: TrackingFilter = {};
  const state = params.get('state');
  if (state && STATES.has(state)) filter.state = state as TrackingFilter['state'];
  for (const flag of ['overdue', 'returned'] as const) {
    const value = params.get(flag);
    if (value === 'true' || value === 'false') filter[flag] = value === 'true';
  }
  const grade = params.get('grade')?.trim();
  if (grade) filter.grade = grade.slice(0, 20);
  const unit = params.get('unit')?.trim();
  if (unit) filter.unit = unit.slice(0, 100);
  const sort = params.get('sort');
  if (sort && SORTS.some((s) => s.value === sort)) filter.sort = sort as TrackingSort;
  const order = params.get('order');
  if (order === 'asc' || order === 'desc') filter.order = order;
  return filter;
}

function queryString(filter: TrackingFilter, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) query.set(key, String(value));
  for (const [key, value] of Object.entries(extra)) query.set(key, value);
  return query.toString();
}

function workingDays(item: TrackingItem) {
  const n = item.workingDaysLeft;
  const text = n > 0 ? `剩 ${n} 个工作日` : n === 0 ? '今天截止' : `已过 ${-n} 个工作日`;
  if (item.submissionStatus !== 'not_submitted') return <Typography.Text type="secondary">{text}</Typography.Text>;
  return <Typography.Text type={n < 0 ? 'danger' : n <= 3 ? 'warning' : undefined}>{text}</Typography.Text>;
}

function submission(item: TrackingItem) {
  const color = item.submissionStatus === 'late' ? 'orange' : item.submissionStatus === 'on_time' ? 'green' : 'default';
  return (
    <Space orientation="vertical" size={0}>
      <Tag color={color}>{SUBMISSION_LABELS[item.submissionStatus]}</Tag>
      {item.submittedAt && <Typography.Text type="secondary">{shanghaiTime(item.submittedAt)}</Typography.Text>}
    </Space>
  );
}

function returnsCell(item: TrackingItem) {
  if (item.returns === 0) return '0';
  return (
    <Space orientation="vertical" size={0}>
      <span>{item.returns} 次</span>
      <Typography.Text type="secondary" style={{ maxWidth: 150 }} ellipsis={{ tooltip: item.lastReturnReason }}>
        {item.lastReturnReason}
      </Typography.Text>
      {item.lastReturnedAt && <Typography.Text type="secondary">{shanghaiTime(item.lastReturnedAt)}</Typography.Text>}
    </Space>
  );
}

function publication(item: TrackingItem) {
  return (
    <Space orientation="vertical" size={0}>
      <Tag color={PUBLICATION_COLORS[item.publicationStatus]}>{PUBLICATION_LABELS[item.publicationStatus]}</Tag>
      {item.publishedAt && <Typography.Text type="secondary">{shanghaiTime(item.publishedAt)}</Typography.Text>}
    </Space>
  );
}

type Dialog = { kind: 'return' | 'recheck' | 'extend'; item: TrackingItem } | { kind: 'extend-all' } | { kind: 'lateness'; item: TrackingItem } | { kind: 'batch'; type: 'ACCEPT' | 'RETURN' };

/**
 * The finance officer's view of one issued campaign: every unit with where it stands, filtered,
 * sorted and paged by the address (so a view can be bookmarked or sent), exported with the same
 * filters, and acted on row by row: accept, return, re-check, extend the deadline.
 */
export function TrackingPage() {
  const { campaignId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // Selected rows for a batch decision, kept across pages and filters until the batch is done.
  const [selected, setSelected] = useState<Map<string, TrackingItem>>(new Map());
  const filter = readFilter(params);
  const pageSize = PAGE_SIZES.includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : 20;
  const current = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const key = params.toString();

  const campaign = useLoad(() => call<CampaignView>(() => api.GET('/api/campaigns/{id}', { params: { path: { id: campaignId } } })), [campaignId]);
  const { data, error: loadError, loading, reload } = useLoad(
    () =>
      call<TrackingAnswer>(() =>
        api.GET('/api/campaigns/{id}/tracking', { params: { path: { id: campaignId }, query: { ...filter, limit: pageSize, offset: (current - 1) * pageSize } } }),
      ),
    [campaignId, key],
  );

  /** Changes the address; a new filter or sort starts again at the first page. */
  const update = (changes: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(name);
      else next.set(name, value);
    }
    if (!keepPage) next.delete('page');
    setParams(next);
  };

  const bands: readonly GradeBand[] = (campaign.data?.indicatorConfig as { bands?: GradeBand[] } | null)?.bands ?? DEFAULT_GRADE_BANDS;

  const exportAs = async (format: 'xlsx' | 'csv') => {
    setBusy(`export-${format}`);
    setError(null);
    try {
      const { blob, fileName } = await download(`/api/campaigns/${campaignId}/tracking/export?${queryString(filter, { format })}`);
      saveFile(blob, fileName);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  /**
   * Sends a lifecycle event for a row. The case is read first: if it is no longer where the row
   * shows it, someone else acted; otherwise the event carries the version read, so a change in
   * between is refused (409) rather than overridden.
   */
  const sendEvent = async (item: TrackingItem, body: { type: 'ACCEPT' } | { type: 'RETURN'; reason: string }) => {
    const detail = await call<CaseDetail>(() => api.GET('/api/cases/{id}', { params: { path: { id: item.caseId } } }));
    if (detail.state !== item.state) throw new ApiProblem(409, 'CASE.VERSION_CONFLICT', '载入此视图后，评价任务已有变化。');
    await call(() => api.POST('/api/cases/{id}/events', { params: { path: { id: item.caseId } }, body: { ...body, expectedVersion: detail.version } }));
  };

  const accept = async (item: TrackingItem) => {
    setBusy(`accept-${item.caseId}`);
    setError(null);
    try {
      await sendEvent(item, { type: 'ACCEPT' });
      message.success(`已接收${item.unitName}的报告。`);
      reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const toggle = (item: TrackingItem, on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(item.caseId, item);
      else next.delete(item.caseId);
      return next;
    });

  const actions = (item: TrackingItem) => (
    <Space wrap size={4}>
      <Button size="small" onClick={() => setDialog({ kind: 'lateness', item })} aria-label={`逾期情况 ${item.unitName}`}>
        逾期情况
      </Button>
      {item.state === 'submitted.awaiting_acceptance' && (
        <Popconfirm title={`接收${item.unitName}的报告？`} okText="接收" cancelText="取消" onConfirm={() => accept(item)}>
          <Button size="small" type="primary" loading={busy === `accept-${item.caseId}`} aria-label={`接收 ${item.unitName}`}>
            接收
          </Button>
        </Popconfirm>
      )}
      {RETURNABLE.has(item.state) && (
        <Button size="small" danger onClick={() => setDialog({ kind: 'return', item })} aria-label={`退回 ${item.unitName}`}>
          退回
        </Button>
      )}
      {RECHECKABLE.has(item.state) && (
        <Button size="small" onClick={() => setDialog({ kind: 'recheck', item })} aria-label={`复核 ${item.unitName}`}>
          复核
        </Button>
      )}
      {OPEN.has(item.state) && (
        <Button size="small" onClick={() => setDialog({ kind: 'extend', item })} aria-label={`延期 ${item.unitName}`}>
          延期
        </Button>
      )}
    </Space>
  );

  const sortOrder = (column: TrackingSort): SortOrder | undefined => (filter.sort === column ? (filter.order === 'desc' ? 'descend' : 'ascend') : undefined);
  const items = data?.items ?? [];
  const stateOptions = TRACKING_STATE_OPTIONS.map((o) => ({ value: o.value, label: o.label }));
  const heading = campaign.data ? `${campaign.data.documentNumber} 报送跟踪` : '报送跟踪';

  const filters = (
    <Form layout={screens.md ? 'inline' : 'vertical'} style={{ rowGap: 8, marginBottom: screens.md ? 16 : 0 }} aria-label="筛选">
      <Form.Item label="环节" htmlFor="tracking-state">
        <Select id="tracking-state" allowClear placeholder="全部" style={{ minWidth: 170 }} value={filter.state} options={stateOptions} onChange={(v?: string) => update({ state: v })} />
      </Form.Item>
      <Form.Item label="是否逾期" htmlFor="tracking-overdue">
        <Select
          id="tracking-overdue"
          allowClear
          placeholder="全部"
          style={{ minWidth: 110 }}
          value={filter.overdue === undefined ? undefined : String(filter.overdue)}
          options={[
            { value: 'true', label: '已逾期' },
            { value: 'false', label: '未逾期' },
          ]}
          onChange={(v?: string) => update({ overdue: v })}
        />
      </Form.Item>
      <Form.Item label="退回情况" htmlFor="tracking-returned">
        <Select
          id="tracking-returned"
          allowClear
          placeholder="全部"
          style={{ minWidth: 120 }}
          value={filter.returned === undefined ? undefined : String(filter.returned)}
          options={[
            { value: 'true', label: '被退回过' },
            { value: 'false', label: '未被退回' },
          ]}
          onChange={(v?: string) => update({ returned: v })}
        />
      </Form.Item>
      <Form.Item label="自评等级" htmlFor="tracking-grade">
        <Select id="tracking-grade" allowClear placeholder="全部" style={{ minWidth: 90 }} value={filter.grade} options={bands.map((b) => ({ value: b.grade, label: b.grade }))} onChange={(v?: string) => update({ grade: v })} />
      </Form.Item>
      <Form.Item label="单位名称或代码" htmlFor="tracking-unit">
        <Input.Search
          id="tracking-unit"
          key={filter.unit ?? ''}
          defaultValue={filter.unit}
          allowClear
          placeholder="部分名称或代码"
          enterButton="查找"
          style={{ width: 240 }}
          onSearch={(v) => update({ unit: v.trim() || undefined })}
        />
      </Form.Item>
      <Form.Item label="排序" htmlFor="tracking-sort">
        <Space.Compact>
          <Select id="tracking-sort" style={{ minWidth: 130 }} value={filter.sort ?? 'urgency'} options={SORTS} onChange={(v: TrackingSort) => update({ sort: v === 'urgency' ? undefined : v })} />
          <Select
            aria-label="顺序"
            style={{ minWidth: 80 }}
            value={filter.order ?? 'asc'}
            options={[
              { value: 'asc', label: '升序' },
              { value: 'desc', label: '降序' },
            ]}
            onChange={(v: 'asc' | 'desc') => update({ order: v === 'asc' ? undefined : v })}
          />
        </Space.Compact>
      </Form.Item>
    </Form>
  );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ fontSize: 20, margin: 0, whiteSpace: 'normal' }}>{heading}</h1>}
        extra={
          <Space wrap>
            <Link to={`/campaigns/${campaignId}/statistics`}>统计分析</Link>
            <Link to={`/campaigns/${campaignId}`}>通知设置</Link>
          </Space>
        }
      >
        <ErrorNotice error={campaign.error ?? loadError ?? error} onReload={reload} />
        {screens.md ? (
          filters
        ) : (
          <Collapse size="small" style={{ marginBottom: 16 }} items={[{ key: 'filters', label: '筛选与排序', forceRender: true, children: filters }]} />
        )}
        <Space wrap style={{ marginBottom: 16 }}>
          <Button onClick={() => void exportAs('xlsx')} loading={busy === 'export-xlsx'}>
            导出 Excel
          </Button>
          <Button onClick={() => void exportAs('csv')} loading={busy === 'export-csv'}>
            导出 CSV
          </Button>
          <Button onClick={() => setDialog({ kind: 'extend-all' })}>全部未报送单位延期</Button>
          <Button type="primary" disabled={selected.size === 0} onClick={() => setDialog({ kind: 'batch', type: 'ACCEPT' })}>
            批量接收{selected.size > 0 ? `（${selected.size}）` : ''}
          </Button>
          <Button danger disabled={selected.size === 0} onClick={() => setDialog({ kind: 'batch', type: 'RETURN' })}>
            批量退回{selected.size > 0 ? `（${selected.size}）` : ''}
          </Button>
          {selected.size > 0 && (
            <Button type="link" onClick={() => setSelected(new Map())}>
              清除选择
            </Button>
          )}
          <Typography.Text type="secondary" data-testid="tracking-total">
            {data ? `共 ${data.total} 个单位（今天 ${data.today}）` : ''}
          </Typography.Text>
        </Space>
        {screens.md ? (
          <Table<TrackingItem>
            rowKey="caseId"
            rowSelection={{
              selectedRowKeys: [...selected.keys()],
              preserveSelectedRowKeys: true,
              // antd's own select-all box is labelled in English; this one says what it takes.
              columnTitle: (() => {
                const page = items.filter((item) => BATCHABLE.has(item.state));
                const chosen = page.filter((item) => selected.has(item.caseId)).length;
                return (
                  <Checkbox
                    aria-label="选择本页全部已报送的单位"
                    disabled={page.length === 0}
                    checked={page.length > 0 && chosen === page.length}
                    indeterminate={chosen > 0 && chosen < page.length}
                    onChange={(e) => page.forEach((item) => toggle(item, e.target.checked))}
                  />
                );
              })(),
              getCheckboxProps: (item) => ({ disabled: !BATCHABLE.has(item.state), 'aria-label': `选择 ${item.unitName}` }),
              onSelect: (item, on) => toggle(item, on),
            }}
            loading={loading}
            dataSource={items}
            size="small"
            scroll={{ x: 1200 }}
            locale={{ emptyText: <Empty description="没有符合条件的单位" /> }}
            pagination={{
              current,
              pageSize,
              total: data?.total ?? 0,
              pageSizeOptions: PAGE_SIZES,
              showSizeChanger: true,
              showTotal: (total) => `共 ${total} 个单位`,
              onChange: (page, size) => update({ page: page === 1 ? undefined : String(page), pageSize: size === 20 ? undefined : String(size) }, size === pageSize),
            }}
            onChange={(_pagination, _filters, sorter, extra) => {
              if (extra.action !== 'sort' || Array.isArray(sorter)) return;
              const column = sorter.columnKey as TrackingSort | undefined;
              if (!sorter.order || !column) update({ sort: undefined, order: undefined });
              else update({ sort: column, order: sorter.order === 'descend' ? 'desc' : undefined });
            }}
            columns={[
              {
                title: '单位',
                key: 'unit',
                fixed: 'left',
                width: 170,
                sorter: true,
                sortOrder: sortOrder('unit'),
                render: (_, item) => (
                  <Space orientation="vertical" size={0}>
                    <Link to={`/cases/${item.caseId}`}>{item.unitName}</Link>
                    <Typography.Text type="secondary">{item.unitCode}</Typography.Text>
                  </Space>
                ),
              },
              { title: '办理环节', key: 'state', width: 130, sorter: true, sortOrder: sortOrder('state'), render: (_, item) => <Tag color="blue" style={{ whiteSpace: 'normal' }}>{STATE_LABELS[item.state] ?? item.state}</Tag> },
              { title: '章节审定', key: 'sections', width: 80, render: (_, item) => `${item.sectionsApproved}/${item.sectionsTotal}` },
              {
                title: '报送截止',
                key: 'deadline',
                width: 140,
                sorter: true,
                sortOrder: sortOrder('deadline'),
                render: (_, item) => (
                  <Space orientation="vertical" size={0}>
                    <span>
                      {item.deadline} {item.deadlineExtended && <Tag color="purple">已延期</Tag>}
                    </span>
                    {workingDays(item)}
                    {item.overdue && <Tag color="red">已逾期</Tag>}
                  </Space>
                ),
              },
              { title: '报送情况', key: 'submission', width: 120, render: (_, item) => submission(item) },
              { title: '自评分', key: 'score', width: 100, sorter: true, sortOrder: sortOrder('score'), render: (_, item) => (item.selfScore === null ? '—' : `${item.selfScore}（${item.grade ?? '—'}）`) },
              {
                title: '复核分',
                key: 'recheck',
                width: 70,
                render: (_, item) =>
                  item.recheckScore === null ? (
                    '—'
                  ) : (
                    <Tooltip title={item.recheckRemarks}>
                      <span>{item.recheckScore}</span>
                    </Tooltip>
                  ),
              },
              { title: '退回', key: 'returns', width: 140, render: (_, item) => returnsCell(item) },
              { title: '公开', key: 'publication', width: 110, render: (_, item) => publication(item) },
              { title: '操作', key: 'actions', fixed: 'right', width: 150, render: (_, item) => actions(item) },
            ]}
          />
        ) : (
          <>
            {loading && items.length === 0 && <Spin style={{ display: 'block', margin: 24 }} />}
            {!loading && items.length === 0 && <Empty description="没有符合条件的单位" />}
            <Space orientation="vertical" style={{ width: '100%' }} data-testid="tracking-cards">
              {items.map((item) => (
                <Card
                  key={item.caseId}
                  size="small"
                  title={
                    <Space size={8}>
                      {BATCHABLE.has(item.state) && <Checkbox checked={selected.has(item.caseId)} onChange={(e) => toggle(item, e.target.checked)} aria-label={`选择 ${item.unitName}`} />}
                      <Link to={`/cases/${item.caseId}`}>{item.unitName}</Link>
                    </Space>
                  } extra={<Tag color="blue" style={{ whiteSpace: 'normal' }}>{STATE_LABELS[item.state] ?? item.state}</Tag>}>
                  <Descriptions size="small" column={1}>
                    <Descriptions.Item label="单位代码">{item.unitCode}</Descriptions.Item>
                    <Descriptions.Item label="章节审定">
                      {item.sectionsApproved}/{item.sectionsTotal}
                    </Descriptions.Item>
                    <Descriptions.Item label="报送截止">
                      <Space wrap size={4}>
                        {item.deadline}
                        {item.deadlineExtended && <Tag color="purple">已延期</Tag>}
                        {workingDays(item)}
                      </Space>
                    </Descriptions.Item>
                    <Descriptions.Item label="报送情况">
                      {item.overdue && <Tag color="red">已逾期</Tag>}
                      {submission(item)}
                    </Descriptions.Item>
                    <Descriptions.Item label="自评分">{item.selfScore === null ? '—' : `${item.selfScore}（${item.grade ?? '—'}）`}</Descriptions.Item>
                    <Descriptions.Item label="复核分">{item.recheckScore === null ? '—' : `${item.recheckScore}${item.recheckRemarks ? `（${item.recheckRemarks}）` : ''}`}</Descriptions.Item>
                    <Descriptions.Item label="退回">{returnsCell(item)}</Descriptions.Item>
                    <Descriptions.Item label="公开">{publication(item)}</Descriptions.Item>
                  </Descriptions>
                  {actions(item)}
                </Card>
              ))}
            </Space>
            <Pagination
              size="small"
              style={{ marginTop: 12 }}
              current={current}
              pageSize={pageSize}
              total={data?.total ?? 0}
              showTotal={(total) => `共 ${total} 个`}
              onChange={(page) => update({ page: page === 1 ? undefined : String(page) }, true)}
            />
          </>
        )}
      </Card>
      {dialog?.kind === 'lateness' && <UnitLatenessDrawer campaignId={campaignId} unitId={dialog.item.unitId} unitName={dialog.item.unitName} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'batch' && (
        <BatchDecisionDialog
          campaignId={campaignId}
          type={dialog.type}
          items={[...selected.values()]}
          onClose={(changed) => {
            setDialog(null);
            if (changed) {
              setSelected(new Map());
              reload();
            }
          }}
        />
      )}
      {dialog && dialog.kind !== 'lateness' && dialog.kind !== 'batch' && (
        <ActionDialog
          dialog={dialog}
          campaignId={campaignId}
          sendEvent={sendEvent}
          onClose={(done) => {
            setDialog(null);
            if (done) {
              message.success(done);
              reload();
            }
          }}
        />
      )}
    </Space>
  );
}

interface DialogValues {
  reason?: string;
  score?: string;
  remarks?: string;
  deadline?: Dayjs;
}

/** Return with a reason, re-check with a score and remarks, or extend a deadline (one unit, or all that have not submitted). */
function ActionDialog({
  dialog,
  campaignId,
  sendEvent,
  onClose,
}: {
  dialog: Exclude<Dialog, { kind: 'lateness' } | { kind: 'batch' }>;
  campaignId: string;
  sendEvent: (item: TrackingItem, body: { type: 'RETURN'; reason: string }) => Promise<void>;
  onClose: (done: string | null) => void;
}) {
  const [form] = Form.useForm<DialogValues>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const item = 'item' in dialog ? dialog.item : null;
  const title = { return: `退回：${item?.unitName}`, recheck: `复核：${item?.unitName}`, extend: `延期：${item?.unitName}`, 'extend-all': '全部未报送单位延期' }[dialog.kind];

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      if (dialog.kind === 'return') {
        await sendEvent(dialog.item, { type: 'RETURN', reason: values.reason!.trim() });
        onClose(`已退回${dialog.item.unitName}，单位将修改后重新报送。`);
      } else if (dialog.kind === 'recheck') {
        const answer = await call<RecheckResult>(() =>
          api.POST('/api/cases/{id}/recheck', { params: { path: { id: dialog.item.caseId } }, body: { score: values.score!.trim(), remarks: values.remarks!.trim() } }),
        );
        onClose(`已记录复核分 ${answer.recheckScore}。`);
      } else {
        const body = { deadline: values.deadline!.format('YYYY-MM-DD'), reason: values.reason!.trim(), ...(dialog.kind === 'extend' ? { caseId: dialog.item.caseId } : {}) };
        const answer = await call<ExtensionResult>(() => api.POST('/api/campaigns/{id}/deadline-extensions', { params: { path: { id: campaignId } }, body }));
        onClose(answer.extended.length === 0 ? '没有需要延期的单位。' : `已将 ${answer.extended.length} 个单位的报送截止日期延至 ${answer.deadline}。`);
      }
    } catch (failure) {
      setError(failure);
      markFields(form, failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={title} okText="确定" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={() => onClose(null)} destroyOnHidden>
      <ErrorNotice error={error} onReload={() => onClose('已重新加载。')} />
      <Form form={form} layout="vertical" name={`tracking-${dialog.kind}`}>
        {dialog.kind === 'recheck' && (
          <>
            {item && <Typography.Paragraph>单位自评分：{item.selfScore ?? '尚未评分'}{item.recheckScore !== null ? `；上次复核分：${item.recheckScore}（本次将替换）` : ''}</Typography.Paragraph>}
            <Form.Item label="复核分" name="score" initialValue={item?.recheckScore ?? item?.selfScore ?? undefined} rules={[{ required: true, whitespace: true, message: '请填写复核分' }, { pattern: /^\d{1,3}(\.\d{1,2})?$/, message: '请填写 0 到 100 之间的数，最多两位小数' }]}>
              <Input inputMode="decimal" style={{ maxWidth: 160 }} />
            </Form.Item>
            <Form.Item label="复核意见" name="remarks" rules={[{ required: true, whitespace: true, message: '请填写复核意见' }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {(dialog.kind === 'extend' || dialog.kind === 'extend-all') && (
          <>
            <Typography.Paragraph>
              {dialog.kind === 'extend' ? `现行截止日期：${dialog.item.deadline}` : '尚未报送、且截止日期早于新日期的单位都将延期；已报送的单位不受影响。'}
            </Typography.Paragraph>
            <Form.Item label="新的报送截止日期" name="deadline" rules={[{ required: true, message: '请选择新的报送截止日期' }]}>
              <DatePicker />
            </Form.Item>
          </>
        )}
        {dialog.kind !== 'recheck' && (
          <Form.Item
            label={dialog.kind === 'return' ? '退回理由' : '延期理由'}
            name="reason"
            rules={[{ required: true, whitespace: true, message: dialog.kind === 'return' ? '请填写退回理由' : '请填写延期理由' }]}
            extra={dialog.kind === 'return' ? <FormPhrasePicker kind="return" form={form} name="reason" /> : undefined}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
