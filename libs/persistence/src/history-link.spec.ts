import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedHistoryKey, embeddedSealKey } from './history-key-file';
import { canonicalHistoryRecord, canonicalJson, historyKeyId, HistoryKeyring, historyLink, ZERO_HASH, type HistoryContent } from './history-link';

const record: HistoryContent = {
  caseId: '3f1c9a52-8b7e-4d21-9c55-0a1b2c3d4e5f',
  seq: 4,
  event: 'RETURN',
  fromState: 'internal_review',
  toState: 'self_assessment',
  actorId: 'a0000000-0000-4000-8000-000000000001',
  onBehalfOfId: null,
  comment: '请补充绩效目标表',
  details: { sections: ['1.1', '2.3'], score: '87.50' },
  contentVersion: 2,
  createdAt: '2026-12-06T02:03:04.123456Z',
};
const key = { id: historyKeyId(Buffer.alloc(32, 7)), secret: Buffer.alloc(32, 7) };
const encode = (changes: Partial<HistoryContent>, prevHash = ZERO_HASH) => canonicalHistoryRecord(prevHash, key.id, { ...record, ...changes }).toString('utf8');

describe('the canonical form of a history record', () => {
  it('writes every field as its UTF-8 byte length and its bytes, after a domain tag', () => {
    const text = encode({});
    expect(text.startsWith(`jixiao-history-v2${64}:${ZERO_HASH}16:${key.id}36:${record.caseId}1:46:RETURN`)).toBe(true);
    // 请补充绩效目标表: 8 characters, 24 bytes in UTF-8.
    expect(text).toContain('24:请补充绩效目标表');
    expect(text.endsWith('1:227:2026-12-06T02:03:04.123456Z')).toBe(true);
  });

  it('is stable: the same record encodes alike however its details were built', () => {
    const reordered = { score: '87.50', sections: ['1.1', '2.3'] };
    expect(encode({ details: reordered })).toBe(encode({}));
    expect(canonicalJson({ b: { d: 1, c: [2, { f: null, e: 'x' }] }, a: true })).toBe('{"a":true,"b":{"c":[2,{"e":"x","f":null}],"d":1}}');
    expect(canonicalJson({ kept: 1, dropped: undefined })).toBe('{"kept":1}');
  });

  it('cannot be forged by moving a field separator into the content', () => {
    // Without lengths, "a" + "b:c" and "a:b" + "c" would join alike.
    expect(encode({ comment: 'a', fromState: 'b:c' })).not.toBe(encode({ comment: 'a:b', fromState: 'c' }));
    expect(encode({ event: 'RETURN1:x', comment: null })).not.toBe(encode({ event: 'RETURN', comment: 'x' }));
    expect(encode({ comment: '1:-' })).not.toBe(encode({ comment: null }));
  });

  it('tells null from the empty string, and text from JSON that looks like it', () => {
    expect(encode({ comment: null })).not.toBe(encode({ comment: '' }));
    expect(encode({ onBehalfOfId: null })).not.toBe(encode({ onBehalfOfId: '' }));
    expect(encode({ details: { n: 1 } })).not.toBe(encode({ details: { n: '1' } }));
  });

  it('covers the previous link, the key id and every column', () => {
    const base = encode({});
    const changes: Array<Partial<HistoryContent>> = [
      { caseId: '3f1c9a52-8b7e-4d21-9c55-0a1b2c3d4e50' },
      { seq: 5 },
      { event: 'APPROVE' },
      { fromState: null },
      { toState: 'sealed' },
      { actorId: null },
      { onBehalfOfId: record.actorId },
      { comment: '请补充绩效目标表。' },
      { details: {} },
      { contentVersion: 3 },
      { createdAt: '2026-12-06T02:03:04.123457Z' },
    ];
    for (const change of changes) expect(encode(change)).not.toBe(base);
    expect(encode({}, '1'.repeat(64))).not.toBe(base);
    expect(canonicalHistoryRecord(ZERO_HASH, 'another-key', record).toString('utf8')).not.toBe(base);
  });

  it('links with HMAC-SHA256 under the key over that form', () => {
    const expected = createHmac('sha256', key.secret).update(canonicalHistoryRecord(ZERO_HASH, key.id, record)).digest('hex');
    expect(historyLink(key, ZERO_HASH, record)).toBe(expected);
    expect(historyLink({ ...key, secret: Buffer.alloc(32, 8) }, ZERO_HASH, record)).not.toBe(expected);
  });

  it('keeps the links of records already written: the same bytes for upper-case ids, emoji, lone surrogates and empty details', () => {
    // Links computed before the form was written as one text; stored chains carry such links.
    const awkward: HistoryContent = {
      ...record,
      caseId: record.caseId.toUpperCase(),
      actorId: record.actorId!.toUpperCase(),
      comment: '请补充😀 \ud800 lone',
      details: { sections: ['1.1', '2.3'], score: '87.50', note: 'x\udc00' },
    };
    expect(canonicalHistoryRecord(ZERO_HASH, key.id, awkward).toString('base64')).toBe(
      'aml4aWFvLWhpc3RvcnktdjI2NDowMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMTY6NjliNzUzM2VkZWZiYzRmNjM2OjNmMWM5YTUyLThiN2UtNGQyMS05YzU1LTBhMWIyYzNkNGU1ZjE6NDY6UkVUVVJOMTU6aW50ZXJuYWxfcmV2aWV3MTU6c2VsZl9hc3Nlc3NtZW50MzY6YTAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAxLTIyOuivt+ihpeWFhfCfmIAg77+9IGxvbmU1OTp7Im5vdGUiOiJ4XHVkYzAwIiwic2NvcmUiOiI4Ny41MCIsInNlY3Rpb25zIjpbIjEuMSIsIjIuMyJdfTE6MjI3OjIwMjYtMTItMDZUMDI6MDM6MDQuMTIzNDU2Wg==',
    );
    expect(historyLink(key, ZERO_HASH, awkward)).toBe('2bfdcd6ae36a2aec83f93a2e9cd272f85f640dbfafa420be0eb6a11b034114e2');
    expect(historyLink(key, 'ab'.repeat(32), { ...awkward, comment: null, onBehalfOfId: 'b0000000-0000-4000-8000-000000000002', details: {} })).toBe(
      '123f9b4b14ef1690932d09e6076b3584d484b9e1fdc2150945a1439c2087591e',
    );
  });
});

