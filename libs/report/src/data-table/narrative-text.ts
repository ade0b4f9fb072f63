import type { Decimal } from 'decimal.js';
import { Exact } from './exact';

/** A section's text as drafted: plain paragraphs. `code` is the outline's, e.g. `1.4`. */
export interface NarrativeSection {
  code: string;
  paragraphs: readonly string[];
}

/** Digits as reports print them: "2,686.28" or "2686.28". */
export const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;
export const AMOUNT_UNIT = String.raw`\s*(亿元|万元|元)`;

/**
 * Words that make a figure last year's rather than this year's ("上年支出决算2500万元",
 * "较上年增加…", "同比…"): such a figure is never compared with this year's table.
 */
export const PRIOR_YEAR = /上年|去年|上一年|前一年|同比|较上年|比上年|上期/;

const CLAUSE_END = /[，,。；;！!？?\n]/;

/** The text from the start of the clause up to `index`. */
export function clauseBefore(text: string, index: number): string {
  let start = index;
  while (start > 0 && !CLAUSE_END.test(text[start - 1])) start--;
  return text.slice(start, index);
}

const SENTENCE_END = /[。；;！!？?\n]/;
/** A clause that starts with its label names no year of its own: "上年收入决算…，支出决算…". */
const THIS_YEAR = /^(?:本年|今年|当年)/;
const NO_SUBJECT = /^\s*(?:其中|而|且|其|另|同时)?\s*[:：]?\s*$/;

/** A clause whose subject is last year ("上年收入决算…"), not one that compares with it ("较上年增加…"). */
const LAST_YEAR_SUBJECT = /^\s*(?:上年度?|去年|上一年度?|前一年)/;
/** A clause that names this year, or any year, as its subject: the clauses after it are that year's. */
const OWN_YEAR = /^\s*(?:本年|今年|当年|\d{4}\s*年)/;

/**
 * True when the clause before `index` speaks of last year, or when that clause names no subject
 * and an earlier clause of the same sentence has last year as its subject.
 */
export function priorYearBefore(text: string, index: number): boolean {
  const prefix = clauseBefore(text, index);
  if (PRIOR_YEAR.test(prefix)) return true;
  if (!NO_SUBJECT.test(prefix) || THIS_YEAR.test(text.slice(index))) return false;
  let clauseStart = index - prefix.length;
  while (clauseStart > 0 && !SENTENCE_END.test(text[clauseStart - 1])) {
    const previous = clauseBefore(text, clauseStart - 1);
    if (LAST_YEAR_SUBJECT.test(previous)) return true;
    if (OWN_YEAR.test(previous)) return false;
    clauseStart -= previous.length + 1;
  }
  return false;
}

/** A label right after one of these words is a project's or a fund's, not the department's. */
export const QUALIFIED = /(?:项目|资金|经费|专项|重点)的?\s*$/;

/** Every paragraph is read in NFKC: full-width digits and signs become ASCII. */
export function normalised(paragraph: string): string {
  return paragraph.normalize('NFKC');
}

/** An amount as printed, in 万元 exactly, with the decimals it carries in 万元 (its precision). */
export interface PrintedAmount {
  value: Decimal;
  decimals: number;
}

export function amountInWanYuan(digits: string, unit: string): PrintedAmount {
  const plain = digits.replace(/,/g, '');
  const number = new Exact(plain);
  const shift = unit === '元' ? -4 : unit === '亿元' ? 4 : 0;
  const value = shift === 0 ? number : number.times(new Exact(10).pow(shift));
  const point = plain.indexOf('.');
  return { value, decimals: Math.max(0, (point < 0 ? 0 : plain.length - point - 1) - shift) };
}

/** Half a unit in the last printed place: how far a correctly rounded figure may lie from the exact one. */
export function halfUnit(decimals: number): Decimal {
  return new Exact(10).pow(-decimals).dividedBy(2);
}

export function decimalsOf(digits: string): number {
  const point = digits.indexOf('.');
  return point < 0 ? 0 : digits.length - point - 1;
}

export const paragraphPath = (section: string, paragraph: number) => `sections.${section}.paragraphs.${paragraph}`;
