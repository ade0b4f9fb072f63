import { createHash } from 'node:crypto';
import { sm3 } from 'sm-crypto';
import { SealKeyring, SealKeyUnavailableError } from './seal-keyring';
import { LocalKeySigner, verifySealSignature, type SealCertificateRecord } from './seal-signer';
import { generateSm2KeyPair, SM2_DEFAULT_USER_ID, sm2RawToDer, sm2SignDer, sm2VerifyDer, sm3Hex } from './sm2';

describe('SM3 (GB/T 32905-2016, appendix A)', () => {
  it('gives example 1: the digest of "abc"', () => {
    expect(sm3Hex(Buffer.from('abc'))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('gives example 2: the digest of the 64 bytes "abcd" × 16', () => {
    expect(sm3Hex(Buffer.from('abcd'.repeat(16)))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it.each([
    ['abc', Buffer.from('abc'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
    ['abcd × 16', Buffer.from('abcd'.repeat(16)), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
  ])("is given alike by Node's OpenSSL and by sm-crypto (%s)", (_, bytes, digest) => {
    expect(createHash('sm3').update(bytes).digest('hex')).toBe(digest);
    expect(sm3(Array.from(bytes))).toBe(digest);
  });

  it('gives both implementations the same digest of binary data', () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) % 256));
    expect(sm3Hex(bytes)).toBe(sm3(Array.from(bytes)));
  });
});

/**
 * The signature example over the recommended curve sm2p256v1 in GB/T 32918.5-2017 (GM/T 0003.5-2012)
 * appendix A: user ID 1234567812345678, message "message digest". The better-known example with
 * ID "ALICE123@YAHOO.COM" (GB/T 32918.2 appendix A) is over a test curve, not sm2p256v1, so it
 * cannot be checked with a library that implements the recommended curve only.
 */
describe('SM2 signatures (GB/T 32918.5-2017 appendix A, curve sm2p256v1)', () => {
  const curve = {
    a: 'FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC',
    b: '28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93',
    xG: '32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7',
    yG: 'BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0',
  };
  const xA = '09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020';
  const yA = 'CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13';
  const publicKey = `04${xA}${yA}`.toLowerCase();
  const message = Buffer.from('message digest');
  const r = 'F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3';
  const s = 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA';
  const published = sm2RawToDer(Buffer.from(r + s, 'hex'));

  it('computes the published Z and e from the default user ID and the example key', () => {
    const id = Buffer.from(SM2_DEFAULT_USER_ID);
    const entl = Buffer.from([(id.length * 8) >> 8, (id.length * 8) & 0xff]);
    const z = sm3Hex(Buffer.concat([entl, id, ...[curve.a, curve.b, curve.xG, curve.yG, xA, yA].map((hex) => Buffer.from(hex, 'hex'))]));
    expect(z).toBe('b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3');
    expect(sm3Hex(Buffer.concat([Buffer.from(z, 'hex'), message]))).toBe('f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640');
  });

  it('verifies the published signature (r, s) of "message digest"', () => {
    expect(sm2VerifyDer(publicKey, message, published)).toBe(true);
  });

  it('refuses the published signature over another message, with s altered, or under another key', () => {
    expect(sm2VerifyDer(publicKey, Buffer.from('message digesT'), published)).toBe(false);
    const altered = sm2RawToDer(Buffer.from(r + s.slice(0, -1) + 'B', 'hex'));
    expect(sm2VerifyDer(publicKey, message, altered)).toBe(false);
    expect(sm2VerifyDer(generateSm2KeyPair().publicKey, message, published)).toBe(false);
  });

  it('signs so that the signature verifies, in DER, and never twice alike (a fresh k each time)', () => {
    const pair = generateSm2KeyPair();
    const first = sm2SignDer(pair.privateKey, pair.publicKey, message);
    const second = sm2SignDer(pair.privateKey, pair.publicKey, message);
    expect(first[0]).toBe(0x30);
    expect(first.length).toBeGreaterThanOrEqual(70);
    expect(first.equals(second)).toBe(false);
    expect(sm2VerifyDer(pair.publicKey, message, first)).toBe(true);
    expect(sm2VerifyDer(pair.publicKey, message, second)).toBe(true);
  });

  it('answers false, not an error, for a malformed key or signature', () => {
    expect(sm2VerifyDer('04' + '00'.repeat(64), message, published)).toBe(false);
    expect(sm2VerifyDer(publicKey, message, Buffer.from('3000', 'hex'))).toBe(false);
    expect(sm2VerifyDer(publicKey, message, Buffer.alloc(0))).toBe(false);
    expect(verifySealSignature(publicKey, 'not hex', published.toString('hex'))).toBe(false);
  });
});

describe('the local key signer', () => {
  const pair = generateSm2KeyPair();
  const keyring = new SealKeyring(Buffer.alloc(32, 1));
  const record: SealCertificateRecord = {
    sealId: '00000000-0000-4000-8000-000000000001',
    unitId: '00000000-0000-4000-8000-000000000002',
    serial: '0123456789ABCDEF0123',
    holderName: '某某单位',
    validFrom: '2026-01-01',
    validUntil: '2027-12-31',
    publicKey: pair.publicKey,
    algorithm: 'SM2-with-SM3',
    imageSha256: '0'.repeat(64),
  };
  const digest = Buffer.from(sm3Hex(Buffer.from('%PDF-1.7 a sealed report')), 'hex');

  it("signs a document's SM3 digest with the key it opens, and the signature verifies from the digest alone", async () => {
    const signer = new LocalKeySigner(record, keyring.encrypt(pair.privateKey, record.serial), keyring);
    const signed = await signer.sign(digest);
    expect(signed.algorithm).toBe('SM2-with-SM3');
    expect(verifySealSignature(record.publicKey, digest.toString('hex'), signed.signature.toString('hex'))).toBe(true);
    expect(verifySealSignature(record.publicKey, sm3Hex(Buffer.from('another document')), signed.signature.toString('hex'))).toBe(false);
    expect(signer.certificate()).toBe(record);
  });

  it('cannot sign without the key that encrypted its private key', async () => {
    const signer = new LocalKeySigner(record, keyring.encrypt(pair.privateKey, record.serial), new SealKeyring(Buffer.alloc(32, 2)));
    await expect(signer.sign(digest)).rejects.toEqual(new SealKeyUnavailableError('unknown_key'));
  });

  it("refuses to sign with a private key that is not the record's", async () => {
    const other = generateSm2KeyPair();
    const signer = new LocalKeySigner(record, keyring.encrypt(other.privateKey, record.serial), keyring);
    await expect(signer.sign(digest)).rejects.toThrow(/does not match its public key/);
  });
});
