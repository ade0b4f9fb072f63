import { useState, type ReactNode } from 'react';
import { Alert, Button, Drawer, Grid, Space, Spin, Typography } from 'antd';
import { download, saveFile } from '../api/client';
import { ErrorNotice } from './ErrorNotice';

/** The frame's own policy on top of its sandbox: the draft is the server's escaped HTML, and nothing in it may load or run. */
const FRAME_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

function framed(html: string): string {
  return html.replace('<head>', `<head><meta http-equiv="Content-Security-Policy" content="${FRAME_POLICY}">`);
}

/** Saves the report as it stands as a .docx marked 草稿. */
export function DraftDocxButton({ caseId, size }: { caseId: string; size?: 'small' | 'middle' }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const { blob, fileName } = await download(`/api/cases/${caseId}/draft.docx`);
      saveFile(blob, fileName);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size={size} loading={busy} onClick={() => void save()} data-testid="draft-docx">
        下载草稿 .docx
      </Button>
      {error ? <ErrorNotice error={error} /> : null}
    </>
  );
}

/**
 * 预览报告（草稿）: the report as it stands, rendered by the seal's code, in a drawer beside the page,
 * so that whoever approves or seals reads what they approve without leaving the action.
 */
export function DraftPreviewButton({ caseId, label = '预览报告（草稿）', size }: { caseId: string; label?: string; size?: 'small' | 'middle' }) {
  return (
    <PreviewButton
      path={`/api/cases/${caseId}/draft.html`}
      label={label}
      size={size}
      title="报告预览（草稿）"
      notice="这是报告的当前内容，未盖章，仅供审阅；盖章时以当时的内容为准。"
      extra={<DraftDocxButton caseId={caseId} size="small" />}
      testId="draft"
    />
  );
}

/** 预览第 N 版: a sealed version's HTML, as stored at the seal, in the same drawer. */
export function SealedPreviewButton({ caseId, version }: { caseId: string; version: number }) {
  return <PreviewButton path={`/api/cases/${caseId}/sealed-versions/${version}/preview`} label={`预览第 ${version} 版`} size="small" title={`盖章版本预览（第 ${version} 版）`} testId="sealed" />;
}

function PreviewButton(props: { path: string; label: string; size?: 'small' | 'middle'; title: string; notice?: string; extra?: ReactNode; testId: string }) {
  const [open, setOpen] = useState(false);
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const screens = Grid.useBreakpoint();
  const load = async () => {
    setHtml(null);
    setError(null);
    try {
      const { blob } = await download(props.path);
      setHtml(framed(await blob.text()));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <>
      <Button
        size={props.size}
        onClick={() => {
          setOpen(true);
          void load();
        }}
        data-testid={`${props.testId}-preview`}
      >
        {props.label}
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        size={screens.md ? 900 : '100%'}
        title={props.title}
        extra={props.extra}
        styles={{ body: { padding: screens.md ? 16 : 8, display: 'flex', flexDirection: 'column' } }}
      >
        {props.notice ? <Alert type="warning" showIcon title={props.notice} style={{ marginBottom: 8 }} /> : null}
        {error ? <ErrorNotice error={error} onReload={() => void load()} /> : null}
        {html === null && !error ? (
          <Space style={{ padding: 24 }}>
            <Spin />
            <Typography.Text type="secondary">正在生成预览……</Typography.Text>
          </Space>
        ) : null}
        {html !== null ? (
          <iframe
            title={props.title}
            sandbox=""
            referrerPolicy="no-referrer"
            srcDoc={html}
            data-testid={`${props.testId}-frame`}
            style={{ width: '100%', flex: 1, minHeight: 480, border: '1px solid #eee', borderRadius: 4, background: '#fff' }}
          />
        ) : null}
      </Drawer>
    </>
  );
}
