/**
 * A district's budget-unit directory as a bureau would keep it in a spreadsheet: a few 一级 主管部门
 * and their 二级 units, each with its contact and the account of its unit administrator. Used by
 * the onboarding tests and bench to import a realistic directory of any size.
 */

export const DIRECTORY_HEADER = ['单位代码', '单位名称', '主管部门', '单位级次', '单位类型', '联系人', '电话', '邮箱', '管理员账号'] as const;

export interface DirectoryRow {
  code: string;
  name: string;
  parent: string;
  level: '一级' | '二级';
  unitType: '行政' | '事业';
  contact: string;
  phone: string;
  email: string;
  adminUsername: string;
}

const DEPARTMENTS = [
  ['教育局', '学校'],
  ['卫生健康局', '卫生院'],
  ['民政局', '服务站'],
  ['文化旅游局', '文化站'],
  ['农业农村局', '农技站'],
  ['住房建设局', '工程站'],
  ['人力资源社会保障局', '就业站'],
  ['市场监督管理局', '监管所'],
  ['自然资源局', '资源所'],
  ['水务局', '水务站'],
] as const;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';

/** `count` units: one 一级 department per ten units or so, the rest 二级 under them. Codes are 预算单位编码. */
export function directoryRows(count: number, domain = 'units.example.gov.cn'): DirectoryRow[] {
  const departments = Math.max(1, Math.min(DEPARTMENTS.length, Math.ceil(count / 30)));
  const rows: DirectoryRow[] = [];
  for (let d = 0; d < departments; d++) {
    const [name] = DEPARTMENTS[d]!;
    rows.push(row(rows.length, `${String(101 + d)}001`, `霞山区${name}`, '', '一级', '行政', domain));
  }
  for (let i = 0; rows.length < count; i++) {
    const d = i % departments;
    const [, kind] = DEPARTMENTS[d]!;
    const parent = rows[d]!;
    const serial = Math.floor(i / departments) + 2;
    rows.push(row(rows.length, `${String(101 + d)}${String(serial).padStart(3, '0')}`, `霞山区第${serial - 1}${kind}（${parent.name.slice(3)}）`, parent.code, '二级', '事业', domain));
  }
  return rows;
}

function row(index: number, code: string, name: string, parent: string, level: DirectoryRow['level'], unitType: DirectoryRow['unitType'], domain: string): DirectoryRow {
  const contact = `${SURNAMES[index % SURNAMES.length]}${'明华强芳敏静丽军'[index % 8]}`;
  return {
    code,
    name,
    parent,
    level,
    unitType,
    contact,
    phone: `139${String(10_000_000 + index * 7919).slice(-8)}`,
    email: `admin${code}@${domain}`,
    adminUsername: `u${code}.admin`,
  };
}

/** The rows as a UTF-8 CSV with the header, quoting every cell. */
export function directoryCsv(rows: readonly DirectoryRow[]): Buffer {
  const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
  const lines = [DIRECTORY_HEADER.map(quote).join(',')];
  for (const r of rows) lines.push([r.code, r.name, r.parent, r.level, r.unitType, r.contact, r.phone, r.email, r.adminUsername].map(quote).join(','));
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}
