import { CODES, codeText, isCode, reasonsOf, textParams, type CodeParams } from '@jixiao/workflow';
import type { ApiProblem } from './client';
import type { ApiCode, ConsoleCode } from './codes';

export type { ApiCode, ConsoleCode };

type Text = string | ((params: CodeParams) => string);

/** The catalogue's text of every code the API lists: a code without one does not compile. */
const CATALOGUE: Readonly<Record<ApiCode, { readonly zh: string }>> = CODES;

function wait(params: CodeParams, unit: 'minutes' | 'seconds', before: string): string {
  const seconds = Number(params.retryAfterSeconds);
  if (!(seconds > 0)) return `${before}请稍后再试。`;
  return unit === 'minutes' ? `${before}请 ${Math.ceil(seconds / 60)} 分钟后再试。` : `${before}请 ${Math.ceil(seconds)} 秒后再试。`;
}

/** Where a screen reads better with its own words than with the catalogue's. */
const WORDING: Partial<Record<ConsoleCode, Text>> = {
  NETWORK: '无法连接服务器，请检查网络后重试。',
  UNEXPECTED: '页面出错了，请刷新页面后重试。',
  'AUTH.TOO_MANY_ATTEMPTS': (p) => wait(p, 'minutes', '尝试次数过多，为保护账号已暂停登录，'),
  'REQUEST.RATE_LIMITED': (p) => wait(p, 'seconds', '操作太频繁，'),
  // The reasons and the differences are listed under the title, one a line.
  'CASE.CONDITIONS_NOT_MET': '条件尚未满足，暂时不能进行这个操作：',
  'GROUP.INCOMPLETE': '评价小组还不完整：',
  'PUBLICATION.MISMATCH': '公开的文件与盖章版本不一致，不能登记公开：',
  'CAMPAIGN.IMPORT_INVALID': '单位名单有问题，没有导入。请按下表逐行修改后重新导入。',
  'DIRECTORY.IMPORT_INVALID': '单位名录有问题，没有导入。请按下表逐行修改后重新导入。',
  // Someone else acted first: the notice adds the reload button and says to reload.
  'CASE.VERSION_CONFLICT': '在您操作之前，其他人已经修改了这个评价任务。',
  'CASE.TRANSITION_NOT_ALLOWED': (p) => `评价任务现在处于“${p.state ?? '其他环节'}”，不能进行这个操作，可能其他人已先一步处理。`,
  'SECTION.REVISION_CONFLICT': '在您保存之前，其他人已经保存了这个章节的新版本。',
  'SECTION.VERSION_CONFLICT': '在您操作之前，其他人已经处理了这个章节。',
  'SECTION.TRANSITION_NOT_ALLOWED': (p) => `章节现在是“${p.state ?? '其他状态'}”，不能进行这个操作，可能其他人已先一步处理。`,
  'REPORT_TABLE.REVISION_CONFLICT': '在您保存之前，其他人已经保存了这张表的新版本。',
  'PROJECT_FORM.REVISION_CONFLICT': '在您保存之前，其他人已经保存了这张项目自评表的新版本，本页的修改没有保存。',
  // The fields are marked in the form itself.
  'VALIDATION.FIELD_INVALID': '有填写不正确的内容，请按提示修改。',
  'VALIDATION.UNKNOWN_FIELD': '提交了系统不认识的内容，请刷新页面后重试。',
  'VALIDATION.FIELD_NOT_ALLOWED': '提交的内容与此操作不符，请刷新页面后重试。',
  'REQUEST.INVALID_CHARACTER': '填写的内容中有无法保存的特殊字符（常见于从其他文件复制粘贴的文字），请删除这些字符或重新输入后再提交。',
};

/** The text of a code with its params: the screen's own words, else the catalogue's. */
export function codeWords(code: ConsoleCode, params: CodeParams = {}): string {
  const own = WORDING[code];
  if (typeof own === 'function') return own(params);
  if (own !== undefined) return own;
  return isCode(code) && code in CATALOGUE ? codeText(code, params) : (WORDING.UNEXPECTED as string);
}

