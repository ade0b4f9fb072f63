import { useCallback, useEffect, useState } from 'react';
import { App, Button, Form, List, Popover, Space, Typography, type FormInstance } from 'antd';
import { api, ApiProblem, call } from '../api/client';
import { describe } from '../api/errors';
import type { Phrase, PhraseKind } from '../api/views';

const KIND_LABELS: Record<PhraseKind, string> = { approval: '审批意见', return: '退回理由', comment: '评论' };

/**
 * 常用语 beside a text box: pick one of one's saved phrases to insert (added after what is
 * written), or save what is written as a phrase for this use. The defaults show while the person
 * has saved none of their own for it.
 */
export function PhrasePicker({ kind, value, onChange, label }: { kind: PhraseKind; value: string; onChange: (next: string) => void; label?: string }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [phrases, setPhrases] = useState<Phrase[] | null>(null);
  const [busy, setBusy] = useState(false);
  const what = label ?? KIND_LABELS[kind];

  const load = useCallback(async () => {
    try {
      setPhrases(await call<Phrase[]>(() => api.GET('/api/me/phrases', { params: { query: { kind } } })));
    } catch (failure) {
      setPhrases([]);
      message.error(failure instanceof ApiProblem ? describe(failure) : '常用语读取失败，请稍后再试。');
    }
  }, [kind, message]);
  useEffect(() => {
    if (open) void load();
  }, [open, load]);

  const text = value.trim();
  const save = async () => {
    setBusy(true);
    try {
      await call(() => api.POST('/api/me/phrases', { body: { text, kind } }));
      message.success('已存为常用语。');
      if (open) await load();
    } catch (failure) {
      message.error(failure instanceof ApiProblem ? describe(failure) : '保存失败，请稍后再试。');
    } finally {
      setBusy(false);
    }
  };
  const remove = async (phrase: Phrase) => {
    try {
      await call(() => api.DELETE('/api/me/phrases/{id}', { params: { path: { id: phrase.id! } } }));
      await load();
    } catch (failure) {
      message.error(failure instanceof ApiProblem ? describe(failure) : '删除失败，请稍后再试。');
    }
  };
  const insert = (phrase: Phrase) => {
    onChange(value.trim() ? `${value}${phrase.text}` : phrase.text);
    setOpen(false);
  };

  const content = (
    <div style={{ width: 300, maxWidth: 'calc(100vw - 48px)' }} data-testid={`phrases-${kind}`}>
      <List
        size="small"
        loading={phrases === null}
        dataSource={phrases ?? []}
        locale={{ emptyText: '还没有常用语。写好后可点“存为常用语”。' }}
        renderItem={(phrase) => (
          <List.Item
            style={{ paddingInline: 0 }}
            actions={
              phrase.id
                ? [
                    <Button key="remove" type="link" size="small" aria-label={`删除常用语：${phrase.text}`} onClick={() => void remove(phrase)}>
                      删除
                    </Button>,
                  ]
                : []
            }
          >
            <Button type="link" size="small" style={{ whiteSpace: 'normal', textAlign: 'left', height: 'auto', padding: 0 }} onClick={() => insert(phrase)}>
              {phrase.text}
            </Button>
          </List.Item>
        )}
      />
      {phrases?.some((p) => p.builtIn) && <Typography.Text type="secondary" style={{ fontSize: 12 }}>以上为系统提供的常用语；保存自己的常用语后将改为显示您自己的。</Typography.Text>}
    </div>
  );

  return (
    <Space size={4} wrap data-testid={`phrase-picker-${kind}`}>
      <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomLeft" title={`常用${what}`} content={content}>
        <Button size="small" title={`插入常用${what}`}>
          常用语
        </Button>
      </Popover>
      <Button size="small" disabled={!text || text.length > 200} loading={busy} onClick={() => void save()} title={`把写好的${what}存为常用语`}>
        存为常用语
      </Button>
    </Space>
  );
}

/** The picker for a text field of an antd form (by its name). */
export function FormPhrasePicker<Values extends object>({ kind, form, name }: { kind: PhraseKind; form: FormInstance<Values>; name: keyof Values & string }) {
  const value = (Form.useWatch(name, form) as string | undefined) ?? '';
  return <PhrasePicker kind={kind} value={value} onChange={(next) => form.setFieldValue(name as Parameters<typeof form.setFieldValue>[0], next)} />;
}
