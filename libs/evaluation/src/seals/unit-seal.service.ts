import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { calendarDaysBetween, isCalendarDate } from '@jixiao/calendar';
import { OrganisationStore, Transactor, UnitSealStore, type Tx, type UnitSealKey, type UnitSealRecord } from '@jixiao/persistence';
import { AccessPolicy } from '../access-policy';
import { Clock, shanghaiDate } from '../clock';
import { conflict, DomainError, forbidden, notFound, unprocessable } from '../errors';
import type { Principal } from '../principal';
import { checkPng, type PngProblem } from './png-image';
import { SealKeyring, SealKeyUnavailableError } from './seal-keyring';
import { LocalKeySigner, verifySealSignature, type SealSigner } from './seal-signer';
import { generateSm2KeyPair, sm3Hex, type SealAlgorithm } from './sm2';

/** Certificates of this kind are issued for one to five years; ten leaves room and stops a typo (2205). */
const MAX_VALIDITY_DAYS = 10 * 366;

const IMAGE_PROBLEMS: Record<PngProblem, string> = {
  empty: '文件是空的',
  not_png: '文件不是 .png 图片',
  truncated: '文件不完整（可能上传中断）',
  corrupt: '文件已损坏',
  bad_header: '图片头信息不正确',
  too_large: '图片边长超过 2000 像素',
};

export interface SealValidity {
  /** Defaults to today (Asia/Shanghai). */
  validFrom?: string;
  validUntil: string;
}

/** What SEAL stores beside the PDF: enough to verify the signature without asking anyone. */
export interface DocumentSignature {
  /** SM3 of the PDF's bytes, hexadecimal. */
  sm3: string;
  /** DER-encoded SM2 signature over those 32 bytes (see SealSigner), hexadecimal. */
  signature: string;
  sealId: string;
  serial: string;
  publicKey: string;
  algorithm: SealAlgorithm;
}

const isSystemAdmin = (principal: Principal) => principal.organisationKind === 'system' && principal.roles.includes('system_admin');

/**
 * A unit's electronic seal: set up by the unit's admin (or the system administrator) with its image,
 * a fresh SM2 key pair and a certificate-like record; read by those who see the unit; used to sign
 * a sealed PDF. A local software key proves integrity and origin within Jixiao only; legal validity
 * needs a certificate from a licensed CA (see docs/architecture.md#electronic-seals).
 */
@Injectable()
export class UnitSealService {
  constructor(
    private readonly transactor: Transactor,
    private readonly seals: UnitSealStore,
    private readonly organisations: OrganisationStore,
    private readonly policy: AccessPolicy,
    private readonly keyring: SealKeyring,
    private readonly clock: Clock,
  ) {}

  /** Refuses before the upload is read: outside the caller's scope 404, in it without the right 403. */
  async authoriseSetUp(principal: Principal, unitId: string): Promise<void> {
    if (isSystemAdmin(principal)) {
      await this.unit(this.transactor.manager, unitId);
      return;
    }
    await this.visibleUnit(this.transactor.manager, principal, unitId);
    if (!this.policy.managesOrganisation(principal, unitId)) {
      throw forbidden('SEAL.ROLE_NOT_ALLOWED', "Only the unit's admin or the system administrator sets up the unit's seal.");
    }
  }

  /**
   * Sets up a new seal for the unit and supersedes the active one (kept, to verify what it signed).
   * Everything is checked before the one transaction; a refusal writes nothing.
   */
  async setUp(principal: Principal, unitId: string, png: Buffer, validity: SealValidity): Promise<UnitSealRecord> {
    await this.authoriseSetUp(principal, unitId);
    if (!this.keyring.ready) throw new DomainError('SEAL.KEY_NOT_CONFIGURED', 'SEAL_KEY_ENCRYPTION_KEY is not set: a private key cannot be stored.');
    const image = checkPng(png);
    if (!image.ok) throw unprocessable('SEAL.IMAGE_INVALID', `The seal image is not a usable PNG (${image.problem}).`, { problem: IMAGE_PROBLEMS[image.problem], reason: image.problem });
    const { validFrom, validUntil } = this.checkedValidity(validity, shanghaiDate(this.clock.now()));
    const serial = randomBytes(10).toString('hex').toUpperCase();
    const pair = generateSm2KeyPair();
    const encrypted = this.keyring.encrypt(pair.privateKey, serial);
    return this.transactor.run(async (tx) => {
      const unit = await this.seals.lockUnit(tx, unitId);
      if (!unit) throw notFound('organisation', unitId);
      // Read under the unit's lock, so that seals set up one after another are dated in that order.
      const now = this.clock.now();
      return this.seals.replaceActive(tx, {
        unitId,
        serial,
        holderName: unit.name,
        validFrom,
        validUntil,
        imagePng: png,
        imageSha256: createHash('sha256').update(png).digest('hex'),
        imageWidth: image.facts.width,
        imageHeight: image.facts.height,
        publicKey: pair.publicKey,
        privateKeyCiphertext: encrypted.ciphertext,
        keyId: encrypted.keyId,
        createdBy: principal.userId,
        createdAt: now,
      });
    });
  }

  /** The unit's active seal, for whoever sees the unit (its staff, its finance officers, the system administrator). */
  async active(principal: Principal, unitId: string): Promise<UnitSealRecord> {
    const tx = this.transactor.manager;
    await this.readableUnit(tx, principal, unitId);
    const record = await this.seals.active(tx, unitId);
    if (!record) throw new DomainError('SEAL.NOT_FOUND', `Unit ${unitId} has no active seal.`);
    return record;
  }

