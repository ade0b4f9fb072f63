import { SealKeyring, SealKeyUnavailableError, sealKeyId } from './seal-keyring';

describe('seal private keys at rest (AES-256-GCM)', () => {
  const current = Buffer.alloc(32, 0xa1);
  const retired = Buffer.alloc(32, 0xb2);
  const privateKey = 'c0ffee'.repeat(10) + 'abcd';
  const serial = 'ABCDEF0123456789ABCD';

  it('opens what it encrypted, names the key by its id, and never repeats a ciphertext', () => {
    const keyring = new SealKeyring(current);
    const first = keyring.encrypt(privateKey, serial);
    const second = keyring.encrypt(privateKey, serial);
    expect(first.keyId).toBe(sealKeyId(current));
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
    expect(first.ciphertext.toString('hex')).not.toContain(privateKey);
    expect(keyring.decrypt(first, serial)).toBe(privateKey);
  });

  it('refuses to open under a wrong key', () => {
    const encrypted = new SealKeyring(current).encrypt(privateKey, serial);
    expect(() => new SealKeyring(retired).decrypt(encrypted, serial)).toThrow(new SealKeyUnavailableError('unknown_key'));
    // A wrong key that claims the right id still fails the tag check.
    expect(() => new SealKeyring(retired).decrypt({ ...encrypted, keyId: sealKeyId(retired) }, serial)).toThrow(new SealKeyUnavailableError('tampered'));
  });

  it.each([
    ['a ciphertext byte', 40],
    ['the authentication tag', 20],
    ['the initialisation vector', 5],
    ['the format byte', 0],
  ])('refuses a ciphertext with %s changed', (_, at) => {
    const keyring = new SealKeyring(current);
    const encrypted = keyring.encrypt(privateKey, serial);
    const altered = Buffer.from(encrypted.ciphertext);
    altered[at] = altered[at]! ^ 0x01;
    expect(() => keyring.decrypt({ ...encrypted, ciphertext: altered }, serial)).toThrow(new SealKeyUnavailableError('tampered'));
  });

  it('refuses a ciphertext cut short, or copied onto another seal', () => {
    const keyring = new SealKeyring(current);
    const encrypted = keyring.encrypt(privateKey, serial);
    expect(() => keyring.decrypt({ ...encrypted, ciphertext: encrypted.ciphertext.subarray(0, 29) }, serial)).toThrow(new SealKeyUnavailableError('tampered'));
    expect(() => keyring.decrypt(encrypted, 'FFFFFFFFFFFFFFFFFFFF')).toThrow(new SealKeyUnavailableError('tampered'));
  });

  it('keeps opening keys encrypted under a retired key after rotation, and encrypts new ones under the current key', () => {
    const before = new SealKeyring(retired).encrypt(privateKey, serial);
    const rotated = new SealKeyring(current, [retired]);
    expect(rotated.decrypt(before, serial)).toBe(privateKey);
    expect(rotated.encrypt(privateKey, serial).keyId).toBe(sealKeyId(current));
  });

  it('without a key encrypts nothing', () => {
    const keyring = new SealKeyring(null);
    expect(keyring.ready).toBe(false);
    expect(() => keyring.encrypt(privateKey, serial)).toThrow(new SealKeyUnavailableError('no_key'));
  });
});
