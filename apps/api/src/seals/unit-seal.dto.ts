import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { SealValidity } from '@jixiao/evaluation';
import type { UnitSealRecord, UnitSealStatus } from '@jixiao/persistence';
import { DATE_TIME } from '../http/api-error.dto';
import { IsCalendarDate } from '../http/is-calendar-date';

/** The validity of a new seal, in the query string: the body is the PNG. */
export class SealSetUpQuery implements SealValidity {
  @ApiPropertyOptional({ format: 'date', description: 'First day the seal signs (Asia/Shanghai); today when left out, never earlier' })
  @IsOptional()
  @IsCalendarDate()
  validFrom?: string;

  @ApiProperty({ format: 'date', description: 'Last day the seal signs (Asia/Shanghai), at most ten years on' })
  @IsCalendarDate()
  validUntil: string;
}

export class SealCreatorDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  displayName: string;
}

// Implements the store's record, so a field added there fails `tsc` here. The record holds no key
// material: the encrypted private key is read only by the signer's own query.
export class UnitSealDto implements UnitSealRecord {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  unitId: string;

  @ApiProperty({ description: 'Serial number (20 hexadecimal digits), unique across all seals' })
  serial: string;

  @ApiProperty({ description: "The unit's name when the seal was set up" })
  holderName: string;

  @ApiProperty({ format: 'date' })
  validFrom: string;

  @ApiProperty({ format: 'date' })
  validUntil: string;

  @ApiProperty({ enum: ['active', 'revoked', 'superseded'] })
  status: UnitSealStatus;

  @ApiProperty({ enum: ['SM2-with-SM3'], description: 'SM2 signature (GB/T 32918, with Z and user ID 1234567812345678) over the SM3 digest of the document, DER-encoded' })
  algorithm: 'SM2-with-SM3';

  @ApiProperty({ description: 'SHA-256 of the seal image (PNG), hexadecimal' })
  imageSha256: string;

  @ApiProperty()
  imageWidth: number;

  @ApiProperty()
  imageHeight: number;

  @ApiProperty({ description: 'SM2 public key, uncompressed: 04 ‖ x ‖ y, 130 hexadecimal digits' })
  publicKey: string;

  @ApiProperty({ type: SealCreatorDto, nullable: true })
  createdBy: SealCreatorDto | null;

  @ApiProperty(DATE_TIME)
  createdAt: Date;

  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'When it was superseded or revoked; null while active' })
  endedAt: Date | null;
}

/** Exactly the record's public fields: nothing else that a record object might carry reaches the answer. */
export function unitSealDto(record: UnitSealRecord): UnitSealDto {
  return {
    id: record.id,
    unitId: record.unitId,
    serial: record.serial,
    holderName: record.holderName,
    validFrom: record.validFrom,
    validUntil: record.validUntil,
    status: record.status,
    algorithm: record.algorithm,
    imageSha256: record.imageSha256,
    imageWidth: record.imageWidth,
    imageHeight: record.imageHeight,
    publicKey: record.publicKey,
    createdBy: record.createdBy === null ? null : { id: record.createdBy.id, displayName: record.createdBy.displayName },
    createdAt: record.createdAt,
    endedAt: record.endedAt,
  };
}
