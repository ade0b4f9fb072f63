import type { SheetSpec } from '../tracking/named-sheet';

/** A directory file holds at most this many units. */
export const DIRECTORY_MAX_ROWS = 5000;

/** The columns of a directory file, by the titles bureaus give them. */
export const DIRECTORY_SHEET_SPEC: SheetSpec = {
  columns: [
    { key: 'code', title: '单位代码', headers: ['单位代码', '统一社会信用代码', '预算单位编码', '单位编码'] },
    { key: 'name', title: '单位名称', headers: ['单位名称'] },
    { key: 'parent', title: '主管部门', headers: ['主管部门', '主管部门代码', '主管部门名称', '上级单位'] },
    { key: 'level', title: '单位级次', headers: ['单位级次', '级次'] },
    { key: 'unitType', title: '单位类型', headers: ['单位类型', '单位性质'] },
    { key: 'contactName', title: '联系人', headers: ['联系人', '联系人姓名'] },
    { key: 'contactPhone', title: '电话', headers: ['电话', '联系电话', '联系人电话'] },
    { key: 'contactEmail', title: '邮箱', headers: ['邮箱', '电子邮箱', '联系邮箱'] },
    { key: 'adminUsername', title: '管理员账号', headers: ['管理员账号'] },
    { key: 'adminName', title: '管理员姓名', headers: ['管理员姓名'] },
  ],
  requireAll: ['code', 'name'],
  maxRows: DIRECTORY_MAX_ROWS,
  messages: {
    headerMissing: '第一行须是列名，至少含“单位代码”（或“统一社会信用代码”“预算单位编码”）和“单位名称”两列。',
    empty: '文件中没有任何行：第一行为列名，以下每行一个单位。',
    noRows: '文件有列名，但没有列出任何单位。',
    tooManyRows: '一份名录最多 {max} 个单位；文件第 {row} 行已是第 {next} 个，后面的行未读取。',
    tooComplex: '工作簿的结构远超一份单位名录所需（共享字符串过多），未读取；请只保留名录的各列后重新导入。',
  },
};
