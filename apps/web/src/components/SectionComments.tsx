import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Empty, Input, Popconfirm, Segmented, Space, Tag, Typography } from 'antd';
import { api, ApiProblem, call } from '../api/client';
import type { CommentThread, SectionBlock, SectionComments } from '../api/views';
import { ErrorNotice } from './ErrorNotice';
import { PhrasePicker } from './PhrasePicker';
import { shanghaiTime } from '../labels';

/**
 * A section's comments for the people who take part in them (its writer, its approvers, the
 * compilers). `forbidden`: the API answered 403, so the page shows no panel at all.
 */
export function useSectionComments(caseId: string, code: string) {
  const [data, setData] = useState<SectionComments | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setData(await call<SectionComments>(() => api.GET('/api/cases/{id}/sections/{code}/comments', { params: { path: { id: caseId, code } } })));
      setForbidden(false);
      setError(null);
    } catch (failure) {
      if (failure instanceof ApiProblem && failure.status === 403) setForbidden(true);
      else setError(failure);
    }
  }, [caseId, code]);
  useEffect(() => {
    void load();
  }, [load]);
  return { data, setData, forbidden, error, reload: load };
}

/** Open threads per block, for the 评论 buttons beside the text. */
export function openByBlock(comments: SectionComments | null): Map<number, number> {
  const counts = new Map<number, number>();
  for (const thread of comments?.threads ?? []) {
    if (thread.blockIndex !== null && thread.resolvedAt === null) counts.set(thread.blockIndex, (counts.get(thread.blockIndex) ?? 0) + 1);
  }
  return counts;
}

const LOG_WORDS = { resolved: '标为已解决', reopened: '重新打开', deleted: '撤回' } as const;

/**
 * The comments panel: the threads (open first; resolved ones on demand), each with its quote,
 * replies and log; a new comment on the whole section or on the block chosen with 评论 beside it.
 */
export function SectionCommentsPanel({
  caseId,
  code,
  comments,
  onChange,
  blocks,
  anchor,
  onAnchor,
}: {
  caseId: string;
  code: string;
  comments: SectionComments;
  onChange: (next: SectionComments) => void;
  blocks: readonly SectionBlock[];
  anchor: number | null;
  onAnchor: (index: number | null) => void;
}) {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [show, setShow] = useState<'open' | 'all'>('open');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const base = `/api/cases/{id}/sections/{code}/comments` as const;
  const path = { id: caseId, code };

  const act = async (key: string, work: () => Promise<SectionComments>, done: string) => {
    setBusy(key);
    setError(null);
    try {
      onChange(await work());
      message.success(done);
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setBusy(null);
    }
  };
  const post = () =>
    act(
      'new',
      () => call<SectionComments>(() => api.POST(base, { params: { path }, body: { text: text.trim(), ...(anchor !== null ? { blockIndex: anchor } : {}) } })),
      '评论已发表。',
    ).then((ok) => {
      if (ok) {
        setText('');
        onAnchor(null);
      }
    });

  const shown = comments.threads.filter((t) => show === 'all' || t.resolvedAt === null);
  const anchored = anchor !== null ? blocks[anchor] : undefined;
  return (
    <Card
      data-testid="comments-panel"
      title={<h2 style={{ fontSize: 18, margin: 0 }}>评论{comments.open > 0 ? <Tag color="orange" style={{ marginLeft: 8 }}>{comments.open} 条待解决</Tag> : null}</h2>}
      extra={
        <Segmented
          size="small"
          value={show}
          onChange={(v) => setShow(v as 'open' | 'all')}
          options={[
            { value: 'open', label: '待解决' },
            { value: 'all', label: `全部（${comments.threads.length}）` },
          ]}
        />
      }
    >
      <ErrorNotice error={error} onReload={() => setError(null)} />
      {shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={comments.threads.length === 0 ? '还没有评论。' : '没有待解决的评论。'} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          {shown.map((thread) => (
            <Thread key={thread.id} thread={thread} busy={busy} mayComment={comments.mayComment} onAct={act} caseId={caseId} code={code} />
          ))}
        </Space>
      )}
      {comments.mayComment && (
        <div style={{ marginTop: 16 }} data-testid="new-comment">
          <Typography.Text strong>{anchor !== null ? `评论第 ${anchor + 1} 段` : '评论整个章节'}</Typography.Text>
          {anchor !== null && (
            <>
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '4px 0', borderLeft: '3px solid #d9d9d9', paddingLeft: 8 }}>
                {anchored ? (anchored.type === 'table' ? (anchored.caption ?? '表格') : anchored.text) : ''}
              </Typography.Paragraph>
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onAnchor(null)}>
                改为评论整个章节
              </Button>
            </>
          )}
          <Input.TextArea aria-label="评论内容" rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} style={{ marginTop: 4 }} />
          <Space wrap style={{ marginTop: 8 }}>
            <Button type="primary" disabled={!text.trim()} loading={busy === 'new'} onClick={() => void post()}>
              发表评论
            </Button>
            <PhrasePicker kind="comment" value={text} onChange={setText} />
          </Space>
        </div>
      )}
    </Card>
  );
}

