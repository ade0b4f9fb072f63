import { useState } from 'react';
import { Alert, App, Button, Card, Space, Table, Tag, Typography, Upload } from 'antd';
import type { Role } from '@jixiao/workflow';
import { ApiProblem, saveFile, upload } from '../api/client';
import type { PeopleImportProblem, PeopleImportView } from '../api/views';
import { ROLE_LABELS } from '../labels';
import { ErrorNotice } from './ErrorNotice';
import { nowrap } from './nowrap';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sheetType(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX;
  if (name.endsWith('.csv')) return 'text/csv';
  return null;
}

/** A list to fill in: the header row and one example (UTF-8 with a byte-order mark, so that Excel reads the Chinese). */
const TEMPLATE = ['姓名,账号,邮箱,手机,角色,组室', '张三,zhangsan,zhangsan@example.gov.cn,13800000000,填报人员、小组成员,办公室'].join('\r\n');

const CHANGED_LABELS: Record<string, string> = { displayName: '姓名', email: '邮箱', phone: '手机', roles: '角色', subOffice: '组室' };

type Added = PeopleImportView['changes']['added'][number];
type Updated = PeopleImportView['changes']['updated'][number];

function ProblemsTable({ problems }: { problems: PeopleImportProblem[] }) {
  return (
    <>
      <Alert type="error" showIcon style={{ marginTop: 16 }} title={`名单中有 ${problems.length} 处问题，没有导入。请按下表逐行修改后重新选择文件。`} />
      <Table<PeopleImportProblem>
        aria-label="导入问题"
        style={{ marginTop: 8 }}
        size="small"
        rowKey={(p) => `${p.row}:${p.field}:${p.code}`}
        pagination={problems.length > 50 ? { pageSize: 50 } : false}
        dataSource={problems}
        scroll={{ x: true }}
        columns={[
          { title: '行', dataIndex: 'row', width: 80, render: (row: number) => (row === 0 ? '整个文件' : `第 ${row} 行`) },
          { title: '列', dataIndex: 'field', width: 70, render: (field: string | null) => field ?? '—' },
          { title: '问题', dataIndex: 'message' },
        ]}
      />
    </>
  );
}

const roleText = (roles: string[]) => roles.map((r) => ROLE_LABELS[r as Role] ?? r).join('、') || '—';

