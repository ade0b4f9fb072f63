import type { Decimal } from 'decimal.js';
import type { Problem } from '../problem';
import { formatWanYuan, sumOf } from './exact';
import { amountInWanYuan, AMOUNT_UNIT, halfUnit, normalised, NUMBER, paragraphPath, PRIOR_YEAR, type NarrativeSection } from './narrative-text';

const AMOUNT = new RegExp(`${NUMBER}${AMOUNT_UNIT}`, 'g');
const SENTENCE_END = /[。；;\n]/;
/** Where a list of items begins within its sentence. */
const LIST_START = /其中[:：]?|包括[:：]?|分别为[:：]?|分别是[:：]?|主要有[:：]?|[:：]/g;

/** "…丙30万元，共计60.5万元": the total after its items. */
const TOTAL_AFTER = new RegExp(`(?:共计|合计|总计|累计|共)(?:为|达|约)?\\s*${NUMBER}${AMOUNT_UNIT}`, 'g');
/** "共计60.5万元，其中：甲…、乙…": the total before its items. */
const TOTAL_BEFORE = new RegExp(`(?:共计|合计|总计|累计)(?:为|达)?\\s*${NUMBER}${AMOUNT_UNIT}\\s*[，,]?\\s*其中[:：]?`, 'g');

interface Item {
  value: Decimal;
  text: string;
}

function amountsIn(text: string): Item[] {
  return [...text.matchAll(AMOUNT)].map((m) => ({ value: amountInWanYuan(m[1], m[2]).value, text: m[0] }));
}

function sentenceStart(text: string, index: number): number {
  let start = index;
  while (start > 0 && !SENTENCE_END.test(text[start - 1])) start--;
  return start;
}

function sentenceEnd(text: string, index: number): number {
  let end = index;
  while (end < text.length && !SENTENCE_END.test(text[end])) end++;
  return end;
}

function listProblem(section: string, paragraph: number, quoted: string, items: Item[], total: { value: Decimal; text: string }): Problem {
  const sum = sumOf(items.map((i) => i.value));
  const difference = total.value.minus(sum);
  return {
    severity: 'error',
    code: 'DATA_TABLE.NARRATIVE_LIST_SUM_MISMATCH',
    message: `第 ${section} 节写“${quoted}”，但所列${items.length}项（${items.map((i) => i.text).join('、')}）相加为 ${formatWanYuan(sum)} 万元，与所写合计“${total.text}”相差 ${formatWanYuan(difference)} 万元：请核对各项金额或合计`,
    path: paragraphPath(section, paragraph),
    figures: { stated: formatWanYuan(total.value), sum: formatWanYuan(sum), difference: formatWanYuan(difference), items: String(items.length) },
  };
}

/**
 * DATA_TABLE.NARRATIVE_LIST_SUM_MISMATCH (error): items listed with their amounts and a stated total
 * that is not their sum at the total's printed precision. Items then total ("甲10.5万元、乙20万元、
 * 丙30万元，共计60.5万元"): the list is complete, any difference counts. Total then "其中" items: the
 * list may name only some parts, so only items adding up to more than the total are reported.
 * A list ending in 等 is incomplete by its own words; last year's lists are left alone.
 */
export function checkListTotals(sections: readonly NarrativeSection[]): Problem[] {
  const problems: Problem[] = [];
  for (const section of sections) {
    section.paragraphs.forEach((raw, paragraph) => {
      const shown = normalised(raw);
      // "B 20万元（含上年结转2万元）": what brackets hold is not an item; blanked, so that indices still match `shown`.
      const text = shown.replace(/\([^()]*\)/g, (m) => ' '.repeat(m.length));
      for (const match of text.matchAll(TOTAL_AFTER)) {
        const start = sentenceStart(text, match.index);
        let listFrom = start;
        for (const marker of text.slice(start, match.index).matchAll(LIST_START)) listFrom = start + marker.index + marker[0].length;
        const list = text.slice(listFrom, match.index);
        if (PRIOR_YEAR.test(text.slice(start, match.index))) continue;
        const items = [...list.matchAll(AMOUNT)];
        if (items.length < 2) continue;
        const last = items[items.length - 1];
        // The total must follow the last item directly: "…30万元，共计" (not "…30万元等，共计" nor "…，收入合计").
        if (!/^[\s，,、]*$/.test(list.slice(last.index + last[0].length))) continue;
        const total = amountInWanYuan(match[1], match[2]);
        const listed = amountsIn(list);
        const difference = total.value.minus(sumOf(listed.map((i) => i.value)));
        if (difference.abs().lessThanOrEqualTo(halfUnit(total.decimals))) continue;
        problems.push(listProblem(section.code, paragraph, shown.slice(listFrom, match.index + match[0].length), listed, { value: total.value, text: match[0] }));
      }
      for (const match of text.matchAll(TOTAL_BEFORE)) {
        const from = match.index + match[0].length;
        const end = sentenceEnd(text, from);
        if (PRIOR_YEAR.test(text.slice(sentenceStart(text, match.index), end))) continue;
        const list = text.slice(from, end);
        const listed = amountsIn(list);
        if (listed.length < 2) continue;
        const total = amountInWanYuan(match[1], match[2]);
        const excess = sumOf(listed.map((i) => i.value)).minus(total.value);
        if (excess.lessThanOrEqualTo(halfUnit(total.decimals))) continue;
        problems.push(listProblem(section.code, paragraph, shown.slice(match.index, end), listed, { value: total.value, text: match[0].replace(/[，,]?\s*其中[:：]?$/, '') }));
      }
    });
  }
  return problems;
}

