import { useState } from 'react';
import { Alert, Button, Checkbox, Space, Table, Tag, Typography, Upload } from 'antd';
import { isCode } from '@jixiao/workflow';
import { ApiProblem, upload } from '../api/client';
import { codeWords } from '../api/errors';
import type { DirectoryImportAnswer, DirectoryImportProblem } from '../api/finance-views';
import { ErrorNotice } from './ErrorNotice';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sheetType(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX;
  if (name.endsWith('.csv')) return 'text/csv';
  return null;
}

const top = (name: string | null) => name ?? '（顶级单位）';

/** A few words for each kind of problem; the 说明 column says the rest. */
const PROBLEM_KINDS: Readonly<Record<string, string>> = {
  'IMPORT.EMPTY_CELL': '未填写',
  'DIRECTORY.CODE_INVALID': '代码格式不对',
  'DIRECTORY.CODE_CHECK_FAILED': '校验位不对',
  'DIRECTORY.CODE_TAKEN': '代码重复',
  'DIRECTORY.NAME_TAKEN': '名称重复',
  'DIRECTORY.NAME_TOO_LONG': '名称过长',
  'DIRECTORY.UNKNOWN_PARENT': '主管部门不存在',
  'DIRECTORY.CYCLE': '隶属关系成环',
  'DIRECTORY.LEVEL_MISMATCH': '级次不符',
  'DIRECTORY.UNIT_TYPE_INVALID': '类型不对',
  'DIRECTORY.PHONE_INVALID': '电话格式不对',
  'DIRECTORY.EMAIL_INVALID': '邮箱格式不对',
  'DIRECTORY.OPEN_CASE': '有未完成的评价',
  'USER.USERNAME_INVALID': '账号格式不对',
  'USER.USERNAME_TAKEN': '账号已被使用',
  'USER.DUPLICATE_IN_FILE': '账号重复',
  'USER.EMAIL_REQUIRED': '缺少邮箱',
};

/** The problems of a file, one a row: 行, 列, 问题. */
export function ProblemTable({ problems }: { problems: DirectoryImportProblem[] }) {
  return (
    <Table<DirectoryImportProblem>
      aria-label="导入问题"
      size="small"
      rowKey={(p, index) => `${p.row}:${p.field}:${p.code}:${index}`}
      pagination={problems.length > 50 ? { pageSize: 50 } : false}
      dataSource={problems}
      // At phone width the table scrolls sideways rather than squeezing 行, 列 and 问题 a character a line.
      scroll={{ x: 720 }}
      columns={[
        { title: '行', dataIndex: 'row', width: 90, render: (row: number) => (row === 0 ? '整个文件' : `第 ${row} 行`) },
        { title: '列', dataIndex: 'field', width: 100, render: (field: string | null) => field ?? '—' },
        { title: '问题', key: 'kind', width: 140, render: (_, p) => PROBLEM_KINDS[p.code] ?? (isCode(p.code) ? codeWords(p.code) : '文件有误') },
        { title: '说明', dataIndex: 'message' },
      ]}
    />
  );
}

function Group<T extends object>({ title, items, columns }: { title: string; items: T[]; columns: Array<{ title: string; render: (item: T) => string }> }) {
  if (items.length === 0) return null;
  return (
    <section aria-label={title}>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {title}（{items.length}）
      </Typography.Title>
      <Table<T>
        size="small"
        rowKey={(_, index) => String(index)}
        pagination={items.length > 20 ? { pageSize: 20 } : false}
        dataSource={items}
        scroll={{ x: 560 }}
        columns={columns.map((c) => ({ title: c.title, key: c.title, render: (_: unknown, item: T) => c.render(item) }))}
      />
    </section>
  );
}

/**
 * The directory import: a file is previewed (every problem by row and column, then the changes it
 * would make, grouped), and only a preview without problems can be applied, with its digest so that
 * a directory changed in between is not overwritten unseen.
 */
