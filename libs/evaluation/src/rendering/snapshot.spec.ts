import { createHash } from 'node:crypto';
import type { IndicatorConfig } from '@jixiao/report';
import { renderInputSha256, snapshotDigests } from '../cases/version.renderer';
import { printedForms } from './project-form.factory';
import { canonicalJson, canonicalJsonWithAndWithout } from './snapshot';
import { buildSnapshot } from './snapshot.builder';

/** How sealed versions were first hashed: JSON.stringify over a copy with every object's keys sorted. Their digests must not change. */
function sortedCopyJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .filter((key) => (v as Record<string, unknown>)[key] !== undefined)
          .map((key) => [key, sortKeys((v as Record<string, unknown>)[key])]),
      );
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const config: IndicatorConfig = {
  kind: 'overall_spending',
  title: '部门整体支出绩效评价指标表',
  indicators: [
    { code: '1', name: '预算执行率', maximum: '60' },
    { code: '2', name: '产出', maximum: '40', children: [{ code: '2.1', name: '数量', maximum: '40' }] },
  ],
  bands: [
    { grade: '优', from: '90', to: '100' },
    { grade: '差', from: '0', to: '90' },
  ],
} as IndicatorConfig;

const snapshot = () =>
  buildSnapshot({
    caseId: '00000000-0000-0000-0000-000000000001',
    contentVersion: 7,
    unitName: '湛江市霞山区交通运输局',
    fiscalYear: 2023,
    documentNumber: '湛霞财〔2024〕68号',
    date: '2024-05-20',
    sections: [
      { code: '1', title: '单位基本情况', revision: 2, blocks: [{ type: 'paragraph', text: '负责全区交通运输管理。"引号"\\ 与换行\n' }] },
      { code: '3.1', title: '绩效自评', revision: 1, blocks: [{ type: 'table', caption: '表一', header: ['项目', '金额'], rows: [['收入', '2686.28']] }] },
    ],
    dataTableInput: null,
    indicatorConfig: config,
    scoresInput: [
      { code: '1', score: '55' },
      { code: '2.1', score: '38.5' },
    ],
    projectForms: printedForms(),
  });

describe('the canonical JSON of a sealed snapshot', () => {
  it('writes the same bytes as before for a snapshot with sections, tables, indicators and project forms', () => {
    const value = snapshot();
    expect(canonicalJson(value)).toBe(sortedCopyJson(value));
  });

  it('writes the same bytes as before for awkward values: undefined members, array holes, numeric keys, nested arrays', () => {
    const awkward = {
      b: [1, undefined, null, { z: 1, a: [] }, -0, 1e21, 0.1],
      a: { '10': 'x', '2': 'y', '01': 'z', '-1': 'w', '4294967295': 'v', '4294967294': 'u', k: undefined },
      unicode: '\u2028 \ud83d\ude00 é',
      empty: {},
      date: new Date(0),
      f: () => 1,
      n: null,
      t: true,
    };
    // eslint-disable-next-line no-sparse-arrays
    const holes = [1, , 3];
    expect(canonicalJson(awkward)).toBe(sortedCopyJson(awkward));
    expect(canonicalJson(holes)).toBe(sortedCopyJson(holes));
    expect(canonicalJson('text')).toBe(sortedCopyJson('text'));
  });

  it('gives, in one pass, the whole text and the text without the omitted keys, each as a separate call writes it', () => {
    const value = snapshot();
    const { whole, without } = canonicalJsonWithAndWithout(value as unknown as Record<string, unknown>, ['caseId', 'contentVersion']);
    expect(whole).toBe(sortedCopyJson(value));
    expect(without).toBe(sortedCopyJson({ ...value, caseId: undefined, contentVersion: undefined }));
  });

  it("keeps a SEAL's rendering key and snapshot digest as they were computed before", () => {
    const value = snapshot();
    expect(snapshotDigests(value)).toEqual({
      inputSha256: sha256(sortedCopyJson({ ...value, caseId: undefined, contentVersion: undefined })),
      snapshotSha256: sha256(sortedCopyJson(value)),
      snapshotJson: sortedCopyJson(value),
    });
    // What the sealed version stores is the snapshot itself.
    expect(JSON.parse(snapshotDigests(value).snapshotJson)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(renderInputSha256(value)).toBe(sha256(sortedCopyJson({ ...value, caseId: undefined, contentVersion: undefined })));
  });
});
