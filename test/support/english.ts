import type { Page } from 'playwright-core';

/**
 * What may stand in Latin letters on a Chinese page: product and format names, codes such as
 * CASE.NOT_FOUND, digests, file names, addresses, e-mail addresses and usernames (the caller names
 * the usernames and other words a page shows by design).
 */
const ALLOWED_PATTERNS: readonly RegExp[] = [
  /\bhttps?:\/\/\S+/g,
  /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g,
  /\b[A-Z][A-Z0-9]*(?:[._][A-Z0-9]+)+\b/g,
  /\bSHA-?256\b/gi,
  /\b[\w-]+\.(?:docx|xlsx|csv|pdf|png)\b/gi,
  /\.(?:docx|xlsx|csv|pdf)\b/gi,
];
const ALLOWED_WORDS = ['Jixiao', 'Excel', 'CSV', 'Word', 'ID', 'API', 'OpenAPI', 'Swagger UI', 'Swagger', 'UTC', 'HTML', 'SMTP', 'URL'];

/** A Latin word: letters with an inner apostrophe or hyphen; words of a run are separated by spaces or light punctuation. */
const WORD = String.raw`[A-Za-z]+(?:['’-][A-Za-z]+)*`;
// A number may stand inside a run ("has 1 error(s)"), not begin one.
const RUN = new RegExp(String.raw`${WORD}(?:\(s\))?(?:[ \t]*[,;:()]?[ \t]*(?:\d+[ \t]+)?${WORD}(?:\(s\))?)*[ \t]*[.!?]?`, 'g');

/**
 * The English in a text: every run of three Latin words or more, and every run of two ending like
 * a sentence ("Not found.").
 */
export function englishIn(text: string, allowed: readonly string[] = []): string[] {
  let rest = text;
  for (const word of [...allowed].sort((a, b) => b.length - a.length)) rest = rest.split(word).join(' | ');
  for (const pattern of ALLOWED_PATTERNS) rest = rest.replace(pattern, ' | ');
  for (const word of ALLOWED_WORDS) rest = rest.replace(new RegExp(String.raw`\b${word}\b`, 'g'), ' | ');
  const found: string[] = [];
  for (const line of rest.split('\n')) {
    for (const [run] of line.matchAll(RUN)) {
      const words = run.match(new RegExp(WORD, 'g')) ?? [];
      if (words.length >= 3 || (words.length >= 2 && /[.!?]$/.test(run.trim()))) found.push(run.trim());
    }
  }
  return [...new Set(found)];
}

// Runs in the page (plain JavaScript: the server's TypeScript project has no DOM types).
const VISIBLE_TEXT = `(() => {
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
  };
  // Placeholders and the values of read-only fields are read by a person too; what they type is theirs.
  const hints = [...document.querySelectorAll('input[placeholder], textarea[placeholder]')].filter(visible).map((el) => el.getAttribute('placeholder'));
  return [document.body.innerText, ...hints].join('\\n');
})()`;

/**
 * The text a person sees on the page: the body's rendered text, which holds antd's message and
 * notification popups while they show, and the fields' placeholders.
 */
export async function visibleText(page: Page): Promise<string> {
  return page.evaluate<string>(VISIBLE_TEXT);
}

/** The English a person sees on the page now, as runs of words; `allowed` adds names the page shows by design. */
export async function visibleEnglish(page: Page, allowed: readonly string[] = []): Promise<string[]> {
  return englishIn(await visibleText(page), allowed);
}
