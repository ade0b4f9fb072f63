import { Decimal } from 'decimal.js';
import { readNumberText, toHalfWidthDigits } from '../number-text';
import type { BandLevel } from '../indicators/target-scoring';

/**
 * How an indicator's target reads. A target with an "at least" sign (≥ ＞ 不低于 不少于 …) or an
 * "at most" sign (≤ ＜ 不高于 不超过 …) is scored that way. A plain figure ("100%", "12次") or "="
 * is `equal`, and is treated as "at least": an actual below it misses the target, one above it
 * earns full points (a proportional score is capped at the points) and needs a reason only beyond
 * the rule pack's deviation threshold, as any target does. Only an explicit "at least" target
 * loses points for a large overshoot (a target set too low), where the pack says so. A target
 * without a figure ("有效提升") is qualitative.
 */
export type TargetTextDirection = 'at_least' | 'at_most' | 'equal';

export type TargetReading =
  | { kind: 'quantitative'; direction: TargetTextDirection; value: Decimal; unit: string }
  | { kind: 'qualitative' };

const AT_LEAST = ['≥', '>=', '＞', '>', '不低于', '不少于', '不小于', '大于等于', '大于', '高于', '超过'];
const AT_MOST = ['≤', '<=', '＜', '<', '不高于', '不超过', '不多于', '不大于', '小于等于', '小于', '低于', '少于'];
const EQUAL = ['=', '＝', '等于'];
const AT_LEAST_AFTER = ['以上', '及以上'];
/** "9月前", "3天内": a deadline or a time limit is a ceiling. */
const AT_MOST_AFTER = ['以下', '及以下', '以内', '之内', '内', '之前', '以前', '前'];

/** A unit is a few letters or characters and no digits: %, 次, 人次, 万元, 个, 天, km. */
const UNIT = /^[%‰A-Za-z\u4e00-\u9fff²³·/]{0,8}$/;

/** The unit as compared: ％ is %, 人次 stays 人次. */
export function normaliseUnit(unit: string): string {
  return unit.replace(/％/g, '%').trim();
}

function stripPrefix(text: string, words: readonly string[]): string | undefined {
  const word = words.find((w) => text.startsWith(w));
  return word === undefined ? undefined : text.slice(word.length).trim();
}

function stripSuffix(text: string, words: readonly string[]): string | undefined {
  const word = [...words].sort((a, b) => b.length - a.length).find((w) => text.endsWith(w));
  return word === undefined ? undefined : text.slice(0, text.length - word.length).trim();
}

/** A figure and its unit: "95%", "1,200人次", "3 天". Undefined when the text is not one. */
export function readFigure(raw: string): { value: Decimal; unit: string } | undefined {
  const text = toHalfWidthDigits(raw).replace(/％/g, '%').trim();
  const match = /^([+\-−]?[\d,]+(?:\.\d+)?)\s*(.*)$/.exec(text);
  if (!match) return undefined;
  const read = readNumberText(match[1]);
  if (read.kind !== 'number') return undefined;
  const unit = normaliseUnit(match[2]);
  if (!UNIT.test(unit)) return undefined;
  return { value: new Decimal(read.digits), unit };
}

/** Reads the direction from the 指标性质 column where the pack prints one. */
export function directionFromNature(nature: string | undefined): TargetTextDirection | 'qualitative' | undefined {
  const text = nature?.trim();
  if (!text) return undefined;
  if (text.includes('定性')) return 'qualitative';
  if (['≥', '>=', '＞', '>', '正向', '正向指标'].includes(text)) return 'at_least';
  if (['≤', '<=', '＜', '<', '反向', '反向指标'].includes(text)) return 'at_most';
  if (['=', '＝', '定量'].includes(text)) return 'equal';
  return undefined;
}

/**
 * Reads a target: its direction (from `nature` when given, else from the text), its figure and its
 * unit (from `unit` when the text carries none).
 */
export function readTarget(target: string, nature?: string, unit?: string): TargetReading {
  const fromNature = directionFromNature(nature);
  if (fromNature === 'qualitative') return { kind: 'qualitative' };
  let text = toHalfWidthDigits(target).trim();
  let direction: TargetTextDirection = 'equal';
  const afterLeast = stripPrefix(text, AT_LEAST);
  const afterMost = afterLeast === undefined ? stripPrefix(text, AT_MOST) : undefined;
  const afterEqual = afterLeast === undefined && afterMost === undefined ? stripPrefix(text, EQUAL) : undefined;
  if (afterLeast !== undefined) [text, direction] = [afterLeast, 'at_least'];
  else if (afterMost !== undefined) [text, direction] = [afterMost, 'at_most'];
  else if (afterEqual !== undefined) text = afterEqual;
  const beforeLeast = stripSuffix(text, AT_LEAST_AFTER);
  const beforeMost = beforeLeast === undefined ? stripSuffix(text, AT_MOST_AFTER) : undefined;
  if (beforeLeast !== undefined) [text, direction] = [beforeLeast, 'at_least'];
  else if (beforeMost !== undefined) [text, direction] = [beforeMost, 'at_most'];
  const figure = readFigure(text);
  if (!figure) return { kind: 'qualitative' };
  return {
    kind: 'quantitative',
    direction: fromNature ?? direction,
    value: figure.value,
    unit: figure.unit || normaliseUnit(unit ?? ''),
  };
}

/**
 * A qualitative actual value read as a band: "完成/达成/达到/全部完成" met, "基本完成/部分达成"
 * partly, "未完成/未达成" not met. Undefined when the text says something else (a description):
 * the score is then only held to its points.
 */
export function readQualitativeActual(actual: string): BandLevel | undefined {
  const text = actual.trim().replace(/[。.！!]$/, '');
  if (/^(未|没有|尚未)(全部)?(完成|达成|达到|实现)/.test(text)) return 'not_met';
  if (/^(基本|部分|大部分)(完成|达成|达到|实现)/.test(text)) return 'partly';
  if (/^(已)?(全部|全面|按时|圆满)?(完成|达成|达到|实现)(目标)?$/.test(text) || text === '是' || text === '达标') return 'met';
  return undefined;
}
