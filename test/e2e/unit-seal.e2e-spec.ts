import { DataSource } from 'typeorm';
import request from 'supertest';
import { SealKeyring } from '@jixiao/evaluation';
import { inDays } from '../support/api-client';
import { binary, sha256 } from '../support/binary';
import { JPEG_BYTES, pngClaiming, sealPng } from '../support/png';
import { startTestApp, type TestApp } from '../support/test-app';
import { newSystemAdmin, newWorld, type World, type WorldUser } from '../support/world';

/** Every field a seal record answers: a field added later must be added here, on purpose. */
const RECORD_FIELDS = ['algorithm', 'createdAt', 'createdBy', 'endedAt', 'holderName', 'id', 'imageHeight', 'imageSha256', 'imageWidth', 'publicKey', 'serial', 'status', 'unitId', 'validFrom', 'validUntil'];

describe("a unit's electronic seal through the API", () => {
  let t: TestApp;
  let world: World;
  let other: World;
  let systemAdmin: WorldUser;

  const upload = async (user: WorldUser, unitId: string, body: Buffer, options: { type?: string; query?: string } = {}) =>
    request(t.server)
      .post(`/api/units/${unitId}/seal?${options.query ?? `validUntil=${inDays(365)}`}`)
      .set('Authorization', `Bearer ${await t.api.token(user)}`)
      .set('Content-Type', options.type ?? 'image/png')
      .send(body);

  const sealRows = async (unitId: string): Promise<number> =>
    Number((await t.app.get(DataSource).query('SELECT count(*) AS n FROM unit_seals WHERE unit_id = $1', [unitId]))[0].n);

  /** The private key of a seal, opened as only the service can: what no answer may contain. */
  const keyMaterial = async (serial: string): Promise<string[]> => {
    const [row] = (await t.app.get(DataSource).query('SELECT private_key_ciphertext, key_id FROM unit_seals WHERE serial = $1', [serial])) as Array<{
      private_key_ciphertext: Buffer;
      key_id: string;
    }>;
    const privateKey = t.app.get(SealKeyring).decrypt({ ciphertext: row!.private_key_ciphertext, keyId: row!.key_id }, serial);
    return [privateKey, privateKey.toUpperCase(), row!.private_key_ciphertext.toString('hex'), row!.private_key_ciphertext.toString('base64')];
  };

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app);
    other = await newWorld(t.app);
    systemAdmin = await newSystemAdmin(t.app, world.tag);
  }, 60_000);
  afterAll(() => t.close());

  it("lets the unit's admin set up its seal and read it back, image and record, with no private key material in any answer", async () => {
    const unit = world.units[0]!;
    expect((await t.api.get(unit.member, `/api/units/${unit.id}/seal`)).body.code).toBe('SEAL.NOT_FOUND');
    const png = sealPng(128);
    const created = await upload(unit.admin, unit.id, png, { query: `validFrom=${inDays(0)}&validUntil=${inDays(365)}` });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(RECORD_FIELDS);
    expect(created.body).toMatchObject({
      unitId: unit.id,
      holderName: unit.name,
      validFrom: inDays(0),
      validUntil: inDays(365),
      status: 'active',
      algorithm: 'SM2-with-SM3',
      imageSha256: sha256(png),
      imageWidth: 128,
      imageHeight: 128,
      createdBy: { id: unit.admin.id },
      endedAt: null,
    });
    expect(created.body.serial).toMatch(/^[0-9A-F]{20}$/);
    expect(created.body.publicKey).toMatch(/^04[0-9a-f]{128}$/);

    // Everyone of the unit reads the record and the image; so does its finance officer.
    const read = await t.api.get(unit.member, `/api/units/${unit.id}/seal`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect((await t.api.get(world.bureau.officer, `/api/units/${unit.id}/seal`)).body.serial).toBe(created.body.serial);
    const image = await request(t.server)
      .get(`/api/units/${unit.id}/seal/image`)
      .set('Authorization', `Bearer ${await t.api.token(unit.compiler)}`)
      .buffer(true)
      .parse(binary);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(sha256(image.body as Buffer)).toBe(created.body.imageSha256);
    expect(image.headers['x-content-sha256']).toBe(created.body.imageSha256);

    const secrets = await keyMaterial(created.body.serial);
    for (const answer of [JSON.stringify(created.body), JSON.stringify(read.body), (image.body as Buffer).toString('hex'), (image.body as Buffer).toString('latin1')]) {
      for (const secret of secrets) expect(answer).not.toContain(secret);
    }
  });

  it('supersedes the active seal with a new one, by the unit admin or the system administrator', async () => {
    const unit = world.units[0]!;
    const before = (await t.api.get(unit.admin, `/api/units/${unit.id}/seal`)).body;
    const byAdmin = await upload(systemAdmin, unit.id, sealPng(80));
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body).toMatchObject({ status: 'active', createdBy: { id: systemAdmin.id }, imageWidth: 80 });
    expect(byAdmin.body.serial).not.toBe(before.serial);
    expect(byAdmin.body.publicKey).not.toBe(before.publicKey);
    expect((await t.api.get(unit.member, `/api/units/${unit.id}/seal`)).body.serial).toBe(byAdmin.body.serial);
    expect((await t.api.get(systemAdmin, `/api/units/${unit.id}/seal`)).body.serial).toBe(byAdmin.body.serial);
    const statuses = await t.app.get(DataSource).query('SELECT serial, status FROM unit_seals WHERE unit_id = $1 ORDER BY created_at', [unit.id]);
    expect(statuses).toEqual([
      { serial: before.serial, status: 'superseded' },
      { serial: byAdmin.body.serial, status: 'active' },
    ]);
  });

  it('refuses everyone else: 403 inside the unit and at its bureau, 404 outside, before the upload is read', async () => {
    const unit = world.units[0]!;
    const rows = await sealRows(unit.id);
    for (const user of [unit.leader, unit.member, unit.sealKeeper, world.bureau.officer]) {
      const response = await upload(user, unit.id, sealPng());
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 403, code: 'SEAL.ROLE_NOT_ALLOWED' });
    }
    for (const user of [other.units[0]!.admin, other.bureau.officer]) {
      expect((await upload(user, unit.id, sealPng())).status).toBe(404);
      expect((await t.api.get(user, `/api/units/${unit.id}/seal`)).status).toBe(404);
      expect((await t.api.get(user, `/api/units/${unit.id}/seal/image`)).status).toBe(404);
    }
    expect(await sealRows(unit.id)).toBe(rows);
  });

  it.each([
    ['a JPEG', JPEG_BYTES, 'image/png', 422, 'SEAL.IMAGE_INVALID', 'not_png'],
    ['a truncated PNG', sealPng().subarray(0, 50), 'image/png', 422, 'SEAL.IMAGE_INVALID', 'truncated'],
    ['an empty body', Buffer.alloc(0), 'image/png', 422, 'SEAL.IMAGE_INVALID', 'empty'],
    ['an image larger than 2000 pixels', pngClaiming(2100, 100), 'image/png', 422, 'SEAL.IMAGE_INVALID', 'too_large'],
    ['a PNG declared as a JPEG', sealPng(), 'image/jpeg', 415, 'SEAL.IMAGE_NOT_PNG', undefined],
    ['a body over 512 KiB', Buffer.concat([sealPng(), Buffer.alloc(600 * 1024)]), 'image/png', 413, 'REQUEST.TOO_LARGE', undefined],
  ])('refuses %s with a stable code and writes nothing', async (_, body, type, status, code, reason) => {
    const unit = world.units[0]!;
    const rows = await sealRows(unit.id);
    const active = (await t.api.get(unit.admin, `/api/units/${unit.id}/seal`)).body.serial;
    const response = await upload(unit.admin, unit.id, body, { type });
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    if (reason) expect(response.body.details).toMatchObject({ reason });
    expect(typeof response.body.message).toBe('string');
    expect(await sealRows(unit.id)).toBe(rows);
    expect((await t.api.get(unit.admin, `/api/units/${unit.id}/seal`)).body.serial).toBe(active);
  });

  it('refuses a missing or impossible validity and writes nothing', async () => {
    const unit = world.units[0]!;
    const rows = await sealRows(unit.id);
    const missing = await upload(unit.admin, unit.id, sealPng(), { query: '' });
    expect(missing.status).toBe(400);
    const backwards = await upload(unit.admin, unit.id, sealPng(), { query: `validFrom=${inDays(10)}&validUntil=${inDays(5)}` });
    expect({ status: backwards.status, code: backwards.body.code }).toEqual({ status: 422, code: 'SEAL.VALIDITY_INVALID' });
    expect(backwards.body.message).toContain('到期日期不能早于生效日期');
    expect(await sealRows(unit.id)).toBe(rows);
  });
});