export function DirectoryImport({ onApplied }: { onApplied: (answer: DirectoryImportAnswer) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [archiveMissing, setArchiveMissing] = useState(false);
  const [preview, setPreview] = useState<DirectoryImportAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const send = async (mode: 'preview' | 'apply', chosen: File, archive: boolean, digest?: string) => {
    const type = sheetType(chosen);
    if (!type) {
      setError(new ApiProblem(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'not a spreadsheet'));
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const query = new URLSearchParams({ mode, archiveMissing: String(archive), ...(digest ? { digest } : {}) });
      const answer = await upload<DirectoryImportAnswer>(`/api/directory/import?${query}`, chosen, type);
      if (mode === 'preview') setPreview(answer);
      else {
        setPreview(null);
        setFile(null);
        onApplied(answer);
      }
    } catch (failure) {
      if (failure instanceof ApiProblem && failure.code === 'DIRECTORY.IMPORT_INVALID' && Array.isArray(failure.details.problems)) {
        setPreview((p) => (p ? { ...p, problems: failure.details.problems as DirectoryImportProblem[] } : p));
      }
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const changes = preview?.changes;
  const total = changes ? changes.added.length + changes.renamed.length + changes.moved.length + changes.updated.length + changes.archived.length + changes.restored.length : 0;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        上传 .xlsx 或 .csv（UTF-8）文件，第一行为列名：单位代码（统一社会信用代码或预算单位编码）、单位名称、主管部门（填主管部门的代码或名称，顶级单位留空）、单位级次、单位类型（行政/事业）、联系人、电话、邮箱，可另加管理员账号、管理员姓名。先预览：列出全部问题和将要做的变动，确认后一次导入。
      </Typography.Paragraph>
      <Space wrap>
        <Upload
          accept=".xlsx,.csv"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(chosen) => {
            setFile(chosen);
            setPreview(null);
            void send('preview', chosen, archiveMissing);
            return false;
          }}
        >
          <Button loading={busy && !preview}>选择名录文件并预览</Button>
        </Upload>
        <Checkbox
          checked={archiveMissing}
          onChange={(event) => {
            setArchiveMissing(event.target.checked);
            if (file) void send('preview', file, event.target.checked);
          }}
        >
          撤并文件中没有列出的单位
        </Checkbox>
      </Space>
      {file && <Typography.Text>文件：{file.name}</Typography.Text>}
      <ErrorNotice error={error} />
      {preview && preview.problems.length > 0 && (
        <>
          <Alert type="error" showIcon title={`文件中有 ${preview.problems.length} 处问题，改正后重新上传；有问题的文件不会导入。`} />
          <ProblemTable problems={preview.problems} />
        </>
      )}
      {preview && preview.problems.length === 0 && changes && (
        <>
          <Alert
            type={total > 0 || changes.administrators.length > 0 ? 'info' : 'success'}
            showIcon
            title={`共 ${preview.rows} 行：新增 ${changes.added.length}，更名 ${changes.renamed.length}，调整隶属 ${changes.moved.length}，更新 ${changes.updated.length}，撤并 ${changes.archived.length}，恢复 ${changes.restored.length}，不变 ${changes.unchanged}；新建管理员 ${changes.administrators.length} 人。`}
          />
          <Group title="新增" items={changes.added} columns={[{ title: '单位代码', render: (u) => u.code }, { title: '单位名称', render: (u) => u.name }, { title: '主管部门', render: (u) => top(u.parentName) }]} />
          <Group title="更名" items={changes.renamed} columns={[{ title: '单位代码', render: (u) => u.code }, { title: '原名称', render: (u) => u.from }, { title: '新名称', render: (u) => u.to }]} />
          <Group
            title="调整隶属"
            items={changes.moved}
            columns={[{ title: '单位代码', render: (u) => u.code }, { title: '单位名称', render: (u) => u.name }, { title: '原主管部门', render: (u) => top(u.from) }, { title: '新主管部门', render: (u) => top(u.to) }]}
          />
          <Group title="更新" items={changes.updated} columns={[{ title: '单位代码', render: (u) => u.code }, { title: '单位名称', render: (u) => u.name }, { title: '变动的项', render: (u) => u.fields.join('、') }]} />
          <Group title="撤并" items={changes.archived} columns={[{ title: '单位代码', render: (u) => u.code }, { title: '单位名称', render: (u) => u.name }]} />
          <Group title="恢复" items={changes.restored} columns={[{ title: '单位代码', render: (u) => u.code }, { title: '单位名称', render: (u) => u.name }]} />
          <Group
            title="管理员"
            items={changes.administrators}
            columns={[{ title: '单位代码', render: (a) => a.code }, { title: '账号', render: (a) => a.username }, { title: '姓名', render: (a) => a.displayName }, { title: '邀请邮件发往', render: (a) => a.email }]}
          />
          <Space>
            <Button type="primary" loading={busy} disabled={!file} onClick={() => file && void send('apply', file, archiveMissing, preview.digest ?? undefined)}>
              确认导入
            </Button>
            {changes.administrators.length > 0 && <Tag color="blue">导入后向 {changes.administrators.length} 位管理员发送设置密码的邀请邮件</Tag>}
          </Space>
        </>
      )}
    </Space>
  );
}
