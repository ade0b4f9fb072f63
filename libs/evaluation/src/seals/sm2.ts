import { createHash, getHashes } from 'node:crypto';
import { sm2, sm3 } from 'sm-crypto';

/**
 * SM3 (GB/T 32905) and SM2 signatures (GB/T 32918) over the recommended curve sm2p256v1, through
 * sm-crypto. Node's own crypto is not used for SM2: its signatures leave out the Z value (the
 * digest of the signer's identity and key) that the standard puts in front of the message, so they
 * do not verify elsewhere. Every signature here includes Z with the standard's default user ID.
 */

/** The user ID GM/T 0009 sets as the default when the parties agree on none. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

export const SEAL_ALGORITHM = 'SM2-with-SM3' as const;
export type SealAlgorithm = typeof SEAL_ALGORITHM;

/** sm-crypto reads a string as UTF-8 text, so binary data goes in as an array of bytes. */
const bytes = (data: Uint8Array): number[] => Array.from(data);

const PUBLIC_KEY = /^04[0-9a-f]{128}$/;
const PRIVATE_KEY = /^[0-9a-f]{64}$/;

/** Whether this Node's OpenSSL provides SM3 (the official builds do). */
const NODE_SM3 = getHashes().includes('sm3');

/**
 * SM3 of `data`. Node's OpenSSL computes it about a hundred times faster than sm-crypto (a 2 MiB
 * PDF: 9 ms against 1.2 s on the event loop), and both give the standard's vectors (sm2.spec.ts);
 * sm-crypto remains the fallback for a Node built without it.
 */
export function sm3Hex(data: Uint8Array): string {
  return NODE_SM3 ? createHash('sm3').update(data).digest('hex') : sm3(bytes(data));
}

export interface Sm2KeyPair {
  /** 32 bytes as 64 lower-case hexadecimal characters. */
  privateKey: string;
  /** The uncompressed point, `04` then x and y: 130 lower-case hexadecimal characters. */
  publicKey: string;
}

export function generateSm2KeyPair(): Sm2KeyPair {
  const pair = sm2.generateKeyPairHex();
  // sm-crypto pads both to full length; checked so that a short key can never be stored.
  if (!PRIVATE_KEY.test(pair.privateKey) || !PUBLIC_KEY.test(pair.publicKey)) throw new Error('sm-crypto made a key pair of an unexpected form');
  return { privateKey: pair.privateKey, publicKey: pair.publicKey };
}

export function isSm2PublicKey(value: string): boolean {
  return PUBLIC_KEY.test(value);
}

/**
 * The SM2 signature of `message` (with Z, the default user ID), DER-encoded as GM/T 0009's
 * SM2Signature: SEQUENCE { r INTEGER, s INTEGER }.
 */
export function sm2SignDer(privateKey: string, publicKey: string, message: Uint8Array): Buffer {
  return Buffer.from(sm2.doSignature(bytes(message), privateKey, { der: true, hash: true, publicKey, userId: SM2_DEFAULT_USER_ID }), 'hex');
}

/** Whether `signature` (DER) is an SM2 signature of `message` under `publicKey`, with Z and the default user ID. */
export function sm2VerifyDer(publicKey: string, message: Uint8Array, signature: Uint8Array): boolean {
  if (!PUBLIC_KEY.test(publicKey) || signature.length === 0) return false;
  try {
    return sm2.doVerifySignature(bytes(message), Buffer.from(signature).toString('hex'), publicKey, { der: true, hash: true, userId: SM2_DEFAULT_USER_ID });
  } catch {
    // A point off the curve or a malformed encoding: not a valid signature, whatever the reason.
    return false;
  }
}

/** r‖s (64 bytes) as DER, for signatures that come as two 32-byte halves (a UKey's ECCSIGNATUREBLOB, a published example). */
export function sm2RawToDer(raw: Uint8Array): Buffer {
  if (raw.length !== 64) throw new Error(`an SM2 signature r‖s is 64 bytes, got ${raw.length}`);
  const integer = (half: Uint8Array) => {
    let start = 0;
    while (start < half.length - 1 && half[start] === 0) start += 1;
    const body = Buffer.from(half.subarray(start));
    const value = (body[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), body]) : body;
    return Buffer.concat([Buffer.from([0x02, value.length]), value]);
  };
  const content = Buffer.concat([integer(raw.subarray(0, 32)), integer(raw.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, content.length]), content]);
}