/** 导入人员: choose a file, read the preview (every problem, or what would change), then confirm. */
export function PeopleImportCard({ organisationId, onImported }: { organisationId: string; onImported: () => void }) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<PeopleImportView | null>(null);
  const [problems, setProblems] = useState<PeopleImportProblem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const path = (mode: 'preview' | 'apply') => `/api/organisations/${organisationId}/users/import?mode=${mode}`;

  const reset = () => {
    setFile(null);
    setPreview(null);
    setProblems([]);
  };
  const send = async (mode: 'preview' | 'apply', chosen: File) => {
    setError(null);
    const type = sheetType(chosen);
    if (!type) {
      setError(new ApiProblem(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'not a spreadsheet'));
      return;
    }
    setBusy(true);
    try {
      const answer = await upload<PeopleImportView>(path(mode), chosen, type);
      if (mode === 'apply') {
        message.success(`已导入：新增 ${answer.changes.added.length} 人（已发送邀请邮件），更新 ${answer.changes.updated.length} 人。`);
        reset();
        onImported();
      } else {
        setFile(chosen);
        setPreview(answer);
        setProblems(answer.problems);
      }
    } catch (failure) {
      if (failure instanceof ApiProblem && failure.code === 'USER.IMPORT_INVALID' && Array.isArray(failure.details.problems)) {
        setProblems(failure.details.problems as PeopleImportProblem[]);
        setPreview(null);
      } else {
        setError(failure);
      }
    } finally {
      setBusy(false);
    }
  };

  const changes = preview?.changes;
  const nothing = changes && changes.added.length === 0 && changes.updated.length === 0 && changes.subOffices.length === 0;
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>导入人员</h2>}>
      <Typography.Paragraph type="secondary">
        上传 .xlsx 或 .csv（UTF-8）文件，第一行为列名：姓名、账号、邮箱、手机、角色、组室（姓名和账号必填），以下每行一人，一次最多 2000 人。角色填中文名称，多个角色用“、”或逗号分隔；不存在的组室会新建。先预览，确认无误后再导入；新人员会收到邀请邮件，由本人设置密码。
      </Typography.Paragraph>
      <ErrorNotice error={error} />
      <Space wrap>
        <Upload
          accept=".xlsx,.csv"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(chosen) => {
            void send('preview', chosen);
            return false;
          }}
        >
          <Button loading={busy && !preview}>选择名单文件并预览</Button>
        </Upload>
        <Button type="link" onClick={() => saveFile(new Blob(['\uFEFF', TEMPLATE], { type: 'text/csv;charset=utf-8' }), '人员名单模板.csv')}>
          下载模板
        </Button>
        {file && <Typography.Text type="secondary">{file.name}</Typography.Text>}
      </Space>
      {problems.length > 0 && <ProblemsTable problems={problems} />}
      {preview && problems.length === 0 && changes && (
        <div style={{ marginTop: 16 }}>
          <Alert
            type={nothing ? 'info' : 'success'}
            showIcon
            title={nothing ? `名单共 ${preview.rows} 行，与现有人员一致，无需导入。` : `名单共 ${preview.rows} 行，没有问题。确认后将：`}
            description={
              nothing ? undefined : (
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {changes.added.length > 0 && <li>新增 {changes.added.length} 人，并向每人发送邀请邮件；</li>}
                  {changes.updated.length > 0 && <li>更新 {changes.updated.length} 人；</li>}
                  {changes.unchanged > 0 && <li>{changes.unchanged} 人不变；</li>}
                  {changes.subOffices.length > 0 && <li>新建组室：{changes.subOffices.join('、')}。</li>}
                </ul>
              )
            }
          />
          {changes.added.length > 0 && (
            <Table<Added>
              aria-label="将新增的人员"
              title={() => '将新增的人员'}
              style={{ marginTop: 8 }}
              size="small"
              rowKey="username"
              pagination={changes.added.length > 20 ? { pageSize: 20 } : false}
              dataSource={changes.added}
              scroll={{ x: true }}
              columns={[
                { title: '行', dataIndex: 'row', width: 60, responsive: ['sm'] },
                { title: '姓名', dataIndex: 'displayName', render: nowrap },
                { title: '账号', dataIndex: 'username' },
                { title: '邮箱', dataIndex: 'email', responsive: ['md'] },
                { title: '角色', dataIndex: 'roles', render: roleText },
                { title: '组室', dataIndex: 'subOffice', responsive: ['md'], render: (s: string | null) => s ?? '—' },
              ]}
            />
          )}
          {changes.updated.length > 0 && (
            <Table<Updated>
              aria-label="将更新的人员"
              title={() => '将更新的人员'}
              style={{ marginTop: 8 }}
              size="small"
              rowKey="username"
              pagination={changes.updated.length > 20 ? { pageSize: 20 } : false}
              dataSource={changes.updated}
              scroll={{ x: true }}
              columns={[
                { title: '行', dataIndex: 'row', width: 60, responsive: ['sm'] },
                { title: '姓名', dataIndex: 'displayName', render: nowrap },
                { title: '账号', dataIndex: 'username', responsive: ['sm'] },
                { title: '修改', dataIndex: 'changed', render: (changed: string[]) => changed.map((c) => <Tag key={c}>{CHANGED_LABELS[c] ?? c}</Tag>) },
                { title: '角色', dataIndex: 'roles', responsive: ['md'], render: roleText },
                { title: '组室', dataIndex: 'subOffice', responsive: ['md'], render: (s: string | null) => s ?? '—' },
              ]}
            />
          )}
          <Space style={{ marginTop: 16 }}>
            {!nothing && (
              <Button type="primary" loading={busy} onClick={() => file && void send('apply', file)}>
                确认导入
              </Button>
            )}
            <Button onClick={reset}>取消</Button>
          </Space>
        </div>
      )}
    </Card>
  );
}
