import { useState } from 'react';
import { Alert, Button, Input, Modal, Popconfirm, Typography } from 'antd';
import { ErrorNotice } from './ErrorNotice';
import { actionOf, isShown, type ViewAction } from '../actions';
import type { CaseDetail } from '../api/views';
import { shanghaiTime } from '../labels';
import { ActionReasons } from './ActionReasons';

/** The section steps that take one back: 撤回, 重新打开, 申请重新打开 and its answer. */
export type StepBackType = 'WITHDRAW' | 'REOPEN' | 'REQUEST_REOPEN' | 'DECLINE_REOPEN';

type Send = (type: StepBackType, done: string, reason?: string) => Promise<boolean>;

/** What a step with a reason asks in its dialog. */
interface Asking {
  type: Exclude<StepBackType, 'WITHDRAW'>;
  title: string;
  description: string;
  okText: string;
  placeholder: string;
  done: string;
}

type Section = CaseDetail['sections'][number];

/** A compiler's request to reopen an approved section, shown on its page while it waits for a leader's answer. */
export function ReopenRequestNotice({ section, names }: { section: Section; names: Map<string, string> }) {
  const request = section.reopenRequest;
  if (!request || section.state !== 'approved') return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="reopen-request"
      title="已申请重新打开这个章节，等待评价小组组长或分管领导处理"
      description={
        <>
          <div>
            申请人：{names.get(request.requestedBy) ?? '填报人员'}，{shanghaiTime(request.requestedAt)}
          </div>
          <div>理由：{request.reason}</div>
        </>
      }
    />
  );
}

/**
 * The buttons of the steps back on a section page, drawn from the caller's actions: each asks
 * first and says what will happen; those that need a reason ask for it in a dialog.
 */
export function SectionStepBackButtons({ section, writer, busy, onSend, error, onReload }: { section: Section; writer: string; busy: string | null; onSend: Send; error?: unknown; onReload?: () => void }) {
  const [asking, setAsking] = useState<Asking | null>(null);
  const [reason, setReason] = useState('');
  const [refused, setRefused] = useState(false);
  const action = (type: StepBackType) => actionOf(section.actions as ViewAction[], type);
  const withdraw = action('WITHDRAW');
  const reopen = action('REOPEN');
  const request = action('REQUEST_REOPEN');
  const decline = action('DECLINE_REOPEN');
  const open = (next: Asking) => {
    setReason('');
    setRefused(false);
    setAsking(next);
  };
  const reopenAsking: Asking = {
    type: 'REOPEN',
    title: '重新打开这个已审核的章节？',
    description: `章节将回到“撰写中”，交撰写人${writer}修改，改完后重新提交审核；原来的审核通过不再有效。${section.reopenRequest ? '待处理的重新打开申请随之办结。' : ''}理由会记入办理记录，撰写人可以看到。`,
    okText: '重新打开',
    placeholder: '例如：收入合计与基础数据表不符，请核对后修改',
    done: '章节已重新打开，撰写人可以修改。',
  };

  return (
    <>
      {isShown(withdraw) && (
        <div data-action="WITHDRAW" data-available={withdraw.available}>
          <Popconfirm
            title="撤回提交？"
            description={<div style={{ maxWidth: 340 }}>章节回到“撰写中”，审核人的待办随之撤销；修改后可以再次提交审核。撤回会记入办理记录。</div>}
            okText="撤回"
            cancelText="取消"
            disabled={!withdraw.available}
            onConfirm={() => onSend('WITHDRAW', '已撤回，章节回到撰写中。')}
          >
            <Button disabled={!withdraw.available} loading={busy === 'WITHDRAW'}>
              撤回
            </Button>
          </Popconfirm>
        </div>
      )}
      {isShown(reopen) && (
        <div data-action="REOPEN" data-available={reopen.available}>
          <Button danger disabled={!reopen.available} loading={busy === 'REOPEN'} onClick={() => open(reopenAsking)}>
            重新打开
          </Button>
        </div>
      )}
      {isShown(decline) && (
        <div data-action="DECLINE_REOPEN" data-available={decline.available}>
          <Button
            disabled={!decline.available}
            loading={busy === 'DECLINE_REOPEN'}
            onClick={() =>
              open({
                type: 'DECLINE_REOPEN',
                title: '不同意重新打开？',
                description: '章节保持“已审核”，申请随之办结；理由会记入办理记录，申请人可以看到。',
                okText: '不同意',
                placeholder: '例如：差额在容差之内，不需修改',
                done: '已答复：不同意重新打开。',
              })
            }
          >
            不同意重新打开
          </Button>
        </div>
      )}
      {isShown(request) && (
        <div data-action="REQUEST_REOPEN" data-available={request.available}>
          <Button
            disabled={!request.available}
            loading={busy === 'REQUEST_REOPEN'}
            onClick={() =>
              open({
                type: 'REQUEST_REOPEN',
                title: '申请重新打开这个章节？',
                description: '申请交评价小组组长和分管这个章节的领导处理；处理之前章节保持“已审核”。理由会记入办理记录。',
                okText: '提出申请',
                placeholder: '例如：汇总时发现人员编制数与基础数据表不符',
                done: '已申请重新打开，等待组长或分管领导处理。',
              })
            }
          >
            申请重新打开
          </Button>
          <ActionReasons action={request} />
        </div>
      )}
      <Modal
        open={asking !== null}
        title={asking?.title}
        okText={asking?.okText}
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim() === '', danger: asking?.type === 'REOPEN', loading: busy === asking?.type }}
        onCancel={() => setAsking(null)}
        onOk={() => {
          if (!asking) return;
          // A refusal keeps the dialog and the reason typed, and says why inside it; success closes it.
          void onSend(asking.type, asking.done, reason.trim()).then((ok) => {
            setRefused(!ok);
            if (ok) setAsking(null);
          });
        }}
      >
        <Typography.Paragraph>{asking?.description}</Typography.Paragraph>
        <Input.TextArea aria-label="理由" placeholder={asking?.placeholder} autoSize={{ minRows: 3 }} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
        {reason.trim() === '' && <Typography.Text type="secondary">请写明理由后再确认。</Typography.Text>}
        {refused && error !== null && error !== undefined && (
          <div style={{ marginTop: 12 }} data-testid="step-back-refusal">
            <ErrorNotice
              error={error}
              onReload={
                onReload &&
                (() => {
                  setAsking(null);
                  onReload();
                })
              }
            />
          </div>
        )}
      </Modal>
    </>
  );
}
