import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** The first byte of every encrypted private key: the layout below, so another one can follow. */
const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/**
 * The key id stored beside each encrypted private key: a short digest of the key-encryption key,
 * so ids never need configuring, two keys never share one, and a rotated key is found by its id.
 */
export function sealKeyId(secret: Buffer): string {
  return createHash('sha256').update('jixiao-seal-key-id\n').update(secret).digest('hex').slice(0, 16);
}

export interface EncryptedPrivateKey {
  /** FORMAT ‖ IV (12) ‖ GCM tag (16) ‖ ciphertext. */
  ciphertext: Buffer;
  keyId: string;
}

/** Why a stored private key could not be opened: its key is not configured, or the bytes or their context changed. */
export class SealKeyUnavailableError extends Error {
  constructor(readonly reason: 'no_key' | 'unknown_key' | 'tampered') {
    super(`The seal's private key cannot be opened (${reason}).`);
    this.name = 'SealKeyUnavailableError';
  }
}

/**
 * The key-encryption keys of units' seal private keys (AES-256-GCM): the current one
 * (SEAL_KEY_ENCRYPTION_KEY) encrypts new keys; retired ones (SEAL_KEY_ENCRYPTION_KEYS_OLD) still
 * open the keys they encrypted. Each encryption is bound to its seal's serial number (associated
 * data), so a ciphertext copied onto another seal's row does not open. Held in the Node process
 * only; no key and no plain private key ever reaches the database or a log.
 */
export class SealKeyring {
  private readonly byId = new Map<string, Buffer>();
  private readonly currentId: string | null;

  constructor(current: Buffer | null, old: readonly Buffer[] = []) {
    for (const key of [...old, ...(current === null ? [] : [current])]) {
      if (key.length !== KEY_BYTES) throw new Error(`a seal key-encryption key is ${KEY_BYTES} bytes, got ${key.length}`);
      this.byId.set(sealKeyId(key), key);
    }
    this.currentId = current === null ? null : sealKeyId(current);
  }

  /** Whether new private keys can be encrypted: a current key is configured. */
  get ready(): boolean {
    return this.currentId !== null;
  }

  encrypt(privateKeyHex: string, serial: string): EncryptedPrivateKey {
    if (this.currentId === null) throw new SealKeyUnavailableError('no_key');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.byId.get(this.currentId)!, iv);
    cipher.setAAD(context(serial));
    const body = Buffer.concat([cipher.update(Buffer.from(privateKeyHex, 'hex')), cipher.final()]);
    return { ciphertext: Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), body]), keyId: this.currentId };
  }

  decrypt(encrypted: EncryptedPrivateKey, serial: string): string {
    const key = this.byId.get(encrypted.keyId);
    if (!key) throw new SealKeyUnavailableError(this.byId.size === 0 ? 'no_key' : 'unknown_key');
    const { ciphertext } = encrypted;
    if (ciphertext.length <= 1 + IV_BYTES + TAG_BYTES || ciphertext[0] !== FORMAT) throw new SealKeyUnavailableError('tampered');
    const decipher = createDecipheriv('aes-256-gcm', key, ciphertext.subarray(1, 1 + IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(context(serial));
    decipher.setAuthTag(ciphertext.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(ciphertext.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('hex');
    } catch {
      throw new SealKeyUnavailableError('tampered');
    }
  }
}

function context(serial: string): Buffer {
  return Buffer.from(`jixiao-seal-private-key-v1\n${serial}`, 'utf8');
}
