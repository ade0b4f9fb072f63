import { SEAL_ALGORITHM, type SealAlgorithm, sm2SignDer, sm2VerifyDer } from './sm2';
import type { EncryptedPrivateKey, SealKeyring } from './seal-keyring';

/** What a seal's certificate would say, kept as a record of our own until a CA issues real ones. */
export interface SealCertificateRecord {
  sealId: string;
  unitId: string;
  serial: string;
  /** The unit's name when the seal was set up. */
  holderName: string;
  /** Calendar dates (Asia/Shanghai), both days included. */
  validFrom: string;
  validUntil: string;
  /** Uncompressed SM2 point, `04` ‖ x ‖ y, hexadecimal. */
  publicKey: string;
  algorithm: SealAlgorithm;
  /** SHA-256 of the seal image (PNG), hexadecimal. */
  imageSha256: string;
}

export interface SealSignature {
  /** DER-encoded SM2Signature (GM/T 0009: SEQUENCE { r INTEGER, s INTEGER }), 70 to 72 bytes. */
  signature: Buffer;
  algorithm: SealAlgorithm;
}

/**
 * Whatever holds a seal's private key and signs with it. The message signed is the 32-byte SM3
 * digest of the document (as GB/T 38540 signs a structure holding the data's digest), with the Z
 * value of GB/T 32918.2 over the default user ID 1234567812345678, so anyone holding the public key
 * and the document's SM3 verifies without the document's bytes.
 *
 * Today one implementation: `LocalKeySigner`, a software key encrypted at rest in `unit_seals`.
 * Two others fit behind the same interface without the callers changing:
 *
 * - A CA's USB key (UKey) through the SKF interface (GM/T 0016): `certificate()` reads the signing
 *   certificate from the container (SKF_ExportCertificate) and maps it to the record; `sign()`
 *   calls SKF_ECCSignData on Z-prefixed data (SKF signs a digest the caller computed as SM3(Z ‖ M),
 *   so the signer computes e itself) and converts the returned ECCSIGNATUREBLOB (r and s, each
 *   left-padded to 64 bytes) to DER with `sm2RawToDer` after dropping the padding. The UKey stays
 *   on the person's machine, so this signer lives in a local signing agent the console calls, and
 *   the server only receives and checks the signature.
 * - A signing server (协同签名, GM/T 0031-style two-party SM2): `sign()` sends the digest and the
 *   key's handle to the server over mutually authenticated TLS and gets r and s back; neither side
 *   ever holds the whole private key, and `certificate()` comes from the server's certificate store.
 *
 * Either way the stored result (DER signature, SM3 digest, certificate record) and its
 * verification (`verifySealSignature`) stay as they are.
 */
export interface SealSigner {
  /** `sm3Digest`: the document's SM3 digest, 32 bytes. */
  sign(sm3Digest: Buffer): Promise<SealSignature>;
  certificate(): SealCertificateRecord;
}

/**
 * The software key of a seal set up in Jixiao: the private key is opened from its encryption only
 * for the signature and dropped after it.
 */
export class LocalKeySigner implements SealSigner {
  constructor(
    private readonly record: SealCertificateRecord,
    private readonly encrypted: EncryptedPrivateKey,
    private readonly keyring: SealKeyring,
  ) {}

  certificate(): SealCertificateRecord {
    return this.record;
  }

  async sign(sm3Digest: Buffer): Promise<SealSignature> {
    if (sm3Digest.length !== 32) throw new Error(`an SM3 digest is 32 bytes, got ${sm3Digest.length}`);
    const privateKey = this.keyring.decrypt(this.encrypted, this.record.serial);
    const signature = sm2SignDer(privateKey, this.record.publicKey, sm3Digest);
    // A key that does not belong to the record's public key would sign something nobody can verify.
    if (!sm2VerifyDer(this.record.publicKey, sm3Digest, signature)) throw new Error(`The private key of seal ${this.record.serial} does not match its public key.`);
    return { signature, algorithm: SEAL_ALGORITHM };
  }
}

/** Whether `signatureHex` (DER) is the seal's signature over the document whose SM3 digest is `sm3Hex`. */
export function verifySealSignature(publicKeyHex: string, sm3Hex: string, signatureHex: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(sm3Hex) || !/^(?:[0-9a-f]{2})+$/i.test(signatureHex)) return false;
  return sm2VerifyDer(publicKeyHex.toLowerCase(), Buffer.from(sm3Hex, 'hex'), Buffer.from(signatureHex, 'hex'));
}
