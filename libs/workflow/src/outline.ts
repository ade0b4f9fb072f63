/** One entry of a report outline: a section a member drafts. Codes are stable across versions. */
export interface OutlineSection {
  code: string;
  title: string;
}

/** The outline of the overall self-evaluation report, as the seed report is laid out. */
export const DEFAULT_OUTLINE: readonly OutlineSection[] = [
  { code: '1.1', title: '单位机构设置与职能' },
  { code: '1.2', title: '年度总体工作和重点工作任务' },
  { code: '1.3', title: '整体支出绩效目标' },
  { code: '1.4', title: '整体支出情况' },
  { code: '2.1', title: '评价小组情况' },
  { code: '2.2', title: '自评工作过程' },
  { code: '2.3', title: '自评材料报送时间及质量' },
  { code: '2.4', title: '自评材料报送及公开一致情况' },
  { code: '3.1', title: '自评结果' },
  { code: '3.2', title: '整体支出绩效指标分析' },
  { code: '3.3', title: '存在问题' },
  { code: '3.4', title: '改进措施' },
  { code: '4', title: '其他自评情况' },
];
