import { PART_TITLES, type SealedSnapshot } from './snapshot';

const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 20 → 二十. */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
  return String(n);
}

/** The number of a heading at an outline level (1-based): 一、 （一） 1. （1）. */
export function headingNumber(level: number, n: number): string {
  switch (level) {
    case 1:
      return `${chineseNumber(n)}、`;
    case 2:
      return `（${chineseNumber(n)}）`;
    case 3:
      return `${n}.`;
    default:
      return `（${n}）`;
  }
}

/** A line of the rendered report, in reading order; both renderers lay out the same lines. */
export type ReportLine =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; caption?: string; header?: readonly string[]; rows: ReadonlyArray<readonly string[]> };

/**
 * The report's body as numbered lines: a section's level is the depth of its code ('1' → 一、,
 * '1.1' → （一）), headings inside a section continue below it. A part that the outline only
 * lists through its sub-sections gets its heading from PART_TITLES.
 */
export function reportLines(snapshot: SealedSnapshot): ReportLine[] {
  const lines: ReportLine[] = [];
  const counters: number[] = [];
  const heading = (level: number, title: string) => {
    counters.length = level;
    counters[level - 1] = (counters[level - 1] ?? 0) + 1;
    for (let i = 0; i < level - 1; i++) counters[i] ??= 1;
    lines.push({ kind: 'heading', level, text: `${headingNumber(level, counters[level - 1]!)}${title}` });
  };
  const printed = new Set<string>();
  for (const section of snapshot.sections) {
    const parts = section.code.split('.');
    for (let depth = 1; depth < parts.length; depth++) {
      const parent = parts.slice(0, depth).join('.');
      if (printed.has(parent)) continue;
      printed.add(parent);
      const known = snapshot.sections.find((s) => s.code === parent);
      heading(depth, known?.title ?? PART_TITLES[parent] ?? parent);
    }
    printed.add(section.code);
    const level = parts.length;
    heading(level, section.title);
    for (const block of section.blocks) {
      if (block.type === 'heading') heading(Math.min(level + (block.level ?? 1), 4), block.text);
      else if (block.type === 'paragraph') lines.push({ kind: 'paragraph', text: block.text });
      else lines.push({ kind: 'table', ...(block.caption !== undefined ? { caption: block.caption } : {}), ...(block.header ? { header: block.header } : {}), rows: block.rows });
    }
  }
  return lines;
}

export const REPORT_TITLE = '整体绩效自评报告';

export function selfScoreLine(snapshot: SealedSnapshot): string {
  return `自评得分：${snapshot.indicators.total}分，自评等级：${snapshot.indicators.grade ?? '未评定'}。`;
}

export function sealLine(snapshot: SealedSnapshot): string {
  return `区级预算部门单位（公章）：${snapshot.unitName}`;
}

export function dataTableRows(snapshot: SealedSnapshot): { header: string[]; rows: string[][] } | null {
  if (!snapshot.dataTable) return null;
  return { header: ['项目', '金额（万元）'], rows: snapshot.dataTable.figures.map((f) => [f.label, f.value]) };
}

export function staffingRows(snapshot: SealedSnapshot): { header: string[]; rows: string[][] } | null {
  if (!snapshot.dataTable || snapshot.dataTable.staffing.length === 0) return null;
  return {
    header: ['机构', '编制数', '在职人数', '退休人数', '离休人数'],
    rows: snapshot.dataTable.staffing.map((s) => [s.organ, s.authorizedPosts, s.staffInPost, s.retired, s.retiredBefore1949]),
  };
}

export function indicatorRows(snapshot: SealedSnapshot): { header: string[]; rows: string[][] } {
  return {
    header: ['指标编号', '指标名称', '分值', '得分'],
    rows: [...snapshot.indicators.rows.map((r) => [r.code, r.name, r.maximum, r.score]), ['', '合计', '100', snapshot.indicators.total]],
  };
}