function Thread({
  thread,
  busy,
  mayComment,
  onAct,
  caseId,
  code,
}: {
  thread: CommentThread;
  busy: string | null;
  mayComment: boolean;
  onAct: (key: string, work: () => Promise<SectionComments>, done: string) => Promise<boolean>;
  caseId: string;
  code: string;
}) {
  const [reply, setReply] = useState('');
  const [replying, setReplying] = useState(false);
  const path = { id: caseId, code, commentId: thread.id };
  const resolved = thread.resolvedAt !== null;
  return (
    <div data-testid="comment-thread" style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 12, background: resolved ? '#fafafa' : undefined }}>
      {thread.blockIndex !== null && (
        <Typography.Paragraph type="secondary" style={{ margin: '0 0 6px', borderLeft: '3px solid #d9d9d9', paddingLeft: 8, fontSize: 13 }}>
          第 {thread.blockIndex + 1} 段：{thread.blockQuote}
        </Typography.Paragraph>
      )}
      <div>
        <Typography.Text strong>{thread.authorName}</Typography.Text>{' '}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {shanghaiTime(thread.createdAt)} · 第 {thread.revision} 次保存时
        </Typography.Text>
        {resolved && <Tag color="green" style={{ marginLeft: 8 }}>已解决</Tag>}
      </div>
      <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>{thread.text}</Typography.Paragraph>
      {thread.replies.map((r) => (
        <div key={r.id} style={{ marginLeft: 16, paddingLeft: 8, borderLeft: '2px solid #e6f4ff', marginTop: 6 }}>
          <Typography.Text strong>{r.authorName}</Typography.Text>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{shanghaiTime(r.createdAt)}</Typography.Text>
          <Typography.Paragraph style={{ margin: '2px 0', whiteSpace: 'pre-wrap' }}>{r.text}</Typography.Paragraph>
          {r.mayDelete && (
            <Popconfirm title="撤回这条回复？" okText="撤回" cancelText="取消" onConfirm={() => void onAct(`delete:${r.id}`, () => call<SectionComments>(() => api.DELETE('/api/cases/{id}/sections/{code}/comments/{commentId}', { params: { path: { id: caseId, code, commentId: r.id } } })), '已撤回。')}>
              <Button type="link" size="small" style={{ padding: 0 }}>撤回</Button>
            </Popconfirm>
          )}
        </div>
      ))}
      {thread.log.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }}>
          {thread.log.map((entry) => `${entry.actorName} ${shanghaiTime(entry.at)} ${LOG_WORDS[entry.kind]}`).join('；')}
        </Typography.Paragraph>
      )}
      {replying && (
        <div style={{ marginTop: 8 }}>
          <Input.TextArea aria-label="回复内容" rows={2} maxLength={2000} value={reply} onChange={(e) => setReply(e.target.value)} />
          <Space wrap style={{ marginTop: 6 }}>
            <Button
              size="small"
              type="primary"
              disabled={!reply.trim()}
              loading={busy === `reply:${thread.id}`}
              onClick={() =>
                void onAct(`reply:${thread.id}`, () => call<SectionComments>(() => api.POST('/api/cases/{id}/sections/{code}/comments/{commentId}/replies', { params: { path }, body: { text: reply.trim() } })), '已回复。').then((ok) => {
                  if (ok) {
                    setReply('');
                    setReplying(false);
                  }
                })
              }
            >
              发表回复
            </Button>
            <Button size="small" onClick={() => setReplying(false)}>取消</Button>
            <PhrasePicker kind="comment" value={reply} onChange={setReply} />
          </Space>
        </div>
      )}
      <Space wrap size={4} style={{ marginTop: 6 }}>
        {mayComment && !replying && (
          <Button size="small" onClick={() => setReplying(true)}>
            回复
          </Button>
        )}
        {thread.mayResolve && (
          <Button size="small" type="primary" ghost loading={busy === `resolve:${thread.id}`} onClick={() => void onAct(`resolve:${thread.id}`, () => call<SectionComments>(() => api.POST('/api/cases/{id}/sections/{code}/comments/{commentId}/resolve', { params: { path } })), '已标为解决。')}>
            解决
          </Button>
        )}
        {thread.mayReopen && (
          <Button size="small" loading={busy === `reopen:${thread.id}`} onClick={() => void onAct(`reopen:${thread.id}`, () => call<SectionComments>(() => api.POST('/api/cases/{id}/sections/{code}/comments/{commentId}/reopen', { params: { path } })), '已重新打开。')}>
            重新打开
          </Button>
        )}
        {thread.mayDelete && (
          <Popconfirm title="撤回这条评论？" okText="撤回" cancelText="取消" onConfirm={() => void onAct(`delete:${thread.id}`, () => call<SectionComments>(() => api.DELETE('/api/cases/{id}/sections/{code}/comments/{commentId}', { params: { path } })), '已撤回。')}>
            <Button size="small" danger>
              撤回
            </Button>
          </Popconfirm>
        )}
      </Space>
    </div>
  );
}