const DIGIT: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "5", "五", "十二", "二十三": a count as reports write it, up to 99. */
export function readCount(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const ten = text.indexOf('十');
  if (ten < 0) return text.length === 1 ? DIGIT[text] : undefined;
  const tens = ten === 0 ? 1 : DIGIT[text.slice(0, ten)];
  const rest = text.slice(ten + 1);
  const ones = rest === '' ? 0 : DIGIT[rest];
  return tens === undefined || ones === undefined || rest.length > 1 ? undefined : tens * 10 + ones;
}

/**
 * "共实施项目5个，分别是：…", "共5个项目：…", "直属事业单位10个，即…": a stated count, a word that
 * introduces a list (分别是, 包括, 即, a colon), then the list up to the end of the sentence.
 */
const COUNT = new RegExp(
  String.raw`(?:共(?:实施|开展|有|计|安排|涉及|完成|设立|设置|包括|承担)?了?(?:重点)?(?:项目|工作|任务)?\s*)?(?<![\d.第一二两三四五六七八九十])(\d+|[一二两三四五六七八九十]+)\s*(?:个|项|类|家|所)([^，,。；;：:、\d]{0,10}?)(?:\s*[，,]?\s*(分别是|分别为|包括|具体是|具体为|即)\s*[:：]?|\s*[:：])`,
  'g',
);

/** The items of a list: split at 、 and, in the last item, at 和/及/以及; brackets are read as part of their item. */
function itemsOf(list: string): string[] {
  const plain = list.replace(/（[^）]*）|\([^)]*\)|“[^”]*”|《[^》]*》/g, (m) => m.replace(/[、和及]/g, ''));
  const parts = plain.split('、').map((p) => p.trim());
  const last = parts.pop() ?? '';
  return [...parts, ...last.split(/以及|和|及/)].map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * DATA_TABLE.NARRATIVE_COUNT_MISMATCH (error): "共N个项目" followed by a list of a different length.
 * Lists that end in 等, lists of one item (the rest told in other sentences) and numbered lists
 * ("一是…") are not counted; nor are last year's.
 */
export function checkItemCounts(sections: readonly NarrativeSection[]): Problem[] {
  const problems: Problem[] = [];
  for (const section of sections) {
    section.paragraphs.forEach((raw, paragraph) => {
      const text = normalised(raw);
      for (const match of text.matchAll(COUNT)) {
        const countText = match[1];
        const endOfMatch = match.index + match[0].length;
        const stated = readCount(countText);
        // "建立一个机制，即…和…相结合": one thing described, not a list of one.
        if (stated === undefined || stated < 2) continue;
        const end = sentenceEnd(text, endOfMatch);
        if (PRIOR_YEAR.test(text.slice(sentenceStart(text, match.index), end))) continue;
        const list = text.slice(endOfMatch, end).replace(/[，,].*$/, '');
        if (/等[^、]{0,6}$/.test(list) || /^\s*(?:一是|1[.、])/.test(list)) continue;
        const items = itemsOf(list);
        if (items.length < 2 || items.length === stated) continue;
        problems.push({
          severity: 'error',
          code: 'DATA_TABLE.NARRATIVE_COUNT_MISMATCH',
          message: `第 ${section.code} 节写共${stated}个（“${match[0].trim()}”），但随后列出${items.length}个（${items.join('、')}）：请核对个数或所列名称`,
          path: paragraphPath(section.code, paragraph),
          figures: { stated: String(stated), listed: String(items.length) },
        });
      }
    });
  }
  return problems;
}
