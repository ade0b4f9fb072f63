import { ApiProperty } from '@nestjs/swagger';
import type { ElectronicSealFacts, SealedFacts, SealVerification } from '@jixiao/evaluation';
import { DATE_TIME } from '../http/api-error.dto';

// Each implements the use case's view, so a field added there fails `tsc` here.
export class ElectronicSealFactsDto implements ElectronicSealFacts {
  @ApiProperty({ description: "The seal's serial number" })
  serial: string;

  @ApiProperty({ description: "The unit's name when the seal was set up" })
  holderName: string;

  @ApiProperty({ format: 'date' })
  validFrom: string;

  @ApiProperty({ format: 'date' })
  validUntil: string;

  @ApiProperty({ enum: ['SM2-with-SM3'] })
  algorithm: string;

  @ApiProperty({ enum: ['active', 'superseded', 'revoked'], description: 'superseded: a newer seal was set up; this one still verifies what it signed' })
  status: string;

  @ApiProperty({ description: 'SM2 public key, uncompressed (04‖x‖y), hexadecimal' })
  publicKey: string;

  @ApiProperty({ description: 'SM3 digest of the sealed PDF, hexadecimal: what the signature is over' })
  pdfSm3: string;

  @ApiProperty({ description: "Whether the SM2 signature verifies over the SM3 of the bytes checked (of the sealed PDF when none were sent)" })
  signatureValid: boolean;
}

export class SealedFactsDto implements SealedFacts {
  @ApiProperty()
  unitName: string;

  @ApiProperty({ example: 2023 })
  fiscalYear: number;

  @ApiProperty({ description: "The notice's document number (文号)" })
  documentNumber: string;

  @ApiProperty({ enum: ['整体绩效自评报告', '项目支出绩效自评表'] })
  title: string;

  @ApiProperty({ description: 'The content version sealed' })
  contentVersion: number;

  @ApiProperty(DATE_TIME)
  sealedAt: string;

  @ApiProperty({ type: Number, nullable: true, description: 'The later sealed version that replaced this one after a return' })
  replacedBy: number | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The case, for someone who may see it' })
  caseId: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The public verification link's console path (/verify/<token>), for someone who may see the case, when the campaign allows public links" })
  publicPath: string | null;

  @ApiProperty({ type: ElectronicSealFactsDto, nullable: true, description: "The unit's electronic seal; null when the unit had none set up when it sealed" })
  electronicSeal: ElectronicSealFactsDto | null;
}

export class SealVerificationDto implements SealVerification {
  @ApiProperty({ description: 'Whether the PDF is a version sealed in Jixiao; a PDF changed after sealing is not found' })
  found: boolean;

  @ApiProperty({ type: Boolean, nullable: true, description: 'Whether the bytes sent are exactly the sealed PDF; null when no file was sent' })
  intact: boolean | null;

  @ApiProperty({ description: 'SHA-256 of the file sent, or of the sealed PDF when none was sent' })
  pdfSha256: string;

  @ApiProperty({ type: SealedFactsDto, nullable: true })
  sealed: SealedFactsDto | null;
}
