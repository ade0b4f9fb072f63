import type { Problem } from '../problem';

/** A section body: paragraphs with optional headings and simple tables, stored as JSON. */
export type SectionBlock = HeadingBlock | ParagraphBlock | TableBlock;

export interface HeadingBlock {
  type: 'heading';
  /** 1 is the section's own sub-heading level; the renderer numbers it. */
  level?: 1 | 2 | 3;
  text: string;
}

export interface ParagraphBlock {
  type: 'paragraph';
  text: string;
}

export interface TableBlock {
  type: 'table';
  caption?: string;
  header?: readonly string[];
  rows: readonly (readonly string[])[];
}

/**
 * How large a table in a section may be: room for a staffing or project table (the seed's 1.1 has
 * 5 columns and 5 rows), not for a spreadsheet pasted into the report. The editor shows the same limits.
 */
export const TABLE_LIMITS = { columns: 10, rows: 50, cellLength: 500, captionLength: 100 } as const;

/** Phrases that only appear in a template's instructions, never in a finished report. */
interface TemplatePattern {
  pattern: RegExp;
  what: string;
}

const TEMPLATE_PATTERNS: readonly TemplatePattern[] = [
  { pattern: /请填写/, what: '填写提示“请填写”' },
  { pattern: /请根据/, what: '填写提示“请根据”' },
  { pattern: /此处填写/, what: '填写提示“此处填写”' },
  { pattern: /填写说明/, what: '模板的“填写说明”' },
  { pattern: /示例/, what: '模板中的“示例”' },
  { pattern: /[（(]\s*说明\s*[:：]/, what: '模板的“（说明：”' },
  { pattern: /×{2,}/, what: '占位符“××”' },
  { pattern: /[XＸ]{2,}/, what: '占位符“XXX”' },
  { pattern: /[○〇]{2,}/, what: '占位符“○○”' },
  { pattern: /【\s*】/, what: '空的占位符“【】”' },
  { pattern: /【[^】]{0,20}(?:填写|名称|单位|日期|金额|数量|内容)[^】]{0,20}】/, what: '占位符“【…】”' },
];

const EXCERPT_RADIUS = 12;

function excerpt(text: string, index: number, length: number): string {
  const start = Math.max(0, index - EXCERPT_RADIUS);
  const end = Math.min(text.length, index + length + EXCERPT_RADIUS);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

/** Every piece of text in a section, with its path. */
function texts(code: string, blocks: readonly SectionBlock[]): { path: string; text: string; content: boolean }[] {
  const out: { path: string; text: string; content: boolean }[] = [];
  blocks.forEach((block, index) => {
    const path = `sections.${code}.blocks.${index}`;
    switch (block.type) {
      case 'heading':
        out.push({ path, text: block.text ?? '', content: false });
        break;
      case 'paragraph':
        out.push({ path, text: block.text ?? '', content: true });
        break;
      case 'table':
        if (block.caption !== undefined) out.push({ path: `${path}.caption`, text: block.caption, content: false });
        (block.header ?? []).forEach((cell, column) => out.push({ path: `${path}.header.${column}`, text: cell ?? '', content: false }));
        (block.rows ?? []).forEach((row, r) =>
          row.forEach((cell, column) => out.push({ path: `${path}.rows.${r}.${column}`, text: cell ?? '', content: true })),
        );
        break;
    }
  });
  return out;
}

/**
 * Checks a section before it is submitted or the report goes to review: template instructions
 * left instead of content, and a section with no content (headings alone are not content).
 */
export function checkSectionText(code: string, blocks: readonly SectionBlock[]): Problem[] {
  const problems: Problem[] = [];
  const pieces = texts(code, blocks);
  if (!pieces.some((piece) => piece.content && piece.text.trim() !== '')) {
    problems.push({
      severity: 'error',
      code: 'SECTION.EMPTY',
      message: `第${code}节还没有正文内容，请撰写本节内容；确无内容的，请写明“无”。`,
      path: `sections.${code}`,
    });
  }
  for (const piece of pieces) {
    for (const { pattern, what } of TEMPLATE_PATTERNS) {
      const match = pattern.exec(piece.text);
      if (!match) continue;
      problems.push({
        severity: 'error',
        code: 'SECTION.TEMPLATE_TEXT',
        message: `第${code}节仍有模板文字：${what}，见“${excerpt(piece.text, match.index, match[0].length)}”。请删除模板说明，换成本单位的实际内容。`,
        path: piece.path,
        figures: { found: match[0] },
      });
    }
  }
  return problems;
}

/**
 * Reads a section body as it arrives from a form. Unknown block types, missing text and ragged
 * table rows are refused with the block at fault.
 */
export function parseSectionBlocks(code: string, raw: unknown): { blocks: SectionBlock[]; problems: Problem[] } {
  const blocks: SectionBlock[] = [];
  const problems: Problem[] = [];
  const refuse = (path: string, message: string) => problems.push({ severity: 'error', code: 'SECTION.INVALID_BLOCK', message, path });
  if (!Array.isArray(raw)) {
    refuse(`sections.${code}.blocks`, `第${code}节的正文应为段落、标题和表格组成的列表。`);
    return { blocks, problems };
  }
  raw.forEach((item: unknown, index) => {
    const path = `sections.${code}.blocks.${index}`;
    const block = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((cell) => typeof cell === 'string');
    if (block.type === 'heading' || block.type === 'paragraph') {
      if (typeof block.text !== 'string') return refuse(path, `第${code}节第${index + 1}块${block.type === 'heading' ? '标题' : '段落'}缺少文字。`);
      if (block.type === 'paragraph') return void blocks.push({ type: 'paragraph', text: block.text });
      const level = block.level === undefined ? undefined : block.level;
      if (level !== undefined && level !== 1 && level !== 2 && level !== 3) return refuse(`${path}.level`, `第${code}节第${index + 1}块标题的级别应为1、2或3。`);
      return void blocks.push({ type: 'heading', text: block.text, ...(level !== undefined ? { level } : {}) });
    }
    if (block.type === 'table') {
      if (!Array.isArray(block.rows) || !block.rows.every(isStringArray)) return refuse(`${path}.rows`, `第${code}节第${index + 1}块表格的每一行应为文字单元格的列表。`);
      if (block.header !== undefined && !isStringArray(block.header)) return refuse(`${path}.header`, `第${code}节第${index + 1}块表格的表头应为文字单元格的列表。`);
      if (block.caption !== undefined && typeof block.caption !== 'string') return refuse(`${path}.caption`, `第${code}节第${index + 1}块表格的标题应为文字。`);
      const rows = block.rows as string[][];
      const width = (block.header as string[] | undefined)?.length ?? rows[0]?.length ?? 0;
      const ragged = rows.findIndex((row) => row.length !== width);
      if (ragged >= 0) return refuse(`${path}.rows.${ragged}`, `第${code}节第${index + 1}块表格第${ragged + 1}行有${rows[ragged].length}列，应为${width}列。`);
      const tooLarge = tableLimitProblems(code, index, path, { caption: block.caption as string | undefined, header: block.header as string[] | undefined, rows });
      if (tooLarge.length > 0) return void problems.push(...tooLarge);
      return void blocks.push({
        type: 'table',
        rows,
        ...(block.header !== undefined ? { header: block.header as string[] } : {}),
        ...(block.caption !== undefined ? { caption: block.caption as string } : {}),
      });
    }
    refuse(`${path}.type`, `第${code}节第${index + 1}块的类型“${String(block.type)}”无法识别，只能是标题、段落或表格。`);
  });
  return { blocks, problems };
}

/** A table beyond TABLE_LIMITS: too many columns or rows, a caption or cell too long; every one at once, with its place. */
function tableLimitProblems(code: string, index: number, path: string, table: { caption: string | undefined; header: string[] | undefined; rows: string[][] }): Problem[] {
  const problems: Problem[] = [];
  const where = `第${code}节第${index + 1}块表格`;
  const add = (problemCode: string, at: string, message: string) => problems.push({ severity: 'error', code: problemCode, message, path: at });
  const width = table.header?.length ?? table.rows[0]?.length ?? 0;
  if (width > TABLE_LIMITS.columns) add('SECTION.TABLE_TOO_WIDE', path, `${where}有${width}列，最多${TABLE_LIMITS.columns}列。`);
  if (table.rows.length > TABLE_LIMITS.rows) add('SECTION.TABLE_TOO_LONG', `${path}.rows`, `${where}有${table.rows.length}行，最多${TABLE_LIMITS.rows}行（不含表头）。`);
  if (table.caption !== undefined && table.caption.length > TABLE_LIMITS.captionLength) {
    add('SECTION.TABLE_CAPTION_TOO_LONG', `${path}.caption`, `${where}的标题有${table.caption.length}个字，最多${TABLE_LIMITS.captionLength}个字。`);
  }
  const long = (cell: string) => cell.length > TABLE_LIMITS.cellLength;
  (table.header ?? []).forEach((cell, column) => {
    if (long(cell)) add('SECTION.TABLE_CELL_TOO_LONG', `${path}.header.${column}`, `${where}表头第${column + 1}列有${cell.length}个字，每格最多${TABLE_LIMITS.cellLength}个字。`);
  });
  table.rows.forEach((row, r) =>
    row.forEach((cell, column) => {
      if (long(cell)) add('SECTION.TABLE_CELL_TOO_LONG', `${path}.rows.${r}.${column}`, `${where}第${r + 1}行第${column + 1}列有${cell.length}个字，每格最多${TABLE_LIMITS.cellLength}个字。`);
    }),
  );
  return problems;
}