/** Conflicts that mean "someone else acted first": the console offers a reload. */
const CONFLICTS: ReadonlySet<ConsoleCode> = new Set<ConsoleCode>([
  'CASE.VERSION_CONFLICT',
  'CASE.TRANSITION_NOT_ALLOWED',
  'SECTION.REVISION_CONFLICT',
  'SECTION.VERSION_CONFLICT',
  'SECTION.TRANSITION_NOT_ALLOWED',
  'REPORT_TABLE.REVISION_CONFLICT',
  'PROJECT_FORM.REVISION_CONFLICT',
  'PROJECT_FORM.ALREADY_APPROVED',
  'REVIEW.ALREADY_APPROVED',
  'MAIL.NOT_FAILED',
]);

export function isConflict(problem: ApiProblem): boolean {
  return problem.status === 409 && CONFLICTS.has(problem.code);
}

/** The sentence for a refusal, from its code and details; never the API's own wording. */
export function describe(problem: ApiProblem): string {
  if (!isCode(problem.code)) return codeWords(problem.code);
  return codeWords(problem.code, textParams(problem.code, { ...problem.details, fields: problem.fields }));
}

/** Every reason the API gave for a refusal (CASE.CONDITIONS_NOT_MET lists them all), each from its code and params. */
export function reasons(problem: ApiProblem): string[] {
  const listed = reasonsOf(problem.details.reasons);
  if (listed.length > 0) return listed.map((r) => codeWords(r.code, r.params));
  const differences = problem.details.differences;
  if (Array.isArray(differences)) return differences.map((d) => difference(d as PublicationDifference));
  return [];
}

/** How a published file differs from the sealed version (`details.differences` of PUBLICATION.MISMATCH). */
type PublicationDifference =
  | { kind: 'section_missing'; heading: string }
  | { kind: 'section_changed'; heading: string; missingText: string[] }
  | { kind: 'figure_missing'; label: string; sealed: string }
  | { kind: 'figure_differs'; label: string; sealed: string; published: string }
  | { kind: 'score_differs'; sealed: string; published: string | null }
  | { kind: 'not_a_docx' }
  | { kind: 'file_not_original' };

function difference(d: PublicationDifference): string {
  switch (d.kind) {
    case 'section_missing':
      return `缺少章节“${d.heading}”。`;
    case 'section_changed':
      return `章节“${d.heading}”与盖章版本不同，缺少：“${d.missingText.slice(0, 3).join('”“')}”${d.missingText.length > 3 ? '等' : ''}。`;
    case 'figure_missing':
      return `缺少${d.label}（盖章版本为 ${d.sealed}）。`;
    case 'figure_differs':
      return `${d.label}为 ${d.published}，盖章版本为 ${d.sealed}。`;
    case 'score_differs':
      return d.published === null ? `缺少自评得分（盖章版本为 ${d.sealed}）。` : `自评得分为 ${d.published}，盖章版本为 ${d.sealed}。`;
    case 'not_a_docx':
      return '上传的文件不是 Word 文档（.docx），无法逐项比对。';
    case 'file_not_original':
      return '文件中的文字与盖章版本一致，但不是盖章版本的原文件（可能另存过或改过格式），请下载盖章版本的原文件后公开。';
    default:
      return '与盖章版本有一处不同。';
  }
}

/** The field name the console's form uses for an API field path: `group.leaderId` → `leaderId`. */
export function fieldErrors(problem: ApiProblem): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const f of problem.fields) {
    const list = byField.get(f.field) ?? [];
    list.push(...f.problems);
    byField.set(f.field, list);
  }
  return byField;
}

/** One reason an action is not available, in the person's words: its code's text with its parameters. */
export function reasonText(reason: { code: string; params: CodeParams }): string {
  return isCode(reason.code) ? codeWords(reason.code, textParams(reason.code, reason.params)) : (WORDING.UNEXPECTED as string);
}
