import type { SheetSpec } from '../tracking/named-sheet';

/** A unit admin imports at most this many people at once; reading stops at the first row beyond. */
export const PEOPLE_SHEET_MAX_ROWS = 2000;

/** The columns of a unit's people list; only 姓名 and 账号 are required. */
export const PEOPLE_SHEET_SPEC: SheetSpec = {
  columns: [
    { key: 'name', title: '姓名', headers: ['姓名', '人员姓名'] },
    { key: 'username', title: '账号', headers: ['账号', '用户名', '登录名'] },
    { key: 'email', title: '邮箱', headers: ['邮箱', '电子邮箱', '电子邮件', '邮件地址'] },
    { key: 'phone', title: '手机', headers: ['手机', '手机号', '手机号码', '电话', '联系电话'] },
    { key: 'roles', title: '角色', headers: ['角色'] },
    { key: 'subOffice', title: '组室', headers: ['组室', '处室', '科室', '部门', '下属单位'] },
  ],
  requireAny: ['username'],
  maxRows: PEOPLE_SHEET_MAX_ROWS,
  messages: {
    headerMissing: '第一行须是列名，至少含“姓名”和“账号”两列（另可有“邮箱”“手机”“角色”“组室”）。',
    empty: '文件中没有任何行：第一行为列名，以下每行一人。',
    noRows: '文件有列名，但没有列出任何人员。',
    tooManyRows: '一次最多导入 {max} 人；文件第 {row} 行已是第 {next} 人，后面的行未读取，请分批导入。',
    tooComplex: '工作簿的结构远超一份人员名单所需，未读取；请只保留姓名、账号、邮箱、手机、角色、组室几列后重新导入。',
  },
};
