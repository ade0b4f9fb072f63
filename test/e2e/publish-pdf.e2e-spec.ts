import { createHash } from 'node:crypto';
import request from 'supertest';
import { driveCase, issueCampaign } from '../support/api-client';
import { binary } from '../support/binary';
import { startTestApp, type TestApp } from '../support/test-app';
import { htmlParagraphs, typesetPdf } from '../support/typeset-pdf';
import { newWorld, type WorldUnit, type WorldUser } from '../support/world';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('publishing from a PDF: the text of a copy typeset again is compared with the sealed version', () => {
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

  /** An accepted case, its sealed version, and that version's text as paragraphs. */
  async function acceptedCase(): Promise<{ caseId: string; version: number; sealedSha256: string; paragraphs: string[] }> {
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'submitted.accepted');
    const versions = await t.api.get(unit.leader, `/api/cases/${caseId}/sealed-versions`);
    const { version, sha256: sealedSha256 } = versions.body.at(-1) as { version: number; sha256: string };
    const preview = await t.api.get(unit.leader, `/api/cases/${caseId}/sealed-versions/${version}/preview`);
    expect(preview.status).toBe(200);
    return { caseId, version, sealedSha256, paragraphs: htmlParagraphs(preview.text) };
  }

  const publish = (caseId: string, pdf: Buffer, extra: Record<string, unknown> = {}) =>
    t.api.post(unit.publisher, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedDocumentBase64: pdf.toString('base64'), publishedUrl: 'https://www.xiashan.gov.cn/zwgk/2024/report.pdf', ...extra });

  it('accepts the sealed PDF itself at once, on its bytes', async () => {
    const { caseId, version, sealedSha256 } = await acceptedCase();
    const sealed = await request(t.server)
      .get(`/api/cases/${caseId}/sealed-versions/${version}/pdf`)
      .set('Authorization', `Bearer ${await t.api.token(unit.publisher)}`)
      .buffer(true)
      .parse(binary);
    expect(sealed.status).toBe(200);
    const pdf = sealed.body as Buffer;
    const published = await publish(caseId, pdf, { publishedSha256: sha256(pdf) });
    expect(published.status).toBe(200);
    const history = await t.api.get(unit.leader, `/api/cases/${caseId}/history`);
    expect(history.body.at(-1)).toMatchObject({ event: 'PUBLISH', details: { matchedBy: 'pdf', publishedSha256: sealedSha256, fileSha256: sha256(pdf) } });
  });

  it('accepts a PDF typeset again from the same text, recording the sealed digest and the PDF’s own', async () => {
    const { caseId, sealedSha256, paragraphs } = await acceptedCase();
    const pdf = await typesetPdf(paragraphs);
    const published = await publish(caseId, pdf);
    expect(published.status).toBe(200);
    expect(published.body.transition.to).toBe('published');
    const history = await t.api.get(unit.leader, `/api/cases/${caseId}/history`);
    expect(history.body.at(-1)).toMatchObject({ event: 'PUBLISH', details: { matchedBy: 'pdf_text', publishedSha256: sealedSha256, fileSha256: sha256(pdf) } });
  });

  it('refuses a copy with one figure changed, naming that figure with the sealed and the published value, and records nothing', async () => {
    const { caseId, paragraphs } = await acceptedCase();
    const row = paragraphs.findIndex((line) => line.startsWith('收入合计'));
    expect(paragraphs[row]).toMatch(/^收入合计\s+2686\.26$/);
    const changed = paragraphs.map((line, index) => (index === row ? line.replace('2686.26', '2686.00') : line));
    const refused = await publish(caseId, await typesetPdf(changed));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PUBLICATION.MISMATCH');
    expect(refused.body.details.differences).toContainEqual({ kind: 'figure_differs', label: '收入合计', sealed: '2686.26', published: '2686.00' });
    const detail = await t.api.get(unit.leader, `/api/cases/${caseId}`);
    expect(detail.body.state).not.toBe('published');
    expect((await t.api.get(unit.leader, `/api/cases/${caseId}/history`)).body.at(-1).event).toBe('ACCEPT');
  });

  it('refuses a PDF cut short, an encrypted one and one whose SHA-256 was sent wrong, each with its code, and records nothing', async () => {
    const { caseId, paragraphs } = await acceptedCase();
    const pdf = await typesetPdf(paragraphs);
    const cut = await publish(caseId, pdf.subarray(0, Math.floor(pdf.length / 2)));
    expect(cut.status).toBe(422);
    expect(cut.body.code).toBe('PDF.DAMAGED');
    const locked = await publish(caseId, await typesetPdf(paragraphs, { userPassword: '123456' }));
    expect(locked.status).toBe(422);
    expect(locked.body.code).toBe('PDF.ENCRYPTED');
    expect(locked.body.message).toContain('加密');
    const wrongDigest = await publish(caseId, pdf, { publishedSha256: 'a'.repeat(64) });
    expect(wrongDigest.status).toBe(422);
    expect(wrongDigest.body.code).toBe('PUBLICATION.SHA256_DISAGREES');
    expect((await t.api.get(unit.leader, `/api/cases/${caseId}/history`)).body.at(-1).event).toBe('ACCEPT');
    // The same case then publishes from a faithful copy: nothing was left half-written.
    expect((await publish(caseId, pdf)).status).toBe(200);
  });
});
