import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, Space, Tag, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiProblem, call, download, upload } from '../api/client';
import type { UnitSealView } from '../api/views';
import { useAuth } from '../auth';
import { ErrorNotice } from '../components/ErrorNotice';
import { ShortHex } from '../components/SealVerificationResult';
import { shanghaiTime, todayInShanghai } from '../labels';
import { useLoad } from '../use-load';
import { enterConfirmsDate } from '../components/date-enter';

const STATUS_TAGS: Record<UnitSealView['status'], { color: string; text: string }> = {
  active: { color: 'green', text: '在用' },
  superseded: { color: 'default', text: '已更换' },
  revoked: { color: 'red', text: '已作废' },
};

/** The honest limit of a software key, said where the seal is set up. */
const LEGAL_NOTE =
  '本系统的电子印章使用本地软件密钥（SM2/SM3），证明文件出自本系统且未被改动；具有法律效力的电子签章需要依法设立的电子认证服务机构颁发的证书。';

interface SetUpForm {
  validFrom: Dayjs;
  validUntil: Dayjs;
}

/**
 * 电子印章: a unit admin sees and sets up their own unit's seal at /seal; the system administrator,
 * who belongs to no unit, names the unit (/units/<id>/seal). The API decides who may do either.
 */
export function UnitSealPage() {
  const { unitId: routed } = useParams();
  const { session } = useAuth();
  const unitId = routed ?? (session?.user.roles.includes('unit_admin') ? session.user.organisationId : null);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Alert type="info" showIcon title={LEGAL_NOTE} />
      {unitId ? <UnitSeal unitId={unitId} /> : <UnitPicker />}
    </Space>
  );
}

/** The system administrator's way in: the unit's ID, as the directory and the bureau's lists show it. */
function UnitPicker() {
  const navigate = useNavigate();
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>电子印章</h1>}>
      <Form layout="vertical" style={{ maxWidth: 480 }} onFinish={({ unitId }: { unitId: string }) => navigate(`/units/${unitId.trim()}/seal`)}>
        <Form.Item
          label="单位编号（ID）"
          name="unitId"
          rules={[{ required: true, pattern: /^\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*$/i, message: '请填写单位的编号（ID），可向财政局或单位管理员索取' }]}
        >
          <Input placeholder="例如 0f8b…（36 位）" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          查看该单位的电子印章
        </Button>
      </Form>
    </Card>
  );
}

/**
 * The seal's image, fetched with the session (an <img src> would go without the token) and shown as
 * a data: address: the console's Content-Security-Policy allows data: images, not blob: ones.
 */
function SealImage({ unitId, sha256 }: { unitId: string; sha256: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    download(`/api/units/${unitId}/seal/image`)
      .then(
        ({ blob }) =>
          new Promise<string>((resolve, reject) => {
            const reader = new FileReader();
            reader.onload = () => resolve(String(reader.result));
            reader.onerror = () => reject(reader.error);
            reader.readAsDataURL(blob);
          }),
      )
      .then(
        (address) => current && setUrl(address),
        () => current && setUrl(null),
      );
    return () => {
      current = false;
    };
  }, [unitId, sha256]);
  return url ? <img src={url} alt="电子印章图片" style={{ width: 120, height: 120, objectFit: 'contain' }} /> : <div style={{ width: 120, height: 120 }} />;
}

