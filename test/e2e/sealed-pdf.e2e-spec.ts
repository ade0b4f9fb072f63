import request from 'supertest';
import { DataSource } from 'typeorm';
import { sealedCaseWithFigures } from '../support/api-client';
import { binary, sha256 } from '../support/binary';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type WorldUnit, type WorldUser } from '../support/world';

/** Text as compared: a PDF reader may put spaces between a line's glyphs, which the report never relies on. */
const squeeze = (text: string) => text.replace(/\s+/g, '');

/** A PDF's page count and text as a reader of the published report gets them. */
async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { totalPages, text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return { pages: totalPages, text: squeeze(text) };
}

describe('the sealed version as a PDF', () => {
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

  async function download(user: WorldUser, caseId: string, version: number | string) {
    const token = await t.api.token(user);
    return request(t.server).get(`/api/cases/${caseId}/sealed-versions/${version}/pdf`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
  }

  it('downloads the PDF rendered at the seal: its digest in the header, its title, headings, figures, score and 落款 readable', async () => {
    const caseId = await sealedCase();
    const detail = await t.api.get(unit.leader, `/api/cases/${caseId}`);
    const scores = await t.api.get(unit.leader, `/api/cases/${caseId}/indicator-scores`);

    const file = await download(unit.leader, caseId, 1);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('application/pdf');
    expect(decodeURIComponent(file.headers['content-disposition'] as string)).toContain(`${unit.name}${detail.body.fiscalYear}年度整体绩效自评报告（第1版）.pdf`);
    const pdf = file.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.headers['x-content-sha256']).toBe(sha256(pdf));
    // The seal's digest stays the .docx's: the PDF is a second rendering of the same snapshot.
    expect(file.headers['x-content-sha256']).not.toBe(detail.body.sealedDigest);

    const { pages, text } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (const expected of ['整体绩效自评报告', `评价单位：${unit.name}`, '一、单位基本情况', '（一）单位机构设置与职能', '（四）整体支出情况', '1.收入支出情况', '2686.26', '975.88', '—1—']) {
      expect(text).toContain(squeeze(expected));
    }
    expect(text).toContain(`自评得分：${scores.body.total}分，自评等级：${scores.body.grade}。`);
    expect(text).toContain(squeeze(`区级预算部门单位（公章）：${unit.name}`));

    // The bureau reads it as the unit does, and gets the same bytes.
    const again = await download(officer, caseId, 1);
    expect(again.status).toBe(200);
    expect(sha256(again.body as Buffer)).toBe(sha256(pdf));
  });

  it('answers 404 for a version never sealed or not a number, as the .docx download does', async () => {
    const caseId = await sealedCase();
    const missing = await download(unit.leader, caseId, 2);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString('utf8')).code).toBe('SEALED_VERSION.NOT_FOUND');
    const notNumber = await download(unit.leader, caseId, 'x');
    expect(notNumber.status).toBe(404);
  });

  it('renders the PDF of a version sealed before PDFs existed on its first download, keeps it, and lets nothing else change', async () => {
    const caseId = await sealedCase();
    const db = t.app.get(DataSource);
    const first = await download(unit.leader, caseId, 1);
    // A row as sealed before PDFs: its own .docx and HTML, no PDF, naming no stored documents (only
    // with the trigger set aside, as a restore would).
    await db.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(
        `UPDATE sealed_versions sv SET docx = d.docx, html = d.html, pdf = NULL, pdf_sha256 = NULL
           FROM sealed_documents d WHERE sv.case_id = $1 AND d.docx_sha256 = sv.sha256 AND d.pdf_sha256 = sv.pdf_sha256`,
        [caseId],
      );
    });
    const [legacy] = await db.query(`SELECT docx IS NOT NULL AND pdf_sha256 IS NULL AS legacy FROM sealed_versions WHERE case_id = $1`, [caseId]);
    expect(legacy.legacy).toBe(true);

    const rendered = await download(unit.leader, caseId, 1);
    expect(rendered.status).toBe(200);
    expect(sha256(rendered.body as Buffer)).toBe(sha256(first.body as Buffer));
    expect(rendered.headers['x-content-sha256']).toBe(first.headers['x-content-sha256']);
    const [row] = await db.query(`SELECT pdf_sha256 FROM sealed_versions WHERE case_id = $1`, [caseId]);
    expect(row.pdf_sha256).toBe(first.headers['x-content-sha256']);

    // Filled once, the PDF is as immutable as the rest; a digest that is not the bytes' is refused too.
    await expect(db.query(`UPDATE sealed_versions SET pdf = '\\x00'::bytea, pdf_sha256 = encode(sha256('\\x00'::bytea), 'hex') WHERE case_id = $1`, [caseId])).rejects.toThrow(/immutable/);
    await db.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(`UPDATE sealed_versions SET pdf = NULL, pdf_sha256 = NULL WHERE case_id = $1`, [caseId]);
    });
    await expect(db.query(`UPDATE sealed_versions SET pdf = '\\x00'::bytea, pdf_sha256 = encode(sha256('\\x00'::bytea), 'hex'), html = '<p>改</p>' WHERE case_id = $1`, [caseId])).rejects.toThrow(/immutable/);
    await expect(db.query(`UPDATE sealed_versions SET pdf = '\\x00'::bytea, pdf_sha256 = repeat('0', 64) WHERE case_id = $1`, [caseId])).rejects.toThrow(/pdf_sha256_check/);
  });
});
