import { useState } from 'react';
import { Button, Card, Space, Typography, Upload } from 'antd';
import { upload } from '../api/client';
import type { SealVerification } from '../api/views';
import { ErrorNotice } from '../components/ErrorNotice';
import { SealVerificationResult } from '../components/SealVerificationResult';

/**
 * 核验签章: anyone signed in chooses a PDF and learns whether it is a version sealed here, intact,
 * which unit, report and version it is, and whether its electronic signature is valid. The file is
 * found by its digest, so a copy changed after sealing is simply not found.
 */
export function VerifySealPage() {
  const [answer, setAnswer] = useState<SealVerification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const verify = async (file: File) => {
    setBusy(true);
    setError(null);
    setAnswer(null);
    try {
      setAnswer(await upload<SealVerification>('/api/seals/verify', file, 'application/pdf'));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>核验签章</h1>}>
        <Typography.Paragraph type="secondary">
          选择一份盖章的 PDF 报告，核对它是否为本系统盖章的文件、盖章后有没有被改动，以及电子印章的签名是否有效。文件只用于核对，不会保存。
        </Typography.Paragraph>
        <ErrorNotice error={error} />
        <Upload
          accept=".pdf,application/pdf"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(file) => {
            void verify(file);
            return false;
          }}
        >
          <Button type="primary" loading={busy}>
            选择 PDF 文件并核验
          </Button>
        </Upload>
      </Card>
      {answer && (
        <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>核验结果</h2>}>
          <SealVerificationResult answer={answer} />
        </Card>
      )}
    </Space>
  );
}
