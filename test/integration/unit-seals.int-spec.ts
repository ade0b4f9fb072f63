import { addCalendarDays } from '@jixiao/calendar';
import { Clock, DomainError, SealKeyring, shanghaiDate, sm3Hex, UnitSealService, type Principal } from '@jixiao/evaluation';
import { UnitSealStore, Transactor } from '@jixiao/persistence';
import { DataSource } from 'typeorm';
import { sealPng } from '../support/png';
import { itOnRealServer, startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type WorldUnit } from '../support/world';

describe("a unit's electronic seal on the real database", () => {
  let t: TestApp;
  let seals: UnitSealService;
  let today: string;

  const adminOf = (unit: WorldUnit): Principal => ({
    sessionId: 'test',
    userId: unit.admin.id,
    username: unit.admin.username,
    displayName: unit.admin.username,
    organisationId: unit.id,
    organisationKind: 'unit',
    organisationName: unit.name,
    roles: ['unit_admin'],
  });

  const rowsOf = (unitId: string): Promise<Array<{ serial: string; status: string; ended_at: Date | null }>> =>
    t.app.get(DataSource).query('SELECT serial, status, ended_at FROM unit_seals WHERE unit_id = $1 ORDER BY created_at, serial', [unitId]);

  const newUnit = async () => (await newWorld(t.app)).units[0]!;

  const refusal = async (work: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown> }> => {
    const error = await work.then(
      () => null,
      (failure: unknown) => failure,
    );
    if (!(error instanceof DomainError)) throw new Error(`expected a refusal, got ${String(error)}`);
    return { code: error.code, details: error.details };
  };

  beforeAll(async () => {
    t = await startTestApp();
    seals = t.app.get(UnitSealService);
    today = shanghaiDate(t.app.get(Clock).now());
  }, 60_000);
  afterAll(() => t.close());

  it('supersedes the active seal when a new one is set up, and keeps the old one for verifying what it signed', async () => {
    const unit = await newUnit();
    const first = await seals.setUp(adminOf(unit), unit.id, sealPng(), { validUntil: addCalendarDays(today, 365) });
    const signedWithFirst = await seals.signDocument(unit.id, Buffer.from('%PDF-1.7 version 1'), t.app.get(Clock).now());
    const second = await seals.setUp(adminOf(unit), unit.id, sealPng(96), { validUntil: addCalendarDays(today, 730) });

    expect(first.serial).not.toBe(second.serial);
    expect(second).toMatchObject({ status: 'active', holderName: unit.name, validFrom: today, validUntil: addCalendarDays(today, 730), imageWidth: 96, createdBy: { id: unit.admin.id } });
    expect(await rowsOf(unit.id)).toEqual([
      { serial: first.serial, status: 'superseded', ended_at: expect.any(Date) },
      { serial: second.serial, status: 'active', ended_at: null },
    ]);
    const store = t.app.get(UnitSealStore);
    expect((await store.active(t.app.get(Transactor).manager, unit.id))?.serial).toBe(second.serial);
    expect(await store.history(t.app.get(Transactor).manager, unit.id)).toEqual([expect.objectContaining({ serial: second.serial }), expect.objectContaining({ serial: first.serial })]);
    const old = await seals.sealById(first.id);
    expect(old).toMatchObject({ status: 'superseded', publicKey: first.publicKey });

    // What the first seal signed still verifies under its public key; the new seal signs from now on.
    expect(signedWithFirst).toMatchObject({ sealId: first.id, serial: first.serial, publicKey: first.publicKey, algorithm: 'SM2-with-SM3', sm3: sm3Hex(Buffer.from('%PDF-1.7 version 1')) });
    expect(seals.verifySignature(old!.publicKey, signedWithFirst.sm3, signedWithFirst.signature)).toBe(true);
    expect(seals.verifySignature(second.publicKey, signedWithFirst.sm3, signedWithFirst.signature)).toBe(false);
    const signedWithSecond = await seals.signDocument(unit.id, Buffer.from('%PDF-1.7 version 2'), t.app.get(Clock).now());
    expect(signedWithSecond.sealId).toBe(second.id);
    expect(seals.verifySignature(second.publicKey, signedWithSecond.sm3, signedWithSecond.signature)).toBe(true);
  });

  it('refuses to sign without a seal, after its last day and before its first (by the date in Shanghai)', async () => {
    const unit = await newUnit();
    const pdf = Buffer.from('%PDF-1.7');
    expect(await refusal(seals.signDocument(unit.id, pdf, t.app.get(Clock).now()))).toMatchObject({ code: 'SEAL.NOT_SET_UP' });
    const until = addCalendarDays(today, 30);
    await seals.setUp(adminOf(unit), unit.id, sealPng(), { validFrom: addCalendarDays(today, 1), validUntil: until });
    // 23:59 in Shanghai on the last day is still valid; a minute later is not.
    const lastMinute = new Date(`${until}T23:59:00+08:00`);
    const nextDay = new Date(`${addCalendarDays(until, 1)}T00:00:00+08:00`);
    expect((await seals.signDocument(unit.id, pdf, lastMinute)).serial).toMatch(/^[0-9A-F]{20}$/);
    expect(await refusal(seals.signDocument(unit.id, pdf, nextDay))).toEqual({ code: 'SEAL.EXPIRED', details: expect.objectContaining({ validUntil: until }) });
    expect(await refusal(seals.signDocument(unit.id, pdf, t.app.get(Clock).now()))).toEqual({
      code: 'SEAL.NOT_YET_VALID',
      details: expect.objectContaining({ validFrom: addCalendarDays(today, 1) }),
    });
  });

  it('refuses a bad validity and writes nothing', async () => {
    const unit = await newUnit();
    for (const validity of [
      { validUntil: addCalendarDays(today, -1) },
      { validFrom: addCalendarDays(today, -1), validUntil: addCalendarDays(today, 10) },
      { validFrom: addCalendarDays(today, 10), validUntil: addCalendarDays(today, 9) },
      { validUntil: addCalendarDays(today, 11 * 366) },
      { validUntil: '2026-02-30' },
    ]) {
      expect(await refusal(seals.setUp(adminOf(unit), unit.id, sealPng(), validity))).toMatchObject({ code: 'SEAL.VALIDITY_INVALID' });
    }
    expect(await rowsOf(unit.id)).toEqual([]);
  });

  it('stores the private key only encrypted, and a ciphertext altered in the database cannot sign', async () => {
    const unit = await newUnit();
    const seal = await seals.setUp(adminOf(unit), unit.id, sealPng(), { validUntil: addCalendarDays(today, 30) });
    const db = t.app.get(DataSource);
    const [row] = (await db.query('SELECT private_key_ciphertext, key_id FROM unit_seals WHERE id = $1', [seal.id])) as Array<{ private_key_ciphertext: Buffer; key_id: string }>;
    const keyring = t.app.get(SealKeyring);
    const privateKey = keyring.decrypt({ ciphertext: row!.private_key_ciphertext, keyId: row!.key_id }, seal.serial);
    expect(privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.private_key_ciphertext.toString('hex')).not.toContain(privateKey);
    const dump = JSON.stringify(await db.query('SELECT * FROM unit_seals WHERE id = $1', [seal.id]));
    expect(dump).not.toContain(privateKey);

    await db.query(`UPDATE unit_seals SET private_key_ciphertext = set_byte(private_key_ciphertext, 40, get_byte(private_key_ciphertext, 40) # 1) WHERE id = $1`, [seal.id]);
    expect(await refusal(seals.signDocument(unit.id, Buffer.from('%PDF'), t.app.get(Clock).now()))).toMatchObject({ code: 'SEAL.KEY_UNAVAILABLE' });
  });

  it('holds one active seal per unit in the database itself', async () => {
    const unit = await newUnit();
    const seal = await seals.setUp(adminOf(unit), unit.id, sealPng(), { validUntil: addCalendarDays(today, 30) });
    const copy = `INSERT INTO unit_seals (unit_id, serial, holder_name, valid_from, valid_until, status, algorithm, image_png, image_sha256, image_width, image_height,
        public_key, private_key_ciphertext, key_id, created_at)
      SELECT unit_id, 'FFFF' || serial, holder_name, valid_from, valid_until, 'active', algorithm, image_png, image_sha256, image_width, image_height,
        public_key, private_key_ciphertext, key_id, now() FROM unit_seals WHERE id = $1`;
    await expect(t.app.get(DataSource).query(copy, [seal.id])).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
  });

  itOnRealServer('leaves exactly one active seal when several set-ups of one unit race, the others superseded', async () => {
    const unit = await newUnit();
    const setUps = Array.from({ length: 4 }, (_, i) => seals.setUp(adminOf(unit), unit.id, sealPng(32 + i), { validUntil: addCalendarDays(today, 30) }));
    const made = await Promise.all(setUps);
    const rows = await rowsOf(unit.id);
    expect(rows).toHaveLength(4);
    expect(rows.filter((row) => row.status === 'active')).toHaveLength(1);
    expect(rows.filter((row) => row.status === 'superseded')).toHaveLength(3);
    // The active one is the set-up that committed last: the unit's lock put them in a line.
    const active = rows.find((row) => row.status === 'active')!;
    expect(made.map((seal) => seal.serial)).toContain(active.serial);
    expect(rows.at(-1)!.serial).toBe(active.serial);
  });
});
