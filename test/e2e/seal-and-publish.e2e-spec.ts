import { inflateRawSync } from 'node:zlib';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Document, Packer, Paragraph } from 'docx';
import { driveCase, fullScoreSheet, issueCampaign, sealedCaseWithFigures } from '../support/api-client';
import { binary, sha256 } from '../support/binary';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type WorldUnit, type WorldUser } from '../support/world';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** One entry of a zip file, read through its central directory, as a reader of .docx files does. */
function unzipEntry(zip: Buffer, name: string): string {
  let end = zip.length - 22;
  while (zip.readUInt32LE(end) !== 0x06054b50) end--;
  let offset = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const entryName = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (entryName === name) {
      const local = zip.readUInt32LE(offset + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + zip.readUInt32LE(offset + 20));
      return (zip.readUInt16LE(offset + 10) === 0 ? data : inflateRawSync(data)).toString('utf8');
    }
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  throw new Error(`${name} is not in the zip`);
}

/** The text of a Word document's body, paragraph by paragraph. */
function documentText(docx: Buffer): string[] {
  const xml = unzipEntry(docx, 'word/document.xml');
  return xml.split('</w:p>').map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')).filter((t) => t !== '');
}


describe('sealing renders the report and publication is checked against it', () => {
  let t: TestApp;
  let unit: WorldUnit;
  let officer: WorldUser;

  beforeAll(async () => {
    t = await startTestApp();
    const world = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
  }, 60_000);
  afterAll(() => t.close());

  const sealedCase = () => sealedCaseWithFigures(t.api, unit, officer);

  async function download(caseId: string, version: number) {
    const token = await t.api.token(unit.leader);
    return request(t.server).get(`/api/cases/${caseId}/sealed-versions/${version}/document`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
  }

  it('renders a .docx at the seal whose headings, figures and score read back, and whose SHA-256 the case records', async () => {
    const caseId = await sealedCase();
    const detail = await t.api.get(unit.leader, `/api/cases/${caseId}`);
    expect(detail.body).toMatchObject({ state: 'sealed', sealedVersion: 1 });
    const scores = await t.api.get(unit.leader, `/api/cases/${caseId}/indicator-scores`);

    const listed = await t.api.get(officer, `/api/cases/${caseId}/sealed-versions`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ version: 1, sha256: detail.body.sealedDigest })]);

    const file = await download(caseId, 1);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain(DOCX);
    expect(decodeURIComponent(file.headers['content-disposition'] as string)).toContain(`${unit.name}${detail.body.fiscalYear}年度整体绩效自评报告`);
    const docx = file.body as Buffer;
    expect(sha256(docx)).toBe(detail.body.sealedDigest);

    const text = documentText(docx);
    expect(text).toEqual(expect.arrayContaining(['整体绩效自评报告', `评价单位：${unit.name}`, '一、单位基本情况', '（一）单位机构设置与职能', '（四）整体支出情况', '1.收入支出情况']));
    expect(text).toContain(`自评得分：${scores.body.total}分，自评等级：${scores.body.grade}。`);
    expect(text).toContain(`区级预算部门单位（公章）：${unit.name}`);
    expect(text.join('\n')).toContain('2686.26');
    expect(text.indexOf('收入合计')).toBeGreaterThan(-1);

    const preview = await t.api.get(unit.member, `/api/cases/${caseId}/sealed-versions/1/preview`);
    expect(preview.status).toBe(200);
    expect(preview.headers['content-type']).toContain('text/html');
    expect(preview.text).toContain('一、单位基本情况');
  });

  it('keeps the sealed version from changing, through the API and in the database', async () => {
    const caseId = await sealedCase();
    const save = await t.api.put(unit.member, `/api/cases/${caseId}/sections/1.4/content`, { expectedRevision: 1, blocks: [{ type: 'paragraph', text: '改动' }] });
    expect(save.status).toBe(409);
    const table = await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: {} });
    expect(table.status).toBe(409);

    const db = t.app.get(DataSource);
    await expect(db.query(`UPDATE sealed_versions SET html = '<p>改</p>' WHERE case_id = $1`, [caseId])).rejects.toThrow(/immutable/);
    await expect(db.query(`DELETE FROM sealed_versions WHERE case_id = $1`, [caseId])).rejects.toThrow(/immutable/);
    const file = await download(caseId, 1);
    const detail = await t.api.get(unit.leader, `/api/cases/${caseId}`);
    expect(sha256(file.body as Buffer)).toBe(detail.body.sealedDigest);
  });

  it('refuses a published text that differs, listing the differences, and records the publication when the hash matches', async () => {
    const caseId = await sealedCase();
    await t.api.event(unit.compiler, caseId, { type: 'SUBMIT' });
    await t.api.event(officer, caseId, { type: 'ACCEPT' });
    const preview = (await t.api.get(unit.publisher, `/api/cases/${caseId}/sealed-versions/1/preview`)).text;

    const altered = preview.replaceAll('2686.26', '2686.62').replace('（二）年度总体工作和重点工作任务', '');
    const refused = await t.api.post(unit.publisher, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedText: altered });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PUBLICATION.MISMATCH');
    expect(refused.body.details.differences).toEqual(
      expect.arrayContaining([
        { kind: 'section_missing', heading: '（二）年度总体工作和重点工作任务' },
        { kind: 'figure_differs', label: '收入合计', sealed: '2686.26', published: '2686.62' },
        expect.objectContaining({ kind: 'section_changed', heading: '1.收入支出情况' }),
      ]),
    );

    const detail = await t.api.get(unit.publisher, `/api/cases/${caseId}`);
    const published = await t.api.post(unit.publisher, `/api/cases/${caseId}/events`, {
      type: 'PUBLISH',
      publishedSha256: detail.body.sealedDigest,
      publishedUrl: 'https://www.xiashan.gov.cn/zwgk/jxgk/2024/report.docx',
    });
    expect(published.status).toBe(200);
    expect(published.body.case.state).toBe('published');
    const history = await t.api.get(unit.publisher, `/api/cases/${caseId}/history`);
    expect(history.body.at(-1)).toMatchObject({ event: 'PUBLISH', details: { url: 'https://www.xiashan.gov.cn/zwgk/jxgk/2024/report.docx', matchedBy: 'sha256' } });
  });

  it('accepts a published text that agrees with the sealed version', async () => {
    const caseId = await sealedCase();
    await t.api.event(unit.compiler, caseId, { type: 'SUBMIT' });
    await t.api.event(officer, caseId, { type: 'ACCEPT' });
    const preview = (await t.api.get(unit.publisher, `/api/cases/${caseId}/sealed-versions/1/preview`)).text;
    const published = await t.api.post(unit.publisher, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedText: preview, publishedUrl: 'https://www.xiashan.gov.cn/r.html' });
    expect(published.status).toBe(200);
    expect(published.body.case.state).toBe('published');
  });

  it('opens version 2 on a return by the finance officer and keeps version 1 readable', async () => {
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'submitted');
    const sealed = await t.api.get(unit.leader, `/api/cases/${caseId}`);
    await t.api.event(officer, caseId, { type: 'RETURN', reason: '自评得分依据不足' });
    const after = await t.api.get(unit.leader, `/api/cases/${caseId}`);
    expect(after.body).toMatchObject({ state: 'self_assessment', contentVersion: 2, sealedVersion: null });
    const listed = await t.api.get(officer, `/api/cases/${caseId}/sealed-versions`);
    expect(listed.body).toEqual([expect.objectContaining({ version: 1, sha256: sealed.body.sealedDigest })]);
    const file = await download(caseId, 1);
    expect(file.status).toBe(200);
    expect(sha256(file.body as Buffer)).toBe(sealed.body.sealedDigest);
    expect((await download(caseId, 2)).status).toBe(404);
  });

  it('names the earlier sealed version a return replaced when that is what is published, as a file or as text', async () => {
    const caseId = await sealedCase();
    const first = (await download(caseId, 1)).body as Buffer;
    const firstPreview = (await t.api.get(unit.publisher, `/api/cases/${caseId}/sealed-versions/1/preview`)).text;
    await t.api.event(unit.compiler, caseId, { type: 'SUBMIT' });
    await t.api.event(officer, caseId, { type: 'RETURN', reason: '自评得分偏高' });
    // Version 2 differs from version 1 by one point of the self-score.
    const sheet = fullScoreSheet();
    sheet[0] = { ...sheet[0]!, score: String(Number(sheet[0]!.score) - 1), justification: '按财政局意见扣 1 分。' };
    expect((await t.api.put(unit.compiler, `/api/cases/${caseId}/indicator-scores`, { input: sheet })).status).toBe(200);
    await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
    await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
    await t.api.event(unit.sealKeeper, caseId, { type: 'SEAL' });
    await t.api.event(unit.compiler, caseId, { type: 'SUBMIT' });
    await t.api.event(officer, caseId, { type: 'ACCEPT' });
    const second = (await download(caseId, 2)).body as Buffer;
    expect(sha256(second)).not.toBe(sha256(first));

    const asFile = await t.api.post(unit.publisher, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedDocumentBase64: first.toString('base64') });
    expect(asFile.status).toBe(409);
    expect(asFile.body.code).toBe('PUBLICATION.EARLIER_VERSION');
    expect(asFile.body.details).toMatchObject({
      earlierVersion: 1,
      earlierSealedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
      earlierSha256: sha256(first),
      replacedBy: 2,
      replacedAfter: 'return',
      sealedVersion: 2,
    });
    expect(asFile.body.message).toContain('第 1 版');
    expect(asFile.body.message).toContain('第 2 版');

    const asDigest = await t.api.post(unit.publisher, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedSha256: sha256(first) });
    expect(asDigest.status).toBe(409);
    expect(asDigest.body).toMatchObject({ code: 'PUBLICATION.EARLIER_VERSION', details: { earlierVersion: 1, replacedBy: 2 } });

    const asText = await t.api.post(unit.publisher, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedText: firstPreview });
    expect(asText.status).toBe(409);
    expect(asText.body).toMatchObject({ code: 'PUBLICATION.EARLIER_VERSION', details: { earlierVersion: 1, replacedBy: 2 } });

    const published = await t.api.post(unit.publisher, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedDocumentBase64: second.toString('base64') });
    expect(published.status).toBe(200);
    expect(published.body.case.state).toBe('published');
  });

  it('lists what differs when the published file is no sealed version: its text, a copy that is not the original, not a .docx', async () => {
    const caseId = await sealedCase();
    await t.api.event(unit.compiler, caseId, { type: 'SUBMIT' });
    await t.api.event(officer, caseId, { type: 'ACCEPT' });
    const sealed = (await download(caseId, 1)).body as Buffer;
    const publish = (file: Buffer) => t.api.post(unit.publisher, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedDocumentBase64: file.toString('base64') });

    const other = await Packer.toBuffer(
      new Document({ sections: [{ children: ['整体绩效自评报告', '一、单位基本情况', '2023年度本单位收入合计2686.62万元。'].map((text) => new Paragraph(text)) }] }),
    );
    const differs = await publish(other);
    expect(differs.status).toBe(409);
    expect(differs.body.code).toBe('PUBLICATION.MISMATCH');
    expect(differs.body.details.differences).toEqual(
      expect.arrayContaining([
        { kind: 'section_missing', heading: '（二）年度总体工作和重点工作任务' },
        expect.objectContaining({ kind: 'score_differs' }),
      ]),
    );

    // The same text in a file that is not the sealed one (here: one byte more after the archive).
    const copy = await publish(Buffer.concat([sealed, Buffer.from([0])]));
    expect(copy.status).toBe(409);
    expect(copy.body.details.differences).toEqual([{ kind: 'file_not_original' }]);

    const notADocx = await publish(Buffer.from('这不是报告文件'));
    expect(notADocx.status).toBe(409);
    expect(notADocx.body.details.differences).toEqual([{ kind: 'not_a_docx' }]);

    const detail = await t.api.get(unit.publisher, `/api/cases/${caseId}`);
    expect(detail.body.state).toBe('submitted.accepted');
  });
});
