/**
 * What marks a rendering of the report as it stands now: a draft, never sealed, hashed or stored.
 * The renderers print it over the same body as a sealed version's.
 */
export interface DraftMark {
  /** When the draft was rendered, Asia/Shanghai 'YYYY-MM-DD HH:mm'. */
  renderedAt: string;
}

export const DRAFT_MARK = '草稿（未盖章，仅供审阅）';

export function draftLine(mark: DraftMark): string {
  return `${DRAFT_MARK}，生成时间：${mark.renderedAt}（北京时间），内容可能仍会修改，以盖章版本为准。`;
}
