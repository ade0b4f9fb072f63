import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Where every case's chain starts: the previous link of a case's first record. */
export const ZERO_HASH = '0'.repeat(64);

/** What a history record's link covers: every column a reader sees, as stored. */
export interface HistoryContent {
  caseId: string;
  seq: number;
  event: string;
  fromState: string | null;
  toState: string;
  actorId: string | null;
  onBehalfOfId: string | null;
  comment: string | null;
  details: unknown;
  contentVersion: number;
  /** The record's time in UTC with microseconds, as PostgreSQL stores it: 2026-12-06T02:03:04.123456Z. */
  createdAt: string;
}

/** A secret the links are keyed with, and the id recorded beside each link it made. */
export interface HistoryKey {
  id: string;
  secret: Buffer;
}

const DOMAIN = 'jixiao-history-v2';

/**
 * The key's id: a short digest of the key, so ids never need configuring and two keys never share
 * one. It says nothing usable about the key (a preimage of SHA-256 over 32 random bytes).
 */
export function historyKeyId(secret: Buffer): string {
  return createHash('sha256').update('jixiao-history-key-id\n').update(secret).digest('hex').slice(0, 16);
}

/**
 * The keys the service writes and verifies history with: the current one (HISTORY_KEY) for new
 * links, and retired ones (HISTORY_KEYS_OLD) that older links name. Built in the Node process
 * only; no key is ever sent to PostgreSQL.
 */
export class HistoryKeyring {
  private readonly byId = new Map<string, HistoryKey>();
  readonly current: HistoryKey | null;

  constructor(current: Buffer | null, old: readonly Buffer[] = []) {
    this.current = current === null ? null : { id: historyKeyId(current), secret: current };
    for (const secret of [...old, ...(current === null ? [] : [current])]) this.byId.set(historyKeyId(secret), { id: historyKeyId(secret), secret });
  }

  /** With no key at all the verifier still checks the chain's structure, but not who wrote it. */
  get empty(): boolean {
    return this.byId.size === 0;
  }

  find(id: string): HistoryKey | null {
    return this.byId.get(id) ?? null;
  }
}

/**
 * The bytes a link is computed over. Every field is written as `<length in UTF-8 bytes>:<bytes>`,
 * or `-` for null, after a domain tag: no content can imitate a field boundary, and null differs
 * from the empty string. `details` is JSON with its object keys sorted, so the object written and
 * the jsonb read back encode alike.
 */
export function canonicalHistoryRecord(prevHash: string, keyId: string, record: HistoryContent): Buffer {
  return Buffer.from(canonicalHistoryText(prevHash, keyId, record), 'utf8');
}

/**
 * `canonicalHistoryRecord` as text, whose UTF-8 encoding is those bytes: each field's length is
 * counted in UTF-8 bytes and the text encoded once, instead of a buffer for every field. A lone
 * surrogate encodes as U+FFFD either way, and fields are parted by ASCII, so no pair forms across them.
 */
function canonicalHistoryText(prevHash: string, keyId: string, record: HistoryContent): string {
  const fields: Array<string | null> = [
    prevHash,
    keyId,
    record.caseId.toLowerCase(),
    String(record.seq),
    record.event,
    record.fromState,
    record.toState,
    record.actorId?.toLowerCase() ?? null,
    record.onBehalfOfId?.toLowerCase() ?? null,
    record.comment,
    canonicalJson(record.details ?? {}),
    String(record.contentVersion),
    record.createdAt,
  ];
  let text = DOMAIN;
  for (const field of fields) text += field === null ? '-' : `${Buffer.byteLength(field, 'utf8')}:${field}`;
  return text;
}

/** The record's link: HMAC-SHA256 under the key over the previous link and the record's canonical form, in hex. */
export function historyLink(key: HistoryKey, prevHash: string, record: HistoryContent): string {
  return createHmac('sha256', key.secret).update(canonicalHistoryText(prevHash, key.id, record), 'utf8').digest('hex');
}

/** Compares two hex links without leaking through timing where they first differ. */
export function sameLink(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** JSON with object keys in code-unit order at every depth; otherwise what JSON.stringify writes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item))).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined && typeof (value as Record<string, unknown>)[key] !== 'function')
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
