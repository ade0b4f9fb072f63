import { DatePicker, Form, Input, InputNumber, Select, Space, Switch } from 'antd';

export const APPROVAL_MODES = [
  { value: 'single', label: '组长一人审批' },
  { value: 'countersign', label: '会签（组长和全部分管领导）' },
  { value: 'any', label: '或签（任一领导）' },
  { value: 'sequential', label: '依次审批（分管领导按小组顺序，组长最后）' },
];

/** A notice's terms as both forms ask for them: creating a draft, and changing one before it is issued. */
export function CampaignTermsFields() {
  return (
    <>
      <Form.Item label="文号" name="documentNumber" rules={[{ required: true, whitespace: true, message: '请填写通知文号，例如 湛霞财〔2024〕68号' }]}>
        <Input placeholder="湛霞财〔2024〕68号" />
      </Form.Item>
      <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写通知标题' }]}>
        <Input />
      </Form.Item>
      <Form.Item label="评价年度" name="fiscalYear" rules={[{ required: true, message: '请填写评价的预算年度' }]}>
        <InputNumber min={2000} max={2100} />
      </Form.Item>
      <Space wrap>
        <Form.Item label="报送截止日期" name="submissionDeadline" rules={[{ required: true, message: '请选择报送截止日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item label="公开截止日期" name="publicationDeadline" rules={[{ required: true, message: '请选择公开截止日期' }]}>
          <DatePicker />
        </Form.Item>
      </Space>
      <Form.Item label="内部审批方式" name="approvalMode">
        <Select options={APPROVAL_MODES} />
      </Form.Item>
      <Form.Item
        label="允许公开核验盖章文件"
        name="publicSealVerification"
        valuePropName="checked"
        extra="开启后，每份盖章报告有一个公开核验链接，任何人无需登录即可核对文件出自哪个单位、是否被改动。"
      >
        <Switch checkedChildren="允许" unCheckedChildren="不允许" />
      </Form.Item>
    </>
  );
}
