import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Space, Steps, Tag, Typography } from 'antd';
import { actionOf, isShown, type CaseAction } from '../actions';
import { api, call } from '../api/client';
import type { ApprovalStep, ApprovalView, CaseDetail, PersonView } from '../api/views';
import { useLoad } from '../use-load';
import { ActionReasons } from './ActionReasons';
import { ErrorNotice, markFields } from './ErrorNotice';

export const APPROVAL_MODE_LABELS: Record<string, string> = {
  single: '组长一人审批',
  countersign: '会签：全部审批人审核通过',
  any: '或签：任一审批人审核通过',
  sequential: '依次审批：按顺序逐一审核通过',
};

type Placement = 'before' | 'after';

/**
 * The report's approvers as they approve in internal review: in order for 依次 (each after the one
 * before), side by side for 会签 and 或签, with the chains 前加签 and 后加签 make; who has approved
 * and whose turn it is. The approver whose turn it is adds someone before or after themselves here.
 */
export function ApprovalPanel({ detail, onChanged }: { detail: CaseDetail; onChanged: () => void }) {
  const { data: approval, error, reload } = useLoad(
    () => call<ApprovalView>(() => api.GET('/api/cases/{id}/approval', { params: { path: { id: detail.id } } })),
    [detail.id, detail.version],
  );
  const [placing, setPlacing] = useState<Placement | null>(null);
  const before = actionOf(detail.actions, 'ADD_APPROVER_BEFORE');
  const after = actionOf(detail.actions, 'ADD_APPROVER_AFTER');
  const approve = actionOf(detail.actions, 'APPROVE');
  // 前加签 and 后加签 come from the case view's actions, like every control, drawn before the order has loaded.
  const placements = (
    <PlacementButtons before={before} after={after} approve={approve} onPlace={setPlacing} />
  );
  if (!approval) {
    return (
      <Card type="inner" title="审批流程" data-testid="approval-panel">
        {error ? <ErrorNotice error={error} onReload={reload} /> : <Typography.Text type="secondary">正在读取审批顺序……</Typography.Text>}
        {placements}
      </Card>
    );
  }
  const tracks = [...new Set(approval.chain.map((s) => s.track))].map((track) => approval.chain.filter((s) => s.track === track));
  const nameOf = (id: string | null) => approval.chain.find((s) => s.userId === id)?.displayName ?? '—';
  const stepItem = (s: ApprovalStep) => ({
    title: (
      <span data-testid={`approver-${s.userId}`} data-turn={s.turn} data-approved={s.approved}>
        {s.displayName}
      </span>
    ),
    status: s.approved ? ('finish' as const) : s.turn ? ('process' as const) : ('wait' as const),
    description: (
      <Space size={4} wrap>
        {s.approved ? <Tag color="green">已审核通过</Tag> : s.turn ? <Tag color="blue">待其审批</Tag> : <Tag>等待前一位审批</Tag>}
        {s.placement === 'before' && <Tag color="purple">由 {nameOf(s.addedBy)} 前加签</Tag>}
        {s.placement === 'after' && <Tag color="purple">由 {nameOf(s.addedBy)} 后加签</Tag>}
        {s.added && s.placement === null && <Tag color="purple">加签</Tag>}
      </Space>
    ),
  });
  return (
    <Card
      type="inner"
      title="审批流程"
      data-testid="approval-panel"
      extra={<Tag color={approval.approved ? 'green' : 'blue'}>{approval.approved ? '审批已完成' : APPROVAL_MODE_LABELS[approval.mode]}</Tag>}
    >
      {approval.chain.length === 0 ? (
        <Typography.Text type="secondary">评价小组中还没有审批报告的人。</Typography.Text>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {approval.mode !== 'sequential' && approval.chain.length > 1 && (
            <Typography.Text type="secondary">{approval.mode === 'any' ? '以下任一路审批完成即可盖章；' : '以下各路均须审批完成；'}同一路中的审批人依次审批。</Typography.Text>
          )}
          {tracks.map((track) => (
            <Steps key={track[0]!.track} orientation="vertical" size="small" items={track.map(stepItem)} />
          ))}
        </Space>
      )}
      {placements}
      {placing && (
        <PlaceApproverDialog
          detail={detail}
          placement={placing}
          exclude={approval.approverIds}
          onClose={(changed) => {
            setPlacing(null);
            if (changed) {
              reload();
              onChanged();
            }
          }}
        />
      )}
    </Card>
  );
}

/**
 * 前加签 and 后加签 for the approver whose turn it is; shown disabled, with the reasons, to an
 * approver who has to wait or has approved (not again when they are the approve button's own).
 */
function PlacementButtons({ before, after, approve, onPlace }: { before?: CaseAction; after?: CaseAction; approve?: CaseAction; onPlace: (placement: Placement) => void }) {
  const shown = [before, after].filter((a): a is CaseAction => isShown(a));
  if (shown.length === 0) return null;
  const same = (a: CaseAction, b?: CaseAction) => b !== undefined && JSON.stringify(a.reasons) === JSON.stringify(b.reasons);
  return (
    <div style={{ marginTop: 8 }}>
      <Space wrap>
        {shown.map((a) => (
          <span key={a.type} data-action={a.type} data-available={a.available}>
            <Button disabled={!a.available} onClick={() => onPlace(a.type === 'ADD_APPROVER_BEFORE' ? 'before' : 'after')}>
              {a.type === 'ADD_APPROVER_BEFORE' ? '前加签' : '后加签'}
            </Button>
          </span>
        ))}
        {shown.some((a) => a.available) && <Typography.Text type="secondary">前加签：所加的人先审批，您在其后审批；后加签：您审批后由所加的人接着审批。</Typography.Text>}
      </Space>
      {!shown[0]!.available && !same(shown[0]!, approve) && <ActionReasons action={shown[0]!} />}
    </div>
  );
}

function PlaceApproverDialog({ detail, placement, exclude, onClose }: { detail: CaseDetail; placement: Placement; exclude: readonly string[]; onClose: (changed: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ userId: string; reason: string }>();
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const { data: people } = useLoad(() => call<PersonView[]>(() => api.GET('/api/organisations/{id}/users', { params: { path: { id: detail.unitId } } })), [detail.unitId]);
  const options = (people ?? []).filter((p) => !p.disabled && !exclude.includes(p.id)).map((p) => ({ value: p.id, label: `${p.displayName}（${p.username}）` }));
  const title = placement === 'before' ? '前加签：请此人在您之前审批' : '后加签：请此人在您之后审批';
  const submit = async (values: { userId: string; reason: string }) => {
    setSaving(true);
    setFailure(null);
    try {
      await call(() => api.POST('/api/cases/{id}/approvers', { params: { path: { id: detail.id } }, body: { ...values, placement } }));
      message.success(placement === 'before' ? '已前加签，待其审核通过后再由您审批。' : '已后加签，您审核通过后由其接着审批。');
      onClose(true);
    } catch (problem) {
      setFailure(problem);
      markFields(form, problem);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={title} okText={placement === 'before' ? '前加签' : '后加签'} cancelText="取消" confirmLoading={saving} onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <ErrorNotice error={failure} />
      <Form form={form} layout="vertical" name={`approver-${placement}`} onFinish={(values) => void submit(values)}>
        <Form.Item label="加签人" name="userId" rules={[{ required: true, message: '请选择加签人' }]}>
          <Select showSearch optionFilterProp="label" options={options} placeholder="本单位人员" />
        </Form.Item>
        <Form.Item label="理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写加签理由' }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
