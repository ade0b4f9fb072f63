import { Alert, Descriptions, Grid, Tag, Typography } from 'antd';
import type { SealVerification } from '../api/views';
import { shanghaiTime } from '../labels';

/** The seal's algorithm as people know it: SM2 signatures over SM3 digests. */
const ALGORITHM_NAMES: Record<string, string> = { 'SM2-with-SM3': 'SM2/SM3（国密）' };
const SEAL_STATUS_NAMES: Record<string, string> = { active: '在用', superseded: '已更换（仍可核验其所盖文件）', revoked: '已作废' };

/** A yes or no, green or red: what a verifier looks for first. */
function Verdict({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return <Tag color={ok ? 'green' : 'red'}>{ok ? yes : no}</Tag>;
}

/** A long hexadecimal value, shortened on screen and copied whole. */
export function ShortHex({ value }: { value: string }) {
  return (
    <Typography.Text code copyable={{ text: value, tooltips: ['复制', '已复制'] }} title={value}>
      {value.length > 20 ? `${value.slice(0, 10)}…${value.slice(-8)}` : value}
    </Typography.Text>
  );
}

/**
 * What a verification answers, in words: whether the file is one sealed here and intact, which unit,
 * report and version it is, when it was sealed, whether a later version replaced it, and the seal
 * that signed it. Used by the signed-in 核验签章 page and by the public link's page.
 */
export function SealVerificationResult({ answer }: { answer: SealVerification }) {
  const screens = Grid.useBreakpoint();
  const sealed = answer.sealed;
  if (!answer.found || !sealed) {
    return <Alert type="error" showIcon role="alert" data-testid="seal-verdict" title="不是本系统盖章的文件，或盖章后已被改动" description={<span>文件 SHA-256：<ShortHex value={answer.pdfSha256} /></span>} />;
  }
  const seal = sealed.electronicSeal;
  // Without a file (the public link opened) intact is null: the facts are those of the sealed PDF itself.
  const altered = answer.intact === false;
  return (
    <>
      <Alert
        type={altered ? 'error' : 'success'}
        showIcon
        data-testid="seal-verdict"
        style={{ marginBottom: 16 }}
        title={altered ? '所选文件与盖章文件不一致：不是盖章的原件，或盖章后已被改动' : answer.intact ? '是本系统盖章的文件，文件完整' : '本系统盖章的文件'}
      />
      {/* On a phone each label stands above its value: side by side, both columns wrap every few characters. */}
      <Descriptions bordered size="small" column={1} layout={screens.sm ? 'horizontal' : 'vertical'} styles={{ label: { width: screens.sm ? 170 : undefined } }} data-testid="seal-facts">
        <Descriptions.Item label="是否为本系统盖章的文件">
          <Verdict ok yes="是" no="否" />
        </Descriptions.Item>
        {answer.intact !== null && (
          <Descriptions.Item label="文件是否完整">
            <Verdict ok={answer.intact} yes="完整，与盖章文件一致" no="不一致" />
          </Descriptions.Item>
        )}
        <Descriptions.Item label="单位">{sealed.unitName}</Descriptions.Item>
        <Descriptions.Item label="报告">{sealed.title}</Descriptions.Item>
        <Descriptions.Item label="年度">{sealed.fiscalYear} 年度</Descriptions.Item>
        <Descriptions.Item label="通知文号">{sealed.documentNumber}</Descriptions.Item>
        <Descriptions.Item label="版本">第 {sealed.contentVersion} 版</Descriptions.Item>
        <Descriptions.Item label="盖章时间">{shanghaiTime(sealed.sealedAt)}（北京时间）</Descriptions.Item>
        <Descriptions.Item label="是否已被替换">
          {sealed.replacedBy === null ? '否，是最新的盖章版本' : <Tag color="orange">已被第 {sealed.replacedBy} 版替换</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label="电子印章">
          {seal ? (
            <div style={{ display: 'grid', gap: 4 }}>
              <div>持有单位：{seal.holderName}</div>
              <div>
                编号：<ShortHex value={seal.serial} />
              </div>
              <div>
                有效期：{seal.validFrom} 至 {seal.validUntil}
              </div>
              <div>算法：{ALGORITHM_NAMES[seal.algorithm] ?? seal.algorithm}</div>
              <div>状态：{SEAL_STATUS_NAMES[seal.status] ?? seal.status}</div>
              <div>
                签名是否有效：<Verdict ok={seal.signatureValid} yes="有效" no="无效" />
              </div>
            </div>
          ) : (
            '盖章时本单位尚未设置电子印章，文件没有电子签名'
          )}
        </Descriptions.Item>
        {sealed.publicPath && (
          <Descriptions.Item label="公开核验链接">
            <Typography.Text copyable={{ tooltips: ['复制', '已复制'] }} style={{ wordBreak: 'break-all' }} data-testid="public-link">
              {window.location.origin + sealed.publicPath}
            </Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
    </>
  );
}
