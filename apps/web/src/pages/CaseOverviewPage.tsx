import { useEffect, useRef, useState, type ReactNode } from 'react';
import { App, Button, Card, Col, DatePicker, Descriptions, Form, Grid, Input, List, Popconfirm, Row, Select, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { actionOf, isShown, type CaseAction } from '../actions';
import { api, call, download } from '../api/client';
import type { CaseDetail, CommentCount, EventBody, GroupMember, HistoryEntry, PersonView, SealedVersion, SectionView } from '../api/views';
import { ActionReasons } from '../components/ActionReasons';
import { ApprovalPanel } from '../components/ApprovalPanel';
import { CirculationPanel } from '../components/CirculationPanel';
import { useAuth } from '../auth';
import { CaseReturnNotice } from '../components/ReturnNotice';
import { ErrorNotice, markFields } from '../components/ErrorNotice';
import { FormPhrasePicker } from '../components/PhrasePicker';
import { DueItemsCard } from '../components/DueItemsCard';
import { ProjectFormsCard } from '../components/ProjectFormsCard';
import { DraftDocxButton, DraftPreviewButton, SealedPreviewButton } from '../components/DraftPreview';
import { EVENT_LABELS, GROUP_ROLE_LABELS, SECTION_STATE_LABELS, STATE_LABELS, shanghaiTime } from '../labels';
import { useLoad } from '../use-load';
import { enterConfirmsDate } from '../components/date-enter';

/** The lifecycle's main path; a return goes back to self-assessment and is shown on that step. */
const STEPS: Array<{ state: string; title: string }> = [
  { state: 'notice_issued', title: '下发通知' },
  { state: 'group_formed', title: '成立小组' },
  { state: 'self_assessment', title: '自评撰写' },
  { state: 'internal_review', title: '内部审核' },
  { state: 'sealed', title: '盖章' },
  { state: 'submitted', title: '报送' },
  { state: 'submitted.accepted', title: '财政局接收' },
  { state: 'published', title: '公开' },
];

function stepIndex(state: string): number {
  if (state === 'submitted.awaiting_acceptance') return 5;
  return Math.max(0, STEPS.findIndex((s) => s.state === state));
}

interface Loaded {
  detail: CaseDetail;
  history: HistoryEntry[];
  sealed: SealedVersion[];
  /** Open comment threads per section, for the sections whose comments the person takes part in. */
  commentCounts: CommentCount[];
}

/** One case: where it stands, who is in its group, its sections, its history, and what you may do now. */
export function CaseOverviewPage() {
  const { caseId = '' } = useParams();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  // A refused publication is shown at the top of its own form, where the person is looking.
  const [refusedAction, setRefusedAction] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [changingGroup, setChangingGroup] = useState(false);
  const screens = Grid.useBreakpoint();
  const { session } = useAuth();
  const { data, error: loadError, loading, reload } = useLoad<Loaded>(async () => {
    const path = { params: { path: { id: caseId } } };
    const [detail, history, sealed, commentCounts] = await Promise.all([
      call<CaseDetail>(() => api.GET('/api/cases/{id}', path)),
      call<HistoryEntry[]>(() => api.GET('/api/cases/{id}/history', path)),
      call<SealedVersion[]>(() => api.GET('/api/cases/{id}/sealed-versions', path)),
      call<CommentCount[]>(() => api.GET('/api/cases/{id}/comment-counts', path)),
    ]);
    return { detail, history, sealed, commentCounts };
  }, [caseId]);

  if (!data) return <Card loading={loading}>{loadError ? <ErrorNotice error={loadError} onReload={reload} /> : null}</Card>;
  const { detail, history, sealed, commentCounts } = data;
  const openComments = new Map(commentCounts.map((c) => [c.sectionCode, c.open]));
  const names = new Map(detail.group.map((m) => [m.userId, m.displayName]));

  /** Sends a lifecycle event with the version on screen, so a change by someone else is refused (409) rather than overridden. */
  const send = async (body: EventBody, done: string, form?: Parameters<typeof markFields>[0]) => {
    setBusy(body.type);
    setError(null);
    setRefusedAction(null);
    try {
      await call(() => api.POST('/api/cases/{id}/events', { params: { path: { id: caseId } }, body: { ...body, expectedVersion: detail.version } }));
      message.success(done);
      reload();
      return true;
    } catch (failure) {
      setError(failure);
      setRefusedAction(body.type);
      if (form) markFields(form, failure);
      return false;
    } finally {
      setBusy(null);
    }
  };

  // Every control here is drawn from the caller's actions in the case view: what the server accepts
  // is enabled, what is theirs but not ready yet is disabled with its reasons, the rest is absent.
  const action = (type: CaseAction['type']) => actionOf(detail.actions, type);
  const shown = (type: CaseAction['type']) => isShown(action(type));
  /** A step that cannot be undone asks first (`confirm`), and says what will happen. */
  const step = (type: CaseAction['type'], label: string, done: string, confirm?: Confirmation, primary = true) => {
    const a = action(type);
    if (!isShown(a)) return null;
    const button = (
      <Button type={primary ? 'primary' : 'default'} disabled={!a.available} loading={busy === type} onClick={confirm ? undefined : () => void send({ type } as EventBody, done)}>
        {label}
      </Button>
    );
    return (
      <div key={type} data-action={type} data-available={a.available}>
        {confirm && a.available ? (
          <Popconfirm
            title={confirm.title}
            description={<div style={{ maxWidth: 360 }}>{confirm.description}</div>}
            okText={confirm.okText}
            cancelText="取消"
            onConfirm={() => send({ type } as EventBody, done)}
          >
            {button}
          </Popconfirm>
        ) : (
          button
        )}
        <ActionReasons action={a} />
      </div>
    );
  };
  const actions: ReactNode[] = [];
  // Whoever approves or seals reads the report as it stands beside the button.
  const withPreview = (type: CaseAction['type'], node: ReactNode) =>
    node ? (
      <Space key={type} wrap align="start" size="small">
        {node}
        <DraftPreviewButton caseId={caseId} label="先预览报告（草稿）" />
      </Space>
    ) : null;
  // A form stands for its action: marked with it, so a test can hold the page against the view.
  const marked = (type: CaseAction['type'], node: ReactNode) => (
    <div key={type} data-action={type} data-available={action(type)!.available}>
      {node}
    </div>
  );
  if (shown('FORM_GROUP')) actions.push(marked('FORM_GROUP', <GroupForm detail={detail} busy={busy === 'FORM_GROUP'} onSend={send} />));
  if (shown('CHANGE_GROUP'))
    actions.push(
      marked(
        'CHANGE_GROUP',
        changingGroup ? (
          <GroupForm detail={detail} busy={false} onChanged={() => { setChangingGroup(false); reload(); }} onError={setError} />
        ) : (
          <Button onClick={() => setChangingGroup(true)}>调整评价小组</Button>
        ),
      ),
    );
  // Keyed by the assignments: after a batch the form starts afresh from the case as reloaded (the
  // sections still unassigned preselected, nothing marked as missing), not from the case before it.
  const assignments = detail.sections.map((s) => `${s.code}:${s.assigneeId ?? ''}:${s.dueDate ?? ''}`).join('|');
  if (shown('ASSIGN_SECTIONS')) actions.push(marked('ASSIGN_SECTIONS', <AssignmentForm key={assignments} detail={detail} onDone={reload} onError={setError} />));
  actions.push(
    step('START_SELF_ASSESSMENT', '开始自评', '自评已开始，成员可以撰写章节。', {
      title: '开始自评？',
      description: '开始后各撰写人即可撰写分配给自己的章节；案卷进入自评阶段，不能再回到成立小组阶段。',
      okText: '开始自评',
    }),
  );
  actions.push(step('REQUEST_REVIEW', '提请内部审核', '已提请内部审核。'));
  // In internal review the approval order comes first: who approved, whose turn it is, 前加签 / 后加签.
  if (detail.state === 'internal_review') actions.push(<ApprovalPanel key="approval" detail={detail} onChanged={reload} />);
  // The approval with its optional opinion (常用语 beside it), and the draft it approves one click away.
  if (shown('APPROVE')) actions.push(withPreview('APPROVE', marked('APPROVE', <ApproveForm action={action('APPROVE')!} busy={busy === 'APPROVE'} onSend={send} />)));
  if (shown('ADD_APPROVER')) actions.push(marked('ADD_APPROVER', <AddApproverForm detail={detail} onDone={reload} onError={setError} />));
  actions.push(
    withPreview(
      'SEAL',
      step('SEAL', '盖章定稿', '已盖章，报告已定稿。', {
        title: `盖章定稿第 ${detail.contentVersion} 版？`,
        description: `报告第 ${detail.contentVersion} 版的内容将被定稿并生成盖章文件（记录其 SHA-256）。盖章后报告和各章节只读，只有财政局退回后才能再修改。`,
        okText: '盖章',
      }),
    ),
  );
  actions.push(
    step('SUBMIT', '报送财政局', '已报送财政局。', {
      title: '报送财政局？',
      description: `盖章的第 ${sealed.at(-1)?.version ?? detail.contentVersion} 版报告将报送财政局，由财政局接收或退回；退回前报告保持只读。`,
      okText: '报送',
    }),
  );
  actions.push(step('ACCEPT', '接收报告', '已接收。'));
  if (shown('RETURN')) actions.push(marked('RETURN', <ReturnForm detail={detail} busy={busy === 'RETURN'} onSend={send} />));
  if (shown('PUBLISH'))
    actions.push(
      marked(
        'PUBLISH',
        <PublishForm busy={busy === 'PUBLISH'} sealedVersion={sealed.at(-1)?.version ?? detail.contentVersion} onSend={send} error={refusedAction === 'PUBLISH' ? error : null} />,
      ),
    );
  // Taking a step back (撤回): the requester's or the submitter's own, until someone acted on it.
  actions.push(
    step(
      'WITHDRAW_REVIEW',
      '撤回审核申请',
      '已撤回审核申请，报告回到自评阶段。',
      {
        title: '撤回内部审核申请？',
        description: '报告回到自评阶段，审批人的待办随之撤销；各章节保持已审核，修改后可以再次提请内部审核。撤回会记入办理记录。',
        okText: '撤回',
      },
      false,
    ),
  );
  actions.push(
    step(
      'WITHDRAW_SUBMISSION',
      '撤回报送',
      '已撤回报送，报告回到已盖章状态。',
      {
        title: '撤回报送？',
        description: `已报送的第 ${sealed.at(-1)?.version ?? detail.contentVersion} 版报告从财政局撤回，财政局不能再接收或退回；报告回到“已盖章”，盖章文件不变，可以再次报送。撤回不计为退回，会记入办理记录。`,
        okText: '撤回',
      },
      false,
    ),
  );
  const offered = actions.filter((a) => a !== null);

  const current = stepIndex(detail.state);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{detail.unitName}</h1>} extra={<Tag color="blue" data-testid="case-state">{STATE_LABELS[detail.state] ?? detail.state}</Tag>}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="通知文号">{detail.documentNumber}</Descriptions.Item>
          <Descriptions.Item label="评价年度">{detail.fiscalYear}</Descriptions.Item>
          <Descriptions.Item label="报送截止">{detail.submissionDeadline}</Descriptions.Item>
          <Descriptions.Item label="内容版本">第 {detail.contentVersion} 版</Descriptions.Item>
          <Descriptions.Item label="退回次数">{detail.returns}</Descriptions.Item>
          {detail.submittedLate && <Descriptions.Item label="报送">逾期报送</Descriptions.Item>}
        </Descriptions>
        <Space wrap size="small" style={{ marginTop: 8 }} data-testid="draft-actions">
          <DraftPreviewButton caseId={caseId} />
          <DraftDocxButton caseId={caseId} />
        </Space>
        <nav aria-label="办理进度" style={{ marginTop: 16, overflowX: 'auto' }}>
          <Steps
            size="small"
            current={current}
            status={detail.state === 'published' ? 'finish' : 'process'}
            items={STEPS.map((step, index) => ({
              title: step.title,
              description: step.state === 'self_assessment' && detail.returns > 0 ? `退回 ${detail.returns} 次` : index === current && detail.state !== 'published' ? '当前' : undefined,
            }))}
          />
        </nav>
        <CaseReturnNotice history={history} />
      </Card>

      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>可办理的操作</h2>}>
        <ErrorNotice error={(refusedAction === 'PUBLISH' ? null : error) ?? loadError} onReload={() => { setError(null); reload(); }} />
        {offered.length > 0 ? <Space orientation="vertical" style={{ width: '100%' }}>{offered}</Space> : <Typography.Text type="secondary">当前没有需要您办理的操作。</Typography.Text>}
        <Space wrap style={{ marginTop: 16 }}>
          <Link to={`/cases/${caseId}/data-table`}>基础数据表</Link>
          <Link to={`/cases/${caseId}/indicator-scores`}>指标评分表</Link>
        </Space>
      </Card>

      <ProjectFormsCard caseId={caseId} />

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>报告章节</h2>}>
            <Table<SectionView>
              rowKey="code"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={detail.sections}
              columns={[
                {
                  title: '章节',
                  key: 'title',
                  render: (_, s) => (
                    <>
                      <Link to={`/cases/${caseId}/sections/${encodeURIComponent(s.code)}`}>{s.code} {s.title}</Link>
                      {(openComments.get(s.code) ?? 0) > 0 && <Tag color="orange" style={{ marginLeft: 8 }}>{openComments.get(s.code)} 条评论待解决</Tag>}
                    </>
                  ),
                },
                { title: '撰写人', key: 'assignee', render: (_, s) => (s.assigneeId ? (names.get(s.assigneeId) ?? '—') : '未分配') },
                { title: '期限', dataIndex: 'dueDate', render: (d: string | null) => d ?? '—' },
                {
                  title: '状态',
                  key: 'state',
                  render: (_, s) => (
                    <>
                      <Tag color={s.state === 'approved' ? 'green' : s.state === 'submitted' ? 'orange' : undefined}>{SECTION_STATE_LABELS[s.state] ?? s.state}</Tag>
                      {s.reopenRequest && <Tag color="gold">申请重新打开</Tag>}
                    </>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>评价小组</h2>}>
            {detail.group.length === 0 ? (
              <Typography.Text type="secondary">尚未成立。</Typography.Text>
            ) : (
              <ul style={{ paddingLeft: 20, margin: 0 }}>
                {detail.group.map((m) => (
                  <li key={`${m.role}:${m.userId}`}>
                    {GROUP_ROLE_LABELS[m.role] ?? m.role}：{m.displayName}
                    {detail.approvals.includes(m.userId) && (m.role === 'group_leader' || m.role === 'deputy_leader') ? <Tag color="green" style={{ marginLeft: 8 }}>已审批</Tag> : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {sealed.length > 0 && (
            <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>盖章版本</h2>} style={{ marginTop: 16 }}>
              {sealed.map((v) => (
                <div key={v.version} style={{ marginBottom: 8 }}>
                  <div>
                    第 {v.version} 版，{shanghaiTime(v.sealedAt)} 盖章
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                    SHA-256：{v.sha256}
                  </Typography.Text>
                  <Space wrap size="small">
                    <Button size="small" onClick={() => void saveDocument(caseId, v.version).catch(setError)}>
                      下载第 {v.version} 版 .docx
                    </Button>
                    <Button size="small" onClick={() => void saveFile(`/api/cases/${caseId}/sealed-versions/${v.version}/pdf`).catch(setError)}>
                      下载第 {v.version} 版 PDF
                    </Button>
                    <SealedPreviewButton caseId={caseId} version={v.version} />
                    <Link to="/verify-seal">核验</Link>
                  </Space>
                </div>
              ))}
            </Card>
          )}
        </Col>
      </Row>

      <CirculationPanel detail={detail} userId={session?.user.id ?? ''} onChanged={reload} />

      <DueItemsCard detail={detail} onUrged={reload} />

      <Card
        id="case-history"
        title={<h2 style={{ fontSize: 18, margin: 0 }}>办理记录</h2>}
        extra={
          <Space wrap className="no-print">
            <Button size="small" onClick={() => window.print()}>
              打印
            </Button>
            <Button size="small" onClick={() => void saveFile(`/api/cases/${caseId}/history.xlsx`).catch(setError)}>
              导出 Excel
            </Button>
          </Space>
        }
      >
        <style>{PRINT_HISTORY_ONLY}</style>
        {!screens.md ? (
          <List
            size="small"
            dataSource={history}
            renderItem={(h) => (
              <List.Item>
                <div>
                  <Typography.Text strong>{EVENT_LABELS[h.event] ?? h.event}</Typography.Text> · {shanghaiTime(h.at)}
                  <div>
                    {actorText(h)} · {STATE_LABELS[h.toState] ?? h.toState}
                  </div>
                  {note(h, names) && <div>{note(h, names)}</div>}
                </div>
              </List.Item>
            )}
          />
        ) : (
        <Table<HistoryEntry>
          rowKey="seq"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={history}
          columns={[
            { title: '时间', dataIndex: 'at', render: (at: string) => shanghaiTime(at) },
            { title: '操作', dataIndex: 'event', render: (e: string) => EVENT_LABELS[e] ?? e },
            { title: '环节', key: 'states', render: (_, h) => `${h.fromState ? `${STATE_LABELS[h.fromState] ?? h.fromState} → ` : ''}${STATE_LABELS[h.toState] ?? h.toState}` },
            { title: '办理人', key: 'actor', render: (_, h) => actorText(h) },
            { title: '说明', key: 'comment', render: (_, h) => note(h, names) },
            { title: '版本', dataIndex: 'contentVersion' },
          ]}
        />
        )}
      </Card>
    </Space>
  );
}

/** Who acted, by the name the history carries (the finance bureau and the unit admin are outside the group), and for whom. */
function actorText(h: HistoryEntry): string {
  const actor = h.actorId ? (h.actorName ?? '—') : '系统';
  return h.onBehalfOfId ? `${actor}（代 ${h.onBehalfOfName ?? '—'}）` : actor;
}

/** What a history record adds in words: its comment or reason, the section it concerns, whom it names. */
function note(h: HistoryEntry, names: Map<string, string>): string {
  const parts: string[] = [];
  if (typeof h.details.section === 'string') parts.push(`章节 ${h.details.section}`);
  // The history names everyone it mentions, inside the group or not; the group is the fallback.
  const nameOf = (id: string) => h.detailNames[id] ?? names.get(id) ?? '—';
  if (h.event === 'ASSIGN_SECTION' && typeof h.details.assigneeId === 'string') parts.push(`交 ${nameOf(h.details.assigneeId)}，期限 ${String(h.details.dueDate ?? '—')}`);
  if (h.event === 'ADD_APPROVER' && typeof h.details.userId === 'string') parts.push(`加签 ${nameOf(h.details.userId)}`);
  if (h.event === 'URGE' && typeof h.details.recipientId === 'string') parts.push(`催办 ${nameOf(h.details.recipientId)}`);
  if (h.event === 'ADD_APPROVER_BEFORE' && typeof h.details.userId === 'string') parts.push(`前加签 ${nameOf(h.details.userId)}（在其之前审批）`);
  if (h.event === 'ADD_APPROVER_AFTER' && typeof h.details.userId === 'string') parts.push(`后加签 ${nameOf(h.details.userId)}（在其之后审批）`);
  if (h.event === 'CIRCULATE' && Array.isArray(h.details.recipientIds)) parts.push(`传阅 ${(h.details.recipientIds as unknown[]).map((id) => (typeof id === 'string' ? nameOf(id) : '—')).join('、')}`);
  if (typeof h.details.reason === 'string') parts.push(h.details.reason);
  if (h.comment) parts.push(h.comment);
  return [...new Set(parts)].join('；');
}

/** Printing the case page prints its history alone, in full, without the buttons. */
const PRINT_HISTORY_ONLY = `@media print {
  body * { visibility: hidden; }
  #case-history, #case-history * { visibility: visible; }
  #case-history { position: absolute; left: 0; top: 0; width: 100%; border: none; }
  #case-history .no-print { display: none; }
}`;

/** Saves the sealed .docx through the browser's download. */
function saveDocument(caseId: string, version: number): Promise<void> {
  return saveFile(`/api/cases/${caseId}/sealed-versions/${version}/document`);
}

/** Saves a file the API answers through the browser's download, under the name the API gives. */
async function saveFile(path: string): Promise<void> {
  const { blob, fileName } = await download(path);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

type Send = (body: EventBody, done: string, form?: Parameters<typeof markFields>[0]) => Promise<boolean>;

/** What a step that cannot be undone says before it is taken. */
interface Confirmation {
  title: string;
  description: string;
  okText: string;
}

interface GroupValues {
  leaderId: string;
  deputyLeaderIds: string[];
  memberIds: string[];
  compilerIds: string[];
  sealKeeperIds: string[];
  publisherIds: string[];
}

/** The unit admin forms the working group from the unit's people (each place preset from people's roles), or changes it later. */
function GroupForm({ detail, busy, onSend, onChanged, onError }: { detail: CaseDetail; busy: boolean; onSend?: Send; onChanged?: () => void; onError?: (e: unknown) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<GroupValues>();
  const [saving, setSaving] = useState(false);
  const { data: people, error } = useLoad(() => call<PersonView[]>(() => api.GET('/api/organisations/{id}/users', { params: { path: { id: detail.unitId } } })), [detail.unitId]);
  if (!people) return <ErrorNotice error={error} />;
  const changing = onSend === undefined;
  const active = people.filter((p) => !p.disabled);
  const options = active.map((p) => ({ value: p.id, label: `${p.displayName}（${p.username}）` }));
  const holding = (role: string) => active.filter((p) => (p.roles as string[]).includes(role)).map((p) => p.id);
  const inGroup = (role: GroupMember['role']) => detail.group.filter((m) => m.role === role).map((m) => m.userId);
  const initial: Partial<GroupValues> = changing
    ? {
        leaderId: inGroup('group_leader')[0],
        deputyLeaderIds: inGroup('deputy_leader'),
        memberIds: inGroup('member'),
        compilerIds: inGroup('compiler'),
        sealKeeperIds: inGroup('seal_keeper'),
        publisherIds: inGroup('publisher'),
      }
    : {
        leaderId: holding('group_leader')[0],
        deputyLeaderIds: holding('deputy_leader'),
        memberIds: holding('member'),
        compilerIds: holding('compiler'),
        sealKeeperIds: holding('seal_keeper'),
        publisherIds: holding('publisher'),
      };
  const change = async (group: GroupValues) => {
    setSaving(true);
    onError?.(null);
    try {
      await call(() => api.PUT('/api/cases/{id}/group', { params: { path: { id: detail.id } }, body: { group, expectedVersion: detail.version } }));
      message.success('评价小组已调整，已记入办理记录。');
      onChanged?.();
    } catch (failure) {
      onError?.(failure);
      markFields(form, failure);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card type="inner" title={changing ? '调整评价小组' : '成立评价小组'}>
      <Form<GroupValues>
        name={changing ? 'change-group' : 'group'}
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(group) => void (changing ? change(group) : onSend({ type: 'FORM_GROUP', group }, '评价小组已成立。', form))}
        style={{ maxWidth: 720 }}
      >
        <Form.Item label="组长" name="leaderId" rules={[{ required: true, message: '请选择组长' }]}>
          <Select options={options} showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item label="分管领导" name="deputyLeaderIds">
          <Select mode="multiple" options={options} optionFilterProp="label" />
        </Form.Item>
        <Form.Item label="小组成员" name="memberIds" rules={[{ required: true, message: '请至少选择一名成员' }]}>
          <Select mode="multiple" options={options} optionFilterProp="label" />
        </Form.Item>
        <Form.Item label="填报人员" name="compilerIds" rules={[{ required: true, message: '请至少选择一名填报人员' }]}>
          <Select mode="multiple" options={options} optionFilterProp="label" />
        </Form.Item>
        <Form.Item label="印章管理员" name="sealKeeperIds">
          <Select mode="multiple" options={options} optionFilterProp="label" />
        </Form.Item>
        <Form.Item label="公开人员" name="publisherIds">
          <Select mode="multiple" options={options} optionFilterProp="label" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy || saving}>
          {changing ? '保存小组调整' : '成立评价小组'}
        </Button>
      </Form>
    </Card>
  );
}

/** The group leader gives each section a writer and a due date; one row at a time, or every unassigned one at once. */
function AssignmentForm({ detail, onDone, onError }: { detail: CaseDetail; onDone: () => void; onError: (e: unknown) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ assigneeId: string; dueDate: Dayjs; codes: string[] }>();
  const [busy, setBusy] = useState(false);
  const members = detail.group.filter((m) => m.role === 'member').map((m) => ({ value: m.userId, label: m.displayName }));
  const assign = async (values: { assigneeId: string; dueDate: Dayjs; codes: string[] }) => {
    setBusy(true);
    onError(null);
    try {
      for (const code of values.codes) {
        await call(() =>
          api.PUT('/api/cases/{id}/sections/{code}/assignment', {
            params: { path: { id: detail.id, code } },
            body: { assigneeId: values.assigneeId, dueDate: values.dueDate.format('YYYY-MM-DD') },
          }),
        );
      }
      message.success(`已分配 ${values.codes.length} 个章节。`);
      form.resetFields();
      onDone();
    } catch (failure) {
      onError(failure);
      markFields(form, failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card type="inner" title="分配章节">
      <Form
        name="assign"
        form={form}
        layout="vertical"
        onFinish={assign}
        onKeyDown={enterConfirmsDate}
        initialValues={{ codes: detail.sections.filter((s) => !s.assigneeId || !s.dueDate).map((s) => s.code) }}
        style={{ maxWidth: 720 }}
      >
        <Form.Item label="章节" name="codes" rules={[{ required: true, message: '请选择要分配的章节' }]}>
          <Select mode="multiple" options={detail.sections.map((s) => ({ value: s.code, label: `${s.code} ${s.title}` }))} optionFilterProp="label" />
        </Form.Item>
        <Space wrap>
          <Form.Item label="撰写人" name="assigneeId" rules={[{ required: true, message: '请选择撰写人' }]}>
            <Select style={{ minWidth: 200 }} options={members} />
          </Form.Item>
          <Form.Item label="完成期限" name="dueDate" rules={[{ required: true, message: '请选择完成期限' }]}>
            <DatePicker />
          </Form.Item>
        </Space>
        <div>
          <Button htmlType="submit" loading={busy}>
            分配
          </Button>
        </div>
      </Form>
    </Card>
  );
}

/** 加签: the group leader adds an approver of the unit for this version of the report. */
function AddApproverForm({ detail, onDone, onError }: { detail: CaseDetail; onDone: () => void; onError: (e: unknown) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ userId: string; reason: string }>();
  const options = [...new Map(detail.group.map((m) => [m.userId, m.displayName])).entries()].map(([value, label]) => ({ value, label }));
  return (
    <Card type="inner" title="加签（增加审批人）">
      <Form
        name="approver"
        form={form}
        layout="inline"
        onFinish={async (values) => {
          onError(null);
          try {
            await call(() => api.POST('/api/cases/{id}/approvers', { params: { path: { id: detail.id } }, body: values }));
            message.success('已加签。');
            form.resetFields();
            onDone();
          } catch (failure) {
            onError(failure);
            markFields(form, failure);
          }
        }}
      >
        <Form.Item label="审批人" name="userId" rules={[{ required: true, message: '请选择审批人' }]}>
          <Select style={{ minWidth: 180 }} options={options} />
        </Form.Item>
        <Form.Item label="理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写加签理由' }]}>
          <Input />
        </Form.Item>
        <Button htmlType="submit">加签</Button>
      </Form>
    </Card>
  );
}

/** Approving the report, with an optional opinion (审批意见) that the history keeps; 常用语 help write it. */
function ApproveForm({ action, busy, onSend }: { action: CaseAction; busy: boolean; onSend: Send }) {
  const [form] = Form.useForm<{ comment?: string }>();
  return (
    <Form name="approve" form={form} layout="vertical" style={{ maxWidth: 720 }} onFinish={(values) => void onSend({ type: 'APPROVE', ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}) }, '已审核通过。', form)}>
      {action.available && (
        <Form.Item label="审批意见（可不填）" name="comment" extra={<FormPhrasePicker kind="approval" form={form} name="comment" />}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" disabled={!action.available} loading={busy}>
        审核通过报告
      </Button>
      <ActionReasons action={action} />
    </Form>
  );
}

/** A return needs a reason; from internal review it also names the sections to reopen. */
function ReturnForm({ detail, busy, onSend }: { detail: CaseDetail; busy: boolean; onSend: Send }) {
  const [form] = Form.useForm<{ reason: string; sectionCodes?: string[] }>();
  const inReview = detail.state === 'internal_review';
  return (
    <Card type="inner" title={inReview ? '退回修改' : '退回单位'}>
      <Form
        name="return"
        form={form}
        layout="vertical"
        style={{ maxWidth: 720 }}
        onFinish={(values) => void onSend({ type: 'RETURN', reason: values.reason, ...(inReview ? { sectionCodes: values.sectionCodes ?? [] } : {}) }, '已退回。', form)}
      >
        <Form.Item label="退回理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写退回理由' }]} extra={<FormPhrasePicker kind="return" form={form} name="reason" />}>
          <Input.TextArea rows={2} />
        </Form.Item>
        {inReview && (
          <Form.Item label="需要修改的章节" name="sectionCodes" rules={[{ required: true, message: '请选择需要修改的章节' }]}>
            <Select mode="multiple" options={detail.sections.map((s) => ({ value: s.code, label: `${s.code} ${s.title}` }))} optionFilterProp="label" />
          </Form.Item>
        )}
        <Button danger htmlType="submit" loading={busy}>
          退回
        </Button>
      </Form>
    </Card>
  );
}

/**
 * Records the publication with the published file itself: the API compares its SHA-256 with the
 * sealed one. It asks first; a refusal (which earlier version the file is, or what differs) stands
 * at the top of the form and is brought into view.
 */
function PublishForm({ busy, sealedVersion, onSend, error }: { busy: boolean; sealedVersion: number; onSend: Send; error: unknown }) {
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ publishedUrl?: string }>();
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const top = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) top.current?.scrollIntoView({ block: 'start' });
  }, [error]);
  return (
    <Card type="inner" title="登记公开">
      <div ref={top} data-testid="publish-refusal">
        <ErrorNotice error={error} />
      </div>
      <Form
        name="publish"
        form={form}
        layout="vertical"
        style={{ maxWidth: 720 }}
        onFinish={async (values) => {
          if (!file) {
            setMissing(true);
            return;
          }
          // Publication cannot be undone: ask first, and say what the server will check.
          const confirmed = await modal.confirm({
            title: '登记公开？',
            content: /\.pdf$/i.test(file.name)
              ? `将把所选 PDF「${file.name}」与盖章的第 ${sealedVersion} 版比对：盖章版本的 PDF 原件直接通过，重新排版的 PDF 逐节、逐个数字比对文字，一致才登记公开；登记后案卷办结，不能撤回。`
              : `将把所选文件「${file.name}」与盖章的第 ${sealedVersion} 版逐字节比对（SHA-256），一致才登记公开；登记后案卷办结，不能撤回。`,
            okText: '登记公开',
            cancelText: '取消',
          });
          if (!confirmed) return;
          const publishedDocumentBase64 = await toBase64(file);
          await onSend({ type: 'PUBLISH', publishedDocumentBase64, ...(values.publishedUrl ? { publishedUrl: values.publishedUrl } : {}) }, '已登记公开。', form);
        }}
      >
        <Form.Item
          label="公开的报告文件（.docx 或 PDF）"
          required
          validateStatus={missing ? 'error' : undefined}
          help={missing ? '请选择公开的报告文件' : '.docx 须与盖章版本完全一致；PDF 可以是盖章版本的原件，也可以是重新排版的文件（文字与数字须与盖章版本一致）。'}
        >
          <Upload
            accept=".docx,.pdf"
            maxCount={1}
            beforeUpload={(chosen) => {
              setFile(chosen);
              setMissing(false);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button>选择文件</Button>
          </Upload>
        </Form.Item>
        <Form.Item label="公开网址" name="publishedUrl">
          <Input type="url" placeholder="https://" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          登记公开
        </Button>
      </Form>
    </Card>
  );
}

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
