import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SealedVersionStore, Transactor, type SealedForVerification } from '@jixiao/persistence';
import { AccessPolicy } from '../access-policy';
import { DomainError } from '../errors';
import type { Principal } from '../principal';
import { documentTitle } from '../rendering';
import { verifySealSignature } from './seal-signer';
import { sm3Hex } from './sm2';

/** What verifying a PDF, or opening a sealed version's public link, answers. */
export interface SealVerification {
  /** Whether the PDF is a version sealed in Jixiao (for a link: always, the link names one). */
  found: boolean;
  /** Whether the bytes checked are exactly the sealed PDF's; null when no file was checked (a link opened alone). */
  intact: boolean | null;
  /** The SHA-256 of the file checked, or of the sealed PDF when no file was given. */
  pdfSha256: string;
  sealed: SealedFacts | null;
}

export interface SealedFacts {
  unitName: string;
  fiscalYear: number;
  /** The notice's document number (文号). */
  documentNumber: string;
  /** 整体绩效自评报告, or 项目支出绩效自评表 for a unit filing project forms only. */
  title: string;
  contentVersion: number;
  sealedAt: string;
  /** A later sealed version of the same report replaced this one after a return: its number. */
  replacedBy: number | null;
  /** The case, for someone who may see it; null otherwise (and always through a public link). */
  caseId: string | null;
  /** The public verification link's path (/verify/<token>), for someone who may see the case and when the campaign allows public links. */
  publicPath: string | null;
  electronicSeal: ElectronicSealFacts | null;
}

export interface ElectronicSealFacts {
  serial: string;
  holderName: string;
  validFrom: string;
  validUntil: string;
  algorithm: string;
  /** active, superseded (a newer seal was set up; this one still verifies what it signed) or revoked. */
  status: string;
  /** The SM2 public key that verifies the signature, uncompressed, hexadecimal. */
  publicKey: string;
  /** The SM3 digest of the sealed PDF the signature is over. */
  pdfSm3: string;
  /** Whether the stored SM2 signature verifies over the SM3 of the bytes checked (of the sealed PDF when none were given). */
  signatureValid: boolean;
}

/** A public link's sealed version, found and open to public verification. */
export interface OpenedLink {
  sealed: SealedForVerification;
  pdfSha256: string;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A public link's token: 24 random bytes in base64url. Anything else is not looked up. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/**
 * Verifies sealed PDFs: which unit sealed a file, which report and version, when, whether its bytes
 * are intact and its electronic seal's signature valid, and whether a later version replaced it.
 * A file is found by its SHA-256, so a PDF altered after sealing is not found at all; through a
 * version's public link the file is compared with that version, which tells an altered copy.
 */
@Injectable()
export class SealVerificationService {
  constructor(
    private readonly transactor: Transactor,
    private readonly sealedVersions: SealedVersionStore,
    private readonly policy: AccessPolicy,
  ) {}

  /** A signed-in person's check of a PDF. */
  async verifyFile(principal: Principal, pdf: Buffer): Promise<SealVerification> {
    const digest = sha256(pdf);
    const sealed = await this.sealedVersions.forVerification(this.transactor.manager, { pdfSha256: digest });
    if (sealed === null) return { found: false, intact: false, pdfSha256: digest, sealed: null };
    return { found: true, intact: true, pdfSha256: digest, sealed: this.facts(sealed, sm3Hex(pdf), principal) };
  }

  /**
   * A sealed version's public link, opened by anyone: its facts, and when a file is given whether
   * it is that version's PDF. 404 when the token names nothing, or the campaign keeps its links closed.
   */
  async verifyLink(token: string, pdf: Buffer | null): Promise<SealVerification> {
    return this.checkOpened(await this.openLink(token), pdf);
  }

  /**
   * The sealed version a public link names, read once; 404 SEAL.VERIFICATION_NOT_FOUND when it names
   * none (or its campaign keeps sealed PDFs from public verification). A check opens the link
   * before it reads the uploaded file, so that a dead link never costs reading one.
   */
  async openLink(token: string): Promise<OpenedLink> {
    const sealed = TOKEN.test(token) ? await this.sealedVersions.forVerification(this.transactor.manager, { verifyToken: token }) : null;
    if (sealed === null || !sealed.publicVerification || sealed.pdfSha256 === null) {
      throw new DomainError('SEAL.VERIFICATION_NOT_FOUND', 'No sealed version answers this public verification link.');
    }
    return { sealed, pdfSha256: sealed.pdfSha256 };
  }

  /** What an opened link says of `pdf`, or of its own sealed PDF when `pdf` is null. */
  checkOpened(link: OpenedLink, pdf: Buffer | null): SealVerification {
    const { sealed } = link;
    if (pdf === null) return { found: true, intact: null, pdfSha256: link.pdfSha256, sealed: this.facts(sealed, sealed.pdfSm3, null) };
    const digest = sha256(pdf);
    return { found: true, intact: digest === link.pdfSha256, pdfSha256: digest, sealed: this.facts(sealed, sm3Hex(pdf), null) };
  }

  private facts(sealed: SealedForVerification, checkedSm3: string | null, principal: Principal | null): SealedFacts {
    const seesCase = principal !== null && this.policy.seesCase(principal, { unitId: sealed.unitId, officerBound: sealed.officerIds.includes(principal.userId) });
    const seal = sealed.seal;
    return {
      unitName: sealed.unitName,
      fiscalYear: sealed.fiscalYear,
      documentNumber: sealed.documentNumber,
      title: documentTitle({ departmentReport: sealed.departmentReport }),
      contentVersion: sealed.contentVersion,
      sealedAt: sealed.sealedAt.toISOString(),
      replacedBy: sealed.latestVersion > sealed.contentVersion ? sealed.latestVersion : null,
      caseId: seesCase ? sealed.caseId : null,
      publicPath: seesCase && sealed.publicVerification && sealed.verifyToken !== null ? `/verify/${sealed.verifyToken}` : null,
      electronicSeal:
        seal === null || sealed.signature === null || sealed.pdfSm3 === null
          ? null
          : {
              serial: seal.serial,
              holderName: seal.holderName,
              validFrom: seal.validFrom,
              validUntil: seal.validUntil,
              algorithm: seal.algorithm,
              status: seal.status,
              publicKey: seal.publicKey,
              pdfSm3: sealed.pdfSm3,
              signatureValid: checkedSm3 !== null && verifySealSignature(seal.publicKey, checkedSm3, sealed.signature),
            },
    };
  }
}
