import { useRef, useState } from 'react';
import { Alert, Button, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { api, call } from '../api/client';
import type { BatchDecisionOutcome, BatchDecisionResult, TrackingItem } from '../api/finance-views';
import { STATE_LABELS } from '../labels';
import { ErrorNotice, markFields } from './ErrorNotice';
import { FormPhrasePicker } from './PhrasePicker';

/** The most units one batch may take: the API refuses more with BATCH.TOO_MANY_UNITS. */
export const BATCH_LIMIT = 200;

const VERB = { ACCEPT: '接收', RETURN: '退回' } as const;
const OUTCOME = { accepted: { color: 'green', label: '已接收' }, returned: { color: 'orange', label: '已退回' }, refused: { color: 'red', label: '未处理' } } as const;

/** A fresh Idempotency-Key: a retry of the same decision sends the same key, so nothing is done twice. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `batch-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * 批量接收 / 批量退回: asks first (naming the units, with one reason for a return), then shows what
 * happened to each unit. A unit someone else acted on first is refused with the rulebook's reason
 * while the others go through. A retry after a lost answer resends the same key, so units already
 * decided are replayed, not decided twice.
 */
export function BatchDecisionDialog({
  campaignId,
  type,
  items,
  onClose,
}: {
  campaignId: string;
  type: 'ACCEPT' | 'RETURN';
  items: TrackingItem[];
  onClose: (changed: boolean) => void;
}) {
  const [form] = Form.useForm<{ reason?: string }>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BatchDecisionResult | null>(null);
  const sent = useRef<{ reason: string; key: string } | null>(null);
  const verb = VERB[type];
  const tooMany = items.length > BATCH_LIMIT;

  const submit = async () => {
    const values = await form.validateFields();
    const reason = values.reason?.trim() ?? '';
    if (sent.current === null || sent.current.reason !== reason) sent.current = { reason, key: newKey() };
    setBusy(true);
    setError(null);
    try {
      const answer = await call<BatchDecisionResult>(() =>
        api.POST('/api/campaigns/{id}/batch-decisions', {
          params: { path: { id: campaignId }, header: { 'Idempotency-Key': sent.current!.key } },
          body: { type, caseIds: items.map((i) => i.caseId), ...(type === 'RETURN' ? { reason } : {}) },
        }),
      );
      setResult(answer);
    } catch (failure) {
      setError(failure);
      markFields(form, failure);
    } finally {
      setBusy(false);
    }
  };

  const outcomeRow = (o: BatchDecisionOutcome) => (
    <List.Item>
      <Space orientation="vertical" size={0} style={{ width: '100%' }}>
        <Space wrap size={4}>
          <Tag color={OUTCOME[o.outcome].color}>{OUTCOME[o.outcome].label}</Tag>
          <Typography.Text strong>{o.unitName ?? '（不属于本通知的评价任务）'}</Typography.Text>
          {o.state && <Typography.Text type="secondary">现为“{STATE_LABELS[o.state] ?? o.state}”</Typography.Text>}
        </Space>
        {o.message && <Typography.Text type="danger">{o.message}</Typography.Text>}
      </Space>
    </List.Item>
  );

  if (result) {
    return (
      <Modal
        open
        title={`批量${verb}结果`}
        onCancel={() => onClose(result.done > 0)}
        footer={
          <Button type="primary" onClick={() => onClose(result.done > 0)}>
            关闭
          </Button>
        }
      >
        <Alert
          type={result.refused === 0 ? 'success' : result.done === 0 ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          title={`已${verb} ${result.done} 个单位${result.refused > 0 ? `，${result.refused} 个未处理（原因见下）` : '。'}`}
          data-testid="batch-summary"
        />
        <List size="small" dataSource={[...result.outcomes].sort((a, b) => Number(a.outcome !== 'refused') - Number(b.outcome !== 'refused'))} renderItem={outcomeRow} data-testid="batch-outcomes" style={{ maxHeight: 360, overflow: 'auto' }} />
      </Modal>
    );
  }

  return (
    <Modal
      open
      title={`批量${verb}（${items.length} 个单位）`}
      okText={`${verb} ${items.length} 个单位`}
      okButtonProps={{ danger: type === 'RETURN', disabled: tooMany }}
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <ErrorNotice error={error} />
      {tooMany && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={`一次最多${verb} ${BATCH_LIMIT} 个单位，请减少选择后分批操作。`} />}
      <Typography.Paragraph>
        {type === 'ACCEPT'
          ? '接收后，这些单位的报告进入待公开；每个单位单独处理，已被他人先行处理的单位不会重复处理。'
          : '退回后，这些单位回到自评阶段，盖章版本作废，须修改后重新盖章报送；每个单位都会收到同一退回理由。'}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true, symbol: '展开' }} data-testid="batch-units">
        {items.map((i) => i.unitName).join('、')}
      </Typography.Paragraph>
      {type === 'RETURN' && (
        <Form form={form} layout="vertical" name="batch-return">
          <Form.Item label="退回理由（各单位相同）" name="reason" rules={[{ required: true, whitespace: true, message: '请填写退回理由' }]} style={{ marginBottom: 8 }}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <FormPhrasePicker kind="return" form={form} name="reason" />
        </Form>
      )}
    </Modal>
  );
}
