import { useState } from 'react';
import { App, Button, Card, Drawer, Form, Grid, Input, Modal, Select, Space, Switch, Table, Tag, Timeline, Typography } from 'antd';
import { api, call } from '../api/client';
import type { DirectoryChange, DirectoryImportAnswer, DirectoryUnit, DirectoryUnitPage } from '../api/finance-views';
import { DirectoryImport } from '../components/DirectoryImport';
import { ErrorNotice, markFields } from '../components/ErrorNotice';
import { useLoad } from '../use-load';

type UnitType = 'administrative' | 'institution';

interface UnitForm {
  code: string;
  name: string;
  parentId?: string | null;
  unitType?: UnitType | null;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
}

const UNIT_TYPES: Record<UnitType, string> = { administrative: '行政', institution: '事业' };
const LEVELS = ['一级', '二级', '三级', '四级', '五级', '六级', '七级', '八级', '九级'];
const levelName = (level: number) => LEVELS[level - 1] ?? `${level}级`;
const FIELD_NAMES: Record<string, string> = { unitType: '单位类型', contactName: '联系人', contactPhone: '电话', contactEmail: '邮箱' };
const shown = (value: unknown) => (value === null || value === undefined || value === '' ? '（空）' : value === 'administrative' || value === 'institution' ? UNIT_TYPES[value] : String(value));
const when = (at: string) => new Date(at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** One entry of a unit's history, in words. */
function changeText(change: DirectoryChange): string {
  const before = change.before ?? {};
  const after = change.after ?? {};
  switch (change.kind) {
    case 'created':
      return `新设，名称“${shown(after.name)}”，主管部门：${after.parentName ? String(after.parentName) : '无（顶级单位）'}`;
    case 'renamed':
      return `更名：“${shown(before.name)}” → “${shown(after.name)}”`;
    case 'moved':
      return `调整主管部门：${before.parentName ? String(before.parentName) : '顶级单位'} → ${after.parentName ? String(after.parentName) : '顶级单位'}`;
    case 'updated':
      return `修改${Object.keys(after)
        .map((field) => `${FIELD_NAMES[field] ?? field}：${shown(before[field])} → ${shown(after[field])}`)
        .join('；')}`;
    case 'archived':
      return `撤并，原因：${shown(after.reason)}`;
    case 'restored':
      return '恢复为在用单位';
    default:
      return '导入变动';
  }
}

/**
 * 单位名录: the finance bureau's budget units as a tree (indented by 单位级次), with search, the
 * archived ones on demand, creating and editing (更名, 调整主管部门, contacts), 撤并 and 恢复 with a
 * reason, each unit's history in a drawer, and the import with its preview.
 */
export function DirectoryPage() {
  const { message } = App.useApp();
  // At phone width no column is pinned: two pinned columns would fill the screen between them.
  const wide = Grid.useBreakpoint().md !== false;
  const [search, setSearch] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const [editing, setEditing] = useState<DirectoryUnit | 'new' | null>(null);
  const [archiving, setArchiving] = useState<DirectoryUnit | null>(null);
  const [history, setHistory] = useState<DirectoryUnit | null>(null);
  const [importing, setImporting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<UnitForm>();
  const [archiveForm] = Form.useForm<{ reason: string }>();
  const { data, error: loadError, loading, reload } = useLoad(
    () => call<DirectoryUnitPage>(() => api.GET('/api/directory/units', { params: { query: { search: search || undefined, includeArchived, limit: 1000 } } })),
    [search, includeArchived],
  );
  const changes = useLoad(
    async () => (history ? call<DirectoryChange[]>(() => api.GET('/api/directory/units/{id}/changes', { params: { path: { id: history.id } } })) : []),
    [history?.id],
  );
  const units = data?.items ?? [];
  const parents = units.filter((u) => u.archivedAt === null && (editing === 'new' || u.id !== editing?.id));

  const act = async (work: () => Promise<unknown>, done: string, target?: Parameters<typeof markFields>[0]) => {
    setError(null);
    try {
      await work();
      message.success(done);
      reload();
      return true;
    } catch (failure) {
      setError(failure);
      if (target) markFields(target, failure);
      return false;
    }
  };

  const openEditor = (unit: DirectoryUnit | 'new') => {
    setError(null);
    form.resetFields();
    if (unit !== 'new') {
      form.setFieldsValue({
        code: unit.code,
        name: unit.name,
        parentId: unit.parentId,
        unitType: unit.unitType,
        contactName: unit.contactName ?? '',
        contactPhone: unit.contactPhone ?? '',
        contactEmail: unit.contactEmail ?? '',
      });
    }
    setEditing(unit);
  };

  const save = async (values: UnitForm) => {
    const details = {
      unitType: values.unitType ?? null,
      contactName: values.contactName ?? '',
      contactPhone: values.contactPhone ?? '',
      contactEmail: values.contactEmail ?? '',
      parentId: values.parentId ?? null,
    };
    const ok =
      editing === 'new'
        ? await act(() => call(() => api.POST('/api/directory/units', { body: { code: values.code, name: values.name, ...details } })), `已新增 ${values.name}。`, form)
        : await act(
            () => call(() => api.PATCH('/api/directory/units/{id}', { params: { path: { id: (editing as DirectoryUnit).id } }, body: { name: values.name, ...details } })),
            `${values.name} 已保存。`,
            form,
          );
    if (ok) setEditing(null);
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={<h1 style={{ fontSize: 20, margin: 0 }}>单位名录</h1>}
        extra={
          <Space wrap>
            <Button type="primary" onClick={() => openEditor('new')}>
              新增单位
            </Button>
            <Button onClick={() => setImporting(true)}>导入名录</Button>
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search aria-label="搜索单位" placeholder="单位名称、曾用名或代码" allowClear style={{ width: 260 }} onSearch={(value) => setSearch(value.trim())} />
          <Space>
            <Switch aria-label="显示已撤并的单位" checked={includeArchived} onChange={setIncludeArchived} />
            <span>显示已撤并的单位</span>
          </Space>
          <Typography.Text type="secondary">共 {data?.total ?? 0} 个单位</Typography.Text>
        </Space>
        <ErrorNotice error={loadError ?? (editing || archiving ? null : error)} onReload={reload} />
        <Table<DirectoryUnit>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={units}
          pagination={units.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
          scroll={{ x: 1100 }}
          rowClassName={(u) => (u.archivedAt ? 'directory-archived' : '')}
          columns={[
            {
              title: '单位名称',
              key: 'name',
              fixed: wide ? 'left' : undefined,
              width: wide ? 260 : 200,
              render: (_, u) => (
                <div style={{ paddingLeft: (u.level - 1) * 20 }}>
                  <span style={u.archivedAt ? { color: '#999', textDecoration: 'line-through' } : undefined}>{u.name}</span>
                  {u.archivedAt && <Tag style={{ marginLeft: 6 }}>已撤并</Tag>}
                  {u.formerNames.length > 0 && (
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        曾用名：{u.formerNames.join('、')}
                      </Typography.Text>
                    </div>
                  )}
                </div>
              ),
            },
            { title: '单位代码', dataIndex: 'code', width: 190, render: (code: string, u) => <span title={u.codeKind === 'credit_code' ? '统一社会信用代码' : '预算单位编码'}>{code}</span> },
            { title: '级次', key: 'level', width: 70, render: (_, u) => levelName(u.level) },
            { title: '类型', key: 'unitType', width: 70, render: (_, u) => (u.unitType ? UNIT_TYPES[u.unitType] : '—') },
            { title: '主管部门', key: 'parentName', width: 180, render: (_, u) => u.parentName ?? '—' },
            { title: '联系人', key: 'contact', width: 160, render: (_, u) => [u.contactName, u.contactPhone].filter(Boolean).join(' ') || '—' },
            { title: '管理员', key: 'adminCount', width: 80, render: (_, u) => (u.adminCount > 0 ? `${u.adminCount} 人` : <Tag color="orange">未设</Tag>) },
            {
              title: '操作',
              key: 'actions',
              fixed: wide ? 'right' : undefined,
              width: 190,
              render: (_, u) => (
                <Space size={4} wrap>
                  {u.archivedAt === null && (
                    <Button size="small" onClick={() => openEditor(u)}>
                      编辑
                    </Button>
                  )}
                  {u.archivedAt === null ? (
                    <Button
                      size="small"
                      danger
                      onClick={() => {
                        setError(null);
                        archiveForm.resetFields();
                        setArchiving(u);
                      }}
                    >
                      撤并
                    </Button>
                  ) : (
                    <Button size="small" onClick={() => void act(() => call(() => api.POST('/api/directory/units/{id}/restore', { params: { path: { id: u.id } } })), `${u.name} 已恢复。`)}>
                      恢复
                    </Button>
                  )}
                  <Button size="small" type="link" onClick={() => setHistory(u)}>
                    变动记录
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Modal
        open={editing !== null}
        title={editing === 'new' ? '新增单位' : `编辑单位：${editing?.name ?? ''}`}
        okText="保存"
        cancelText="取消"
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <ErrorNotice error={error} />
        <Form<UnitForm> form={form} layout="vertical" onFinish={(values) => void save(values)}>
          <Form.Item
            label="单位代码"
            name="code"
            extra={editing === 'new' ? '18 位统一社会信用代码（自动核对校验位），或 3 到 15 位数字的预算单位编码。' : '单位代码不能修改。'}
            rules={[{ required: true, message: '请填写单位代码' }]}
          >
            <Input disabled={editing !== 'new'} autoComplete="off" />
          </Form.Item>
          <Form.Item label="单位名称" name="name" extra={editing === 'new' ? undefined : '更名后原名称记为曾用名，单位的评价任务随之沿用新名称。'} rules={[{ required: true, whitespace: true, message: '请填写单位名称' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="主管部门" name="parentId" extra="不选即为顶级（一级）单位。">
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="无（顶级单位）" options={parents.map((u) => ({ value: u.id, label: `${u.name}（${u.code}）` }))} />
          </Form.Item>
          <Form.Item label="单位类型" name="unitType">
            <Select allowClear options={[{ value: 'administrative', label: '行政单位' }, { value: 'institution', label: '事业单位' }]} />
          </Form.Item>
          <Form.Item label="联系人" name="contactName">
            <Input />
          </Form.Item>
          <Form.Item label="电话" name="contactPhone">
            <Input />
          </Form.Item>
          <Form.Item label="邮箱" name="contactEmail">
            <Input type="email" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={archiving !== null}
        title={`撤并单位：${archiving?.name ?? ''}`}
        okText="撤并"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        onCancel={() => setArchiving(null)}
        onOk={() => archiveForm.submit()}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">撤并后，单位不再出现在名录和新通知的单位中；它的评价任务、变动记录和已盖章的报告都保留，人员账号不变。有下属单位或未公开的评价任务时不能撤并。</Typography.Paragraph>
        <ErrorNotice error={error} />
        <Form
          form={archiveForm}
          layout="vertical"
          onFinish={async ({ reason }) => {
            const unit = archiving!;
            const ok = await act(() => call(() => api.POST('/api/directory/units/{id}/archive', { params: { path: { id: unit.id } }, body: { reason } })), `${unit.name} 已撤并。`, archiveForm);
            if (ok) setArchiving(null);
          }}
        >
          <Form.Item label="撤并原因" name="reason" rules={[{ required: true, whitespace: true, message: '请写明撤并的原因' }]}>
            <Input.TextArea rows={3} placeholder="例如：并入区档案馆" />
          </Form.Item>
        </Form>
      </Modal>

      <Drawer open={history !== null} title={`变动记录：${history?.name ?? ''}`} onClose={() => setHistory(null)} size={wide ? 480 : '100%'}>
        <ErrorNotice error={changes.error} />
        {history && history.formerNames.length > 0 && <Typography.Paragraph>曾用名：{history.formerNames.join('、')}</Typography.Paragraph>}
        <Timeline
          items={(changes.data ?? []).map((c) => ({
            key: c.id,
            content: (
              <>
                <div>{changeText(c)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {when(c.at)} · {c.actorName ?? '系统'}
                  {c.importId ? ' · 名录导入' : ''}
                </Typography.Text>
              </>
            ),
          }))}
        />
        {!changes.loading && (changes.data ?? []).length === 0 && <Typography.Text type="secondary">暂无变动记录。</Typography.Text>}
      </Drawer>

      <Modal open={importing} title="导入单位名录" footer={null} width={960} onCancel={() => setImporting(false)} destroyOnHidden>
        <DirectoryImport
          onApplied={(answer: DirectoryImportAnswer) => {
            setImporting(false);
            message.success(`名录已导入：新增 ${answer.changes.added.length} 个单位，更名 ${answer.changes.renamed.length} 个，调整隶属 ${answer.changes.moved.length} 个，撤并 ${answer.changes.archived.length} 个。`);
            reload();
          }}
        />
      </Modal>
    </Space>
  );
}
