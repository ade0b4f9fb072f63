import { createHash } from 'node:crypto';
import { sm2 } from 'sm-crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { driveCase, fullScoreSheet, issueCampaign } from '../support/api-client';
import { binary } from '../support/binary';
import { testToday } from '../support/clock';
import { sealPng } from '../support/png';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const sm3 = (bytes: Buffer) => createHash('sm3').update(bytes).digest('hex');
const inDays = (days: number) => new Date(new Date(`${testToday()}T00:00:00Z`).getTime() + days * 86_400_000).toISOString().slice(0, 10);

describe('sealing signs the PDF with the unit’s electronic seal, and anyone can verify it', () => {
  let t: TestApp;
  let world: World;
  let unit: WorldUnit;
  let officer: WorldUser;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 2 });
    unit = world.units[0]!;
    officer = world.bureau.officer;
  }, 60_000);
  afterAll(() => t.close());

  async function setUpSeal(who: WorldUser, unitId: string): Promise<{ serial: string; publicKey: string }> {
    const response = await request(t.server)
      .post(`/api/units/${unitId}/seal?validUntil=${inDays(365)}`)
      .set('Authorization', `Bearer ${await t.api.token(who)}`)
      .set('Content-Type', 'image/png')
      .send(sealPng(160));
    expect(response.status).toBe(201);
    return response.body;
  }

  async function sealedPdf(caseId: string, version: number): Promise<Buffer> {
    const response = await request(t.server)
      .get(`/api/cases/${caseId}/sealed-versions/${version}/pdf`)
      .set('Authorization', `Bearer ${await t.api.token(unit.leader)}`)
      .buffer(true)
      .parse(binary);
    expect(response.status).toBe(200);
    return response.body as Buffer;
  }

  const postPdf = async (path: string, pdf: Buffer, who: WorldUser | null, type = 'application/pdf') => {
    const call = request(t.server).post(path).set('Content-Type', type);
    if (who) call.set('Authorization', `Bearer ${await t.api.token(who)}`);
    return call.send(pdf);
  };

  it('signs the sealed PDF: the history names the seal, and the signature verifies with the public key alone', async () => {
    const seal = await setUpSeal(unit.admin, unit.id);
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'sealed');
    const pdf = await sealedPdf(caseId, 1);
    const history = await t.api.get(unit.leader, `/api/cases/${caseId}/history`);
    expect(history.body.at(-1)).toMatchObject({ event: 'SEAL', details: { pdfSm3: sm3(pdf), sealSerial: seal.serial } });
    const [row] = await t.app.get(DataSource).query('SELECT signature, pdf_sm3, verify_token FROM sealed_versions WHERE case_id = $1', [caseId]);
    expect(row.pdf_sm3).toBe(sm3(pdf));
    // A third party's check: SM2 with the standard user ID over the PDF's SM3 digest, with sm-crypto directly.
    expect(sm2.doVerifySignature(Array.from(Buffer.from(sm3(pdf), 'hex')), row.signature, seal.publicKey, { der: true, hash: true, userId: '1234567812345678' })).toBe(true);
    expect(sm2.doVerifySignature(Array.from(Buffer.from(sm3(Buffer.concat([pdf, Buffer.from(' ')])), 'hex')), row.signature, seal.publicKey, { der: true, hash: true, userId: '1234567812345678' })).toBe(false);
    expect(row.verify_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('tells the bureau which unit, report, version and seal a PDF is, and says an altered copy is not a sealed one', async () => {
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'submitted');
    const pdf = await sealedPdf(caseId, 1);
    const verified = await postPdf('/api/seals/verify', pdf, officer);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      found: true,
      intact: true,
      pdfSha256: sha256(pdf),
      sealed: {
        unitName: unit.name,
        title: '整体绩效自评报告',
        contentVersion: 1,
        replacedBy: null,
        caseId,
        electronicSeal: { holderName: unit.name, algorithm: 'SM2-with-SM3', status: 'active', pdfSm3: sm3(pdf), signatureValid: true },
      },
    });
    expect(verified.body.sealed.publicPath).toMatch(/^\/verify\/[A-Za-z0-9_-]{32}$/);
    // Someone of another unit learns what the file is, not the case nor its link.
    const stranger = await postPdf('/api/seals/verify', pdf, world.units[1]!.leader);
    expect(stranger.body).toMatchObject({ found: true, sealed: { unitName: unit.name, caseId: null, publicPath: null } });
    const altered = Buffer.from(pdf);
    altered[Math.floor(altered.length / 2)] ^= 0x01;
    expect((await postPdf('/api/seals/verify', altered, officer)).body).toEqual({ found: false, intact: false, pdfSha256: sha256(altered), sealed: null });
  });

  it('answers a public link without sign-in, checks a file against it, and says which version replaced it after a return', async () => {
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'submitted');
    const first = await sealedPdf(caseId, 1);
    const { publicPath } = (await postPdf('/api/seals/verify', first, unit.leader)).body.sealed;
    const token = publicPath.replace('/verify/', '');
    const link = await request(t.server).get(`/api/public/seals/${token}`);
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({ found: true, intact: null, pdfSha256: sha256(first), sealed: { contentVersion: 1, caseId: null, publicPath: null, electronicSeal: { signatureValid: true } } });
    const same = await postPdf(`/api/public/seals/${token}/check`, first, null);
    expect(same.body).toMatchObject({ intact: true, sealed: { electronicSeal: { signatureValid: true } } });
    const altered = Buffer.concat([first, Buffer.from('%% appended\n')]);
    const changed = await postPdf(`/api/public/seals/${token}/check`, altered, null);
    expect(changed.body).toMatchObject({ found: true, intact: false, pdfSha256: sha256(altered), sealed: { electronicSeal: { signatureValid: false } } });
    // The bureau returns the report; the unit lowers a score and seals version 2.
    await t.api.event(officer, caseId, { type: 'RETURN', reason: '自评得分偏高，请核实后重新报送。' });
    const sheet = fullScoreSheet();
    sheet[0] = { ...sheet[0]!, score: String(Number(sheet[0]!.score) - 1), justification: '按财政局意见扣 1 分。' };
    expect((await t.api.put(unit.compiler, `/api/cases/${caseId}/indicator-scores`, { input: sheet })).status).toBe(200);
    await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
    await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
    await t.api.event(unit.sealKeeper, caseId, { type: 'SEAL' });
    expect((await request(t.server).get(`/api/public/seals/${token}`)).body.sealed.replacedBy).toBe(2);
    expect((await postPdf('/api/seals/verify', first, officer)).body.sealed.replacedBy).toBe(2);
    const another = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const missing of ['x'.repeat(32), 'short', another]) {
      const refused = await request(t.server).get(`/api/public/seals/${missing}`);
      expect(refused.status).toBe(404);
      expect(refused.body.code).toBe('SEAL.VERIFICATION_NOT_FOUND');
    }
  });

  it('keeps the public link closed when the campaign says so', async () => {
    const created = await t.api.post(officer, '/api/campaigns', {
      documentNumber: `核验财〔2024〕${Math.floor(Math.random() * 1e9)}号`,
      title: '不公开核验的通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(30),
      publicationDeadline: inDays(40),
      unitIds: [unit.id],
      publicSealVerification: false,
    });
    expect(created.status).toBe(201);
    expect(created.body.publicSealVerification).toBe(false);
    const issued = await t.api.post(officer, `/api/campaigns/${created.body.id}/issue`);
    expect(issued.status).toBe(200);
    const caseId = await caseOf(created.body.id);
    await driveCase(t.api, unit, officer, caseId, 'sealed');
    const pdf = await sealedPdf(caseId, 1);
    const verified = await postPdf('/api/seals/verify', pdf, officer);
    expect(verified.body.sealed).toMatchObject({ caseId, publicPath: null, electronicSeal: { signatureValid: true } });
    const [row] = await t.app.get(DataSource).query('SELECT verify_token FROM sealed_versions WHERE case_id = $1', [caseId]);
    const closed = await request(t.server).get(`/api/public/seals/${row.verify_token}`);
    expect(closed.status).toBe(404);
    expect(closed.body.code).toBe('SEAL.VERIFICATION_NOT_FOUND');
  });

  async function caseOf(campaignId: string): Promise<string> {
    const [row] = await t.app.get(DataSource).query('SELECT id FROM evaluation_cases WHERE campaign_id = $1', [campaignId]);
    return row.id;
  }

  it('refuses to seal with an expired seal, writing nothing, and refuses what is not a PDF', async () => {
    const other = world.units[1]!;
    await setUpSeal(other.admin, other.id);
    await t.app.get(DataSource).query(`UPDATE unit_seals SET valid_from = $2, valid_until = $3 WHERE unit_id = $1 AND status = 'active'`, [other.id, inDays(-30), inDays(-1)]);
    const { caseIds } = await issueCampaign(t.api, officer, [other.id]);
    const caseId = caseIds.get(other.id)!;
    await driveCase(t.api, other, officer, caseId, 'internal_review');
    await t.api.event(other.leader, caseId, { type: 'APPROVE' });
    const refused = await t.api.post(other.sealKeeper, `/api/cases/${caseId}/events`, { type: 'SEAL' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SEAL.EXPIRED');
    expect(refused.body.message).toContain(inDays(-1));
    expect((await t.api.get(other.leader, `/api/cases/${caseId}`)).body.state).not.toBe('sealed');
    expect(Number((await t.app.get(DataSource).query('SELECT count(*) AS n FROM sealed_versions WHERE case_id = $1', [caseId]))[0].n)).toBe(0);

    const notPdf = await postPdf('/api/seals/verify', Buffer.from('PK\u0003\u0004 a Word file'), officer);
    expect(notPdf.status).toBe(422);
    expect(notPdf.body.code).toBe('PDF.NOT_A_PDF');
    const wrongType = await postPdf('/api/seals/verify', Buffer.from('%PDF-1.7'), officer, 'image/png');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.code).toBe('PDF.WRONG_MEDIA_TYPE');
    const anonymous = await postPdf('/api/seals/verify', Buffer.from('%PDF-1.7'), null);
    expect(anonymous.status).toBe(401);
  });
});