describe('the history keyring', () => {
  it('finds the current key and the retired ones by id, and is empty without keys', () => {
    const current = Buffer.alloc(32, 1);
    const retired = Buffer.alloc(32, 2);
    const keyring = new HistoryKeyring(current, [retired]);
    expect(keyring.current?.id).toBe(historyKeyId(current));
    expect(keyring.find(historyKeyId(retired))?.secret).toEqual(retired);
    expect(keyring.find('unknown')).toBeNull();
    expect(new HistoryKeyring(null).empty).toBe(true);
    expect(historyKeyId(current)).toMatch(/^[0-9a-f]{16}$/);
    expect(historyKeyId(current)).not.toBe(historyKeyId(retired));
  });

  it('gives the embedded demo one key, kept in its data directory with mode 0600', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jixiao-key-'));
    const first = embeddedHistoryKey(dataDir);
    expect(first).toHaveLength(32);
    expect(embeddedHistoryKey(dataDir)).toEqual(first);
    const path = join(dataDir, 'history.key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toBe(first.toString('hex'));
  });

  it("keeps the embedded demo's seal key in a file of its own beside the history key", () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jixiao-key-'));
    const history = embeddedHistoryKey(dataDir);
    const seal = embeddedSealKey(dataDir);
    expect(seal).toHaveLength(32);
    expect(seal).not.toEqual(history);
    expect(embeddedSealKey(dataDir)).toEqual(seal);
    expect(statSync(join(dataDir, 'seal.key')).mode & 0o777).toBe(0o600);
  });
});