function UnitSeal({ unitId }: { unitId: string }) {
  const { data, error, loading, reload } = useLoad(async () => {
    try {
      return await call<UnitSealView>(() => api.GET('/api/units/{unitId}/seal', { params: { path: { unitId } } }));
    } catch (failure) {
      // No seal yet is a state of the unit, not a failure of the page.
      if (failure instanceof ApiProblem && failure.code === 'SEAL.NOT_FOUND') return null;
      throw failure;
    }
  }, [unitId]);
  const seal = data;
  return (
    <>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>电子印章</h1>} loading={loading && !seal}>
        <ErrorNotice error={error} onReload={reload} />
        {!loading && !error && !seal && <Empty description="尚未设置电子印章" />}
        {seal && (
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' }}>
            <SealImage unitId={unitId} sha256={seal.imageSha256} />
            <Descriptions bordered size="small" column={1} styles={{ label: { whiteSpace: 'nowrap' } }} style={{ flex: '1 1 280px', minWidth: 0 }} data-testid="unit-seal">
              <Descriptions.Item label="持有单位">{seal.holderName}</Descriptions.Item>
              <Descriptions.Item label="编号">
                <ShortHex value={seal.serial} />
              </Descriptions.Item>
              <Descriptions.Item label="有效期">
                {seal.validFrom} 至 {seal.validUntil}
              </Descriptions.Item>
              <Descriptions.Item label="状态">
                <Tag color={STATUS_TAGS[seal.status].color}>{STATUS_TAGS[seal.status].text}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label="算法">SM2/SM3（国密）</Descriptions.Item>
              <Descriptions.Item label="公钥">
                <ShortHex value={seal.publicKey} />
              </Descriptions.Item>
              <Descriptions.Item label="设置时间">
                {shanghaiTime(seal.createdAt)}
                {seal.createdBy ? `，${seal.createdBy.displayName}` : ''}
              </Descriptions.Item>
            </Descriptions>
          </div>
        )}
      </Card>
      {!loading && !(error && !seal) && <SealSetUp unitId={unitId} replacing={seal !== null} onDone={reload} />}
    </>
  );
}

function SealSetUp({ unitId, replacing, onDone }: { unitId: string; replacing: boolean; onDone: () => void }) {
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<SetUpForm>();
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const today = dayjs(todayInShanghai());
  const submit = async (values: SetUpForm) => {
    if (!file) {
      setMissing(true);
      return;
    }
    const confirmed = await modal.confirm({
      title: replacing ? '更换电子印章？' : '设置电子印章？',
      content: replacing
        ? '将生成新的密钥，今后盖章使用新印章；原印章停止使用，但会保留，用于核验它已盖章的文件。'
        : '将生成本单位的印章密钥，今后盖章的 PDF 报告都会用它签名。',
      okText: replacing ? '更换' : '设置',
      cancelText: '取消',
    });
    if (!confirmed) return;
    setBusy(true);
    setError(null);
    try {
      const query = new URLSearchParams({ validFrom: values.validFrom.format('YYYY-MM-DD'), validUntil: values.validUntil.format('YYYY-MM-DD') });
      await upload<UnitSealView>(`/api/units/${unitId}/seal?${query}`, file, 'image/png');
      message.success(replacing ? '电子印章已更换。' : '电子印章已设置。');
      form.resetFields(['validUntil']);
      setFile(null);
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{replacing ? '更换电子印章' : '设置电子印章'}</h2>}>
      <ErrorNotice error={error} />
      <Form<SetUpForm> form={form} name="seal" layout="vertical" style={{ maxWidth: 560 }} initialValues={{ validFrom: today }} onFinish={submit} onKeyDown={enterConfirmsDate}>
        <Form.Item
          label="印章图片"
          required
          validateStatus={missing ? 'error' : undefined}
          help={missing ? '请选择印章图片' : '红色圆形公章的 .png 图片，边长不超过 2000 像素，文件不超过 512 KiB。'}
        >
          <Upload
            accept=".png,image/png"
            maxCount={1}
            fileList={file ? [{ uid: 'seal', name: file.name, status: 'done' }] : []}
            beforeUpload={(chosen) => {
              setFile(chosen);
              setMissing(false);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button>选择 .png 图片</Button>
          </Upload>
        </Form.Item>
        <Form.Item label="生效日期" name="validFrom" rules={[{ required: true, message: '请选择生效日期' }]}>
          <DatePicker style={{ width: '100%', maxWidth: 240 }} allowClear={false} />
        </Form.Item>
        <Form.Item
          label="到期日期"
          name="validUntil"
          dependencies={['validFrom']}
          rules={[
            { required: true, message: '请选择到期日期' },
            ({ getFieldValue }) => ({
              validator: (_, until: Dayjs | undefined) =>
                until && until.isBefore(getFieldValue('validFrom') as Dayjs, 'day') ? Promise.reject(new Error('到期日期不能早于生效日期')) : Promise.resolve(),
            }),
          ]}
        >
          <DatePicker style={{ width: '100%', maxWidth: 240 }} disabledDate={(day) => day.isBefore(today, 'day')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {replacing ? '更换印章' : '设置印章'}
        </Button>
      </Form>
    </Card>
  );
}