  async image(principal: Principal, unitId: string): Promise<{ png: Buffer; sha256: string }> {
    const tx = this.transactor.manager;
    await this.readableUnit(tx, principal, unitId);
    const image = await this.seals.activeImage(tx, unitId);
    if (!image) throw new DomainError('SEAL.NOT_FOUND', `Unit ${unitId} has no active seal.`);
    return image;
  }

  /**
   * The signer of the unit's seal in force at `at`: refused when the unit has no active seal
   * (SEAL.NOT_SET_UP) or when `at`'s date (Asia/Shanghai) is outside its validity (SEAL.EXPIRED,
   * SEAL.NOT_YET_VALID). Access is the caller's to check: the SEAL event has decided who may seal.
   */
  async signer(unitId: string, at: Date): Promise<SealSigner> {
    const found = await this.seals.activeWithKey(this.transactor.manager, unitId);
    if (!found) throw conflict('SEAL.NOT_SET_UP', `Unit ${unitId} has no active seal.`);
    return this.signerOf(found, at);
  }

  private signerOf({ record, key }: { record: UnitSealRecord; key: UnitSealKey }, at: Date): SealSigner {
    const day = shanghaiDate(at);
    if (day > record.validUntil) throw conflict('SEAL.EXPIRED', `Seal ${record.serial} expired on ${record.validUntil}.`, { validUntil: record.validUntil, serial: record.serial });
    if (day < record.validFrom) throw conflict('SEAL.NOT_YET_VALID', `Seal ${record.serial} is valid from ${record.validFrom}.`, { validFrom: record.validFrom, serial: record.serial });
    return new LocalKeySigner(
      {
        sealId: record.id,
        unitId: record.unitId,
        serial: record.serial,
        holderName: record.holderName,
        validFrom: record.validFrom,
        validUntil: record.validUntil,
        publicKey: record.publicKey,
        algorithm: record.algorithm,
        imageSha256: record.imageSha256,
      },
      { ciphertext: key.ciphertext, keyId: key.keyId },
      this.keyring,
    );
  }

  /**
   * The unit's seal a SEAL at `at` signs its PDF with, and the image the PDF bears; null when the
   * unit has none set up (the report is then sealed without an electronic seal, as before seals
   * existed). A seal outside its validity, or whose key cannot be opened, refuses the SEAL.
   */
  async forSealing(unitId: string, at: Date): Promise<{ signer: SealSigner; png: Buffer } | null> {
    // One read: the image the PDF bears and the key that signs it are one seal's.
    const found = await this.seals.activeForSealing(this.transactor.manager, unitId);
    return found ? { signer: this.signerOf(found, at), png: found.png } : null;
  }

  /** Signs a PDF with the unit's seal in force at `at` (see `signer`). */
  async signDocument(unitId: string, pdfBytes: Buffer, at: Date): Promise<DocumentSignature> {
    const signer = await this.signer(unitId, at);
    const sm3 = sm3Hex(pdfBytes);
    let signed;
    try {
      signed = await signer.sign(Buffer.from(sm3, 'hex'));
    } catch (error) {
      if (!(error instanceof SealKeyUnavailableError)) throw error;
      if (error.reason === 'no_key') throw new DomainError('SEAL.KEY_NOT_CONFIGURED', 'No seal key-encryption key is configured.');
      throw conflict('SEAL.KEY_UNAVAILABLE', `The private key of seal ${signer.certificate().serial} cannot be opened (${error.reason}).`);
    }
    const certificate = signer.certificate();
    return {
      sm3,
      signature: signed.signature.toString('hex'),
      sealId: certificate.sealId,
      serial: certificate.serial,
      publicKey: certificate.publicKey,
      algorithm: signed.algorithm,
    };
  }

  /**
   * Any seal by its id, superseded ones included, without an access check: verifying a document
   * names the seal that signed it to whoever holds the document.
   */
  sealById(sealId: string): Promise<UnitSealRecord | null> {
    return this.seals.byId(this.transactor.manager, sealId);
  }

  /** Whether `signatureHex` is a valid seal signature over the document with SM3 digest `sm3Hex`. */
  verifySignature(publicKeyHex: string, sm3Hex: string, signatureHex: string): boolean {
    return verifySealSignature(publicKeyHex, sm3Hex, signatureHex);
  }

  private checkedValidity(validity: SealValidity, today: string): { validFrom: string; validUntil: string } {
    const validFrom = validity.validFrom ?? today;
    const { validUntil } = validity;
    const refuse = (problem: string, note: string) => unprocessable('SEAL.VALIDITY_INVALID', note, { problem, fields: ['validFrom', 'validUntil'] });
    if (!isCalendarDate(validFrom) || !isCalendarDate(validUntil)) throw refuse('日期须写成 YYYY-MM-DD', 'A validity date is not a calendar date.');
    if (validFrom < today) throw refuse(`生效日期不能早于今天（${today}）`, 'validFrom is in the past.');
    if (validUntil < validFrom) throw refuse('到期日期不能早于生效日期', 'validUntil is before validFrom.');
    if (calendarDaysBetween(validFrom, validUntil) > MAX_VALIDITY_DAYS) throw refuse('有效期最长 10 年', 'The validity is longer than ten years.');
    return { validFrom, validUntil };
  }

  private async unit(tx: Tx, unitId: string) {
    const unit = await this.organisations.findById(tx, unitId);
    if (!unit || unit.kind !== 'unit') throw notFound('organisation', unitId);
    return unit;
  }

  private async visibleUnit(tx: Tx, principal: Principal, unitId: string) {
    const unit = await this.unit(tx, unitId);
    if (!(await this.policy.seesOrganisation(tx, principal, unitId))) throw notFound('organisation', unitId);
    return unit;
  }

  private readableUnit(tx: Tx, principal: Principal, unitId: string) {
    return isSystemAdmin(principal) ? this.unit(tx, unitId) : this.visibleUnit(tx, principal, unitId);
  }
}
