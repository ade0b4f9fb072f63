import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Col, Input, List, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import { checkSectionText } from '@jixiao/report';
import { Link, useParams } from 'react-router-dom';
import { actionOf, isShown } from '../actions';
import { api, call } from '../api/client';
import type { CaseDetail, SectionBlock, SectionContent, SectionRevision } from '../api/views';
import { SectionReturnNotice } from '../components/ReturnNotice';
import { ReopenRequestNotice, SectionStepBackButtons, type StepBackType } from '../components/StepBack';
import { ErrorNotice } from '../components/ErrorNotice';
import { PhrasePicker } from '../components/PhrasePicker';
import { openByBlock, SectionCommentsPanel, useSectionComments } from '../components/SectionComments';
import { ProblemList, fieldStatus } from '../components/ProblemList';
import { DraftPreviewButton } from '../components/DraftPreview';
import { newTable, TableBlockEditor, type EditableTable } from '../components/TableBlockEditor';
import { SECTION_STATE_LABELS, shanghaiTime } from '../labels';
import { useLoad } from '../use-load';

interface Loaded {
  detail: CaseDetail;
  content: SectionContent;
  revisions: SectionRevision[];
}

/** A section's text: its writer drafts and submits it, every save kept as a revision; a leader approves or returns it. */
export function SectionEditorPage() {
  const { caseId = '', code = '' } = useParams();
  const { message } = App.useApp();
  const [blocks, setBlocks] = useState<SectionBlock[]>([]);
  const [serverProblems, setServerProblems] = useState<SectionContent['problems'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [returnReason, setReturnReason] = useState('');
  const [viewing, setViewing] = useState<SectionRevision | null>(null);
  const comments = useSectionComments(caseId, code);
  // The block a new comment is about (评论 beside it), or null for the whole section.
  const [anchor, setAnchor] = useState<number | null>(null);
  const { data, error: loadError, reload } = useLoad<Loaded>(async () => {
    const section = { params: { path: { id: caseId, code } } };
    const [detail, content, revisions] = await Promise.all([
      call<CaseDetail>(() => api.GET('/api/cases/{id}', { params: { path: { id: caseId } } })),
      call<SectionContent>(() => api.GET('/api/cases/{id}/sections/{code}/content', section)),
      call<SectionRevision[]>(() => api.GET('/api/cases/{id}/sections/{code}/revisions', section)),
    ]);
    return { detail, content, revisions };
  }, [caseId, code]);

  useEffect(() => {
    if (!data) return;
    setBlocks(data.content.blocks.length > 0 ? data.content.blocks : [{ type: 'paragraph', text: '' }]);
  }, [data]);
  // The checks of the last save stay until another section is opened: the reload after a save must not wipe them.
  useEffect(() => setServerProblems(null), [caseId, code]);

  // The same check the API runs on save, as the writer types.
  const liveProblems = useMemo(() => checkSectionText(code, blocks), [code, blocks]);

  if (!data) return <Card loading={!loadError}>{loadError ? <ErrorNotice error={loadError} onReload={reload} /> : null}</Card>;
  const { detail, content, revisions } = data;
  // The controls follow the caller's actions on this section (its writer's, its approvers' within their remit).
  const caseSection = detail.sections.find((s) => s.code === code);
  const sectionActions = caseSection?.actions;
  const editable = actionOf(sectionActions, 'EDIT')?.available === true;
  const submit = actionOf(sectionActions, 'SUBMIT');
  const approve = actionOf(sectionActions, 'APPROVE');
  const giveBack = actionOf(sectionActions, 'RETURN');
  const names = new Map(detail.group.map((m) => [m.userId, m.displayName]));
  const problemsAt = (index: number) => liveProblems.filter((p) => p.path === `sections.${code}.blocks.${index}` || p.path.startsWith(`sections.${code}.blocks.${index}.`));
  const sectionWide = liveProblems.filter((p) => !/\.blocks\.\d+/.test(p.path));

  const run = async (kind: string, work: () => Promise<unknown>, done: string) => {
    setBusy(kind);
    setError(null);
    try {
      await work();
      message.success(done);
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setBusy(null);
    }
  };
  const save = () =>
    run(
      'save',
      async () => {
        const saved = await call<SectionContent>(() =>
          api.PUT('/api/cases/{id}/sections/{code}/content', { params: { path: { id: caseId, code } }, body: { blocks, expectedRevision: content.revision } }),
        );
        reload();
        setServerProblems(saved.problems);
      },
      '已保存为新的修订版本。',
    );
  const sectionEvent = (type: 'SUBMIT' | 'APPROVE' | 'RETURN' | StepBackType, done: string, reason?: string) =>
    run(
      type,
      async () => {
        await call(() => api.POST('/api/cases/{id}/sections/{code}/events', { params: { path: { id: caseId, code } }, body: { type, expectedVersion: content.version, ...(reason ? { reason } : {}) } }));
        reload();
      },
      done,
    );
  const openComments = openByBlock(comments.data);
  const commentOn = (index: number) => {
    setAnchor(index);
    // On a phone the panel is below the text: bring the new comment into view.
    setTimeout(() => document.querySelector('[data-testid="new-comment"]')?.scrollIntoView({ block: 'center', behavior: 'smooth' }), 0);
  };
  const commentButton = (index: number) => {
    const open = openComments.get(index) ?? 0;
    if (!comments.data?.mayComment && open === 0) return null;
    return (
      <Button size="small" type={anchor === index ? 'primary' : 'default'} ghost={anchor === index} aria-label={`评论第 ${index + 1} 段`} onClick={() => commentOn(index)} disabled={!comments.data?.mayComment}>
        评论{open > 0 ? `（${open}）` : ''}
      </Button>
    );
  };
  const update = (index: number, change: Partial<{ type: 'heading' | 'paragraph'; text: string }>) =>
    setBlocks((current) => current.map((block, i) => (i === index ? ({ ...block, ...change } as SectionBlock) : block)));
  const replace = (index: number, block: SectionBlock) => setBlocks((current) => current.map((b, i) => (i === index ? block : b)));
  const move = (index: number, by: -1 | 1) =>
    setBlocks((current) => {
      const next = [...current];
      [next[index], next[index + by]] = [next[index + by]!, next[index]!];
      return next;
    });
  /** 上移, 下移 and 删除 of a block, for its writer. */
  const blockMoves = (index: number, what: string) =>
    editable && (
      <>
        <Button size="small" disabled={index === 0} aria-label={`上移第 ${index + 1} 块`} onClick={() => move(index, -1)}>
          上移
        </Button>
        <Button size="small" disabled={index === blocks.length - 1} aria-label={`下移第 ${index + 1} 块`} onClick={() => move(index, 1)}>
          下移
        </Button>
        {blocks.length > 1 && (
          <Button size="small" onClick={() => setBlocks((current) => current.filter((_, i) => i !== index))}>
            删除此{what}
          </Button>
        )}
      </>
    );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
      <Col xs={24} lg={comments.data ? 15 : 24}>
      <Card
        title={<h1 style={{ fontSize: 20, margin: 0 }}>{content.code} {content.title}</h1>}
        extra={<Tag data-testid="section-state">{SECTION_STATE_LABELS[content.state] ?? content.state}</Tag>}
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Link to={`/cases/${caseId}`}>← 返回 {detail.unitName} 的评价任务</Link>
          {!isShown(approve) && <DraftPreviewButton caseId={caseId} size="small" />}
        </Space>
        <SectionReturnNotice caseId={caseId} code={code} state={content.state} />
        {caseSection && <ReopenRequestNotice section={caseSection} names={names} />}
        <Typography.Paragraph type="secondary">
          撰写人：{content.assigneeId ? (names.get(content.assigneeId) ?? '—') : '未分配'}；完成期限：{content.dueDate ?? '—'}；当前修订：第 {content.revision} 次保存
          {content.savedAt ? `（${shanghaiTime(content.savedAt)}）` : ''}
        </Typography.Paragraph>
        <ErrorNotice error={error} onReload={() => { setError(null); reload(); }} />
        {serverProblems && serverProblems.length > 0 && (
          <Card type="inner" size="small" title="保存后系统检查发现的问题" style={{ marginBottom: 12 }}>
            <ProblemList problems={serverProblems} strict />
          </Card>
        )}
        <ProblemList problems={sectionWide} live />
        {blocks.map((block, index) =>
          block.type === 'table' ? (
            <Card
              key={index}
              size="small"
              type="inner"
              title={block.caption || '表格'}
              extra={<Space wrap size={4}>{blockMoves(index, '表格')}{commentButton(index)}</Space>}
              style={{ marginTop: 12, ...(anchor === index ? { borderColor: '#faad14' } : {}) }}
            >
              <TableBlockEditor table={block as EditableTable} index={index} editable={editable} onChange={(table) => replace(index, table)} />
              <ProblemList problems={problemsAt(index)} live />
            </Card>
          ) : !editable ? (
            // Read, not edited: the text as it will print, with 评论 beside each block.
            <div key={index} role="group" aria-label={`第 ${index + 1} 段`} data-testid="section-block" style={{ marginTop: 12, padding: '4px 8px', borderRadius: 4, background: anchor === index ? '#fffbe6' : undefined }}>
              {block.type === 'heading' ? (
                <h3 style={{ fontSize: 16, margin: '4px 0' }}>{block.text || '（空标题）'}</h3>
              ) : (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15, lineHeight: 1.8, margin: 0, textIndent: '2em' }}>
                  {block.text || <Typography.Text type="secondary">（空段落）</Typography.Text>}
                </Typography.Paragraph>
              )}
              <div style={{ textAlign: 'right' }}>{commentButton(index)}</div>
            </div>
          ) : (
            <div key={index} style={{ marginTop: 12 }}>
              <Space wrap style={{ marginBottom: 4 }}>
                <Select
                  aria-label={`第 ${index + 1} 段的类型`}
                  size="small"
                  value={block.type}
                  disabled={!editable}
                  style={{ width: 100 }}
                  options={[{ value: 'paragraph', label: '正文' }, { value: 'heading', label: '小标题' }]}
                  onChange={(type: 'heading' | 'paragraph') => update(index, { type })}
                />
                {blockMoves(index, '段')}
                {commentButton(index)}
              </Space>
              <Input.TextArea
                aria-label={`第 ${index + 1} 段`}
                autoSize={{ minRows: block.type === 'heading' ? 1 : 3 }}
                value={block.text}
                readOnly={!editable}
                status={fieldStatus(problemsAt(index))}
                onChange={(event) => update(index, { text: event.target.value })}
              />
              <ProblemList problems={problemsAt(index)} live />
            </div>
          ),
        )}
        <Space wrap style={{ marginTop: 16 }}>
          {editable && <Button onClick={() => setBlocks((current) => [...current, { type: 'paragraph', text: '' }])}>添加一段</Button>}
          {editable && <Button onClick={() => setBlocks((current) => [...current, newTable()])}>插入表格</Button>}
          {editable && (
            <Button type="primary" loading={busy === 'save'} onClick={() => void save()}>
              保存
            </Button>
          )}
          {isShown(submit) && (
            <Button disabled={!submit.available} loading={busy === 'SUBMIT'} onClick={() => void sectionEvent('SUBMIT', '已提交审核。')}>
              提交审核
            </Button>
          )}
          {isShown(approve) && (
            <Button type="primary" disabled={!approve.available} loading={busy === 'APPROVE'} onClick={() => void sectionEvent('APPROVE', '章节已审核通过。')}>
              审核通过
            </Button>
          )}
          {isShown(approve) && <DraftPreviewButton caseId={caseId} label="先预览报告（草稿）" />}
          {isShown(giveBack) && (
            <>
              <Input aria-label="退回理由" placeholder="退回理由" value={returnReason} onChange={(e) => setReturnReason(e.target.value)} style={{ width: 240 }} />
              <PhrasePicker kind="return" value={returnReason} onChange={setReturnReason} />
              <Button danger disabled={!giveBack.available || !returnReason.trim()} loading={busy === 'RETURN'} onClick={() => void sectionEvent('RETURN', '已退回撰写人修改。', returnReason.trim()).then((ok) => ok && setReturnReason(''))}>
                退回修改
              </Button>
            </>
          )}
          {caseSection && (
            <SectionStepBackButtons
              section={caseSection}
              writer={content.assigneeId ? (names.get(content.assigneeId) ?? '') : ''}
              busy={busy}
              onSend={(type, done, reason) => sectionEvent(type, done, reason)}
              error={error}
              onReload={() => {
                setError(null);
                reload();
              }}
            />
          )}
        </Space>
      </Card>
      </Col>
      {comments.data && (
        <Col xs={24} lg={9}>
          <SectionCommentsPanel caseId={caseId} code={code} comments={comments.data} onChange={comments.setData} blocks={blocks} anchor={anchor} onAnchor={setAnchor} />
        </Col>
      )}
      </Row>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>修订记录</h2>}>
        <List
          dataSource={revisions}
          locale={{ emptyText: '尚未保存过。' }}
          renderItem={(revision) => (
            <List.Item actions={[<Button key="view" size="small" onClick={() => setViewing(revision)}>查看</Button>]}>
              第 {revision.revision} 次保存 · {names.get(revision.authorId) ?? '—'} · {shanghaiTime(revision.savedAt)} · 内容第 {revision.contentVersion} 版
            </List.Item>
          )}
        />
      </Card>
      <Modal
        open={viewing !== null}
        title={viewing ? `第 ${viewing.revision} 次保存的内容` : ''}
        onCancel={() => setViewing(null)}
        footer={
          editable && viewing
            ? [
                <Button key="use" onClick={() => { setBlocks(viewing.blocks); setViewing(null); }}>
                  以此版本为底稿
                </Button>,
              ]
            : null
        }
      >
        {viewing?.blocks.map((block, index) => (block.type === 'table' ? (
            <div key={index} style={{ margin: '8px 0' }}>
              {block.caption ? <Typography.Text strong>{block.caption}</Typography.Text> : null}
              <TableBlockEditor table={block as EditableTable} index={index} editable={false} onChange={() => undefined} />
            </div>
          ) : block.type === 'heading' ? <h4 key={index}>{block.text}</h4> : <p key={index}>{block.text}</p>))}
      </Modal>
    </Space>
  );
}
