import { useState } from 'react';
import { Button, Card, Result, Space, Spin, Typography, Upload } from 'antd';
import { useParams } from 'react-router-dom';
import { api, ApiProblem, call } from '../api/client';
import { codeWords } from '../api/errors';
import type { SealVerification } from '../api/views';
import { ErrorNotice } from '../components/ErrorNotice';
import { SealVerificationResult } from '../components/SealVerificationResult';
import { useLoad } from '../use-load';

/** Posts the chosen file to the link's check without any session: the page is for the public. */
async function check(token: string, file: File): Promise<SealVerification> {
  let response: Response;
  try {
    response = await fetch(`/api/public/seals/${encodeURIComponent(token)}/check`, { method: 'POST', body: file, headers: { 'Content-Type': 'application/pdf' } });
  } catch (error) {
    throw new ApiProblem(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok) throw ApiProblem.from(response.status, body);
  return body as SealVerification;
}

/**
 * 公开核验: the page a sealed report's public link opens, signed in or not. It shows what the link's
 * sealed version is, and checks a file someone holds (a download from a unit's website) against it.
 */
export function PublicVerifyPage() {
  const { token = '' } = useParams();
  const { data, error, loading } = useLoad(() => call<SealVerification>(() => api.GET('/api/public/seals/{token}', { params: { path: { token } } })), [token]);
  const [checked, setChecked] = useState<{ name: string; answer: SealVerification } | null>(null);
  const [checkError, setCheckError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const checkFile = async (file: File) => {
    setBusy(true);
    setCheckError(null);
    setChecked(null);
    try {
      setChecked({ name: file.name, answer: await check(token, file) });
    } catch (failure) {
      setCheckError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ maxWidth: 880, margin: '0 auto', padding: 16 }}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>盖章文件公开核验</h1>}>
          <Typography.Paragraph type="secondary">这是一份盖章报告的公开核验页面，无需登录：下面是这份报告由哪个单位、在何时盖章，以及电子印章的签名是否有效。</Typography.Paragraph>
          {loading && <Spin />}
          {error instanceof ApiProblem ? (
            <Result status="warning" title="无法核验" subTitle={codeWords(error.code)} />
          ) : (
            <ErrorNotice error={error} />
          )}
          {data && <SealVerificationResult answer={data} />}
        </Card>
        {data?.found && (
          <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>核对文件</h2>}>
            <Typography.Paragraph type="secondary">选择你手中的 PDF 文件（例如从单位网站下载的报告），核对它与上面这份盖章文件是否完全一致。文件只用于核对，不会保存。</Typography.Paragraph>
            <ErrorNotice error={checkError} />
            <Upload
              accept=".pdf,application/pdf"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(file) => {
                void checkFile(file);
                return false;
              }}
            >
              <Button type="primary" loading={busy}>
                核对文件
              </Button>
            </Upload>
            {checked && (
              <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }} data-testid="check-verdict">
                「{checked.name}」：
                {checked.answer.intact ? (
                  <Typography.Text type="success" strong>
                    一致，是这份盖章文件的原件。
                  </Typography.Text>
                ) : (
                  <Typography.Text type="danger" strong>
                    不一致，不是这份盖章文件的原件，或盖章后已被改动。
                  </Typography.Text>
                )}
              </Typography.Paragraph>
            )}
          </Card>
        )}
      </Space>
    </div>
  );
}
