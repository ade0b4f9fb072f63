import { Injectable } from '@nestjs/common';
import type { Tx } from '../data-source';
import { queryRows } from './rows';

export type UnitSealStatus = 'active' | 'revoked' | 'superseded';

/** A seal as anyone who may see it reads it: no private key material. */
export interface UnitSealRecord {
  id: string;
  unitId: string;
  serial: string;
  holderName: string;
  /** Calendar dates, 'YYYY-MM-DD'. */
  validFrom: string;
  validUntil: string;
  status: UnitSealStatus;
  algorithm: 'SM2-with-SM3';
  imageSha256: string;
  imageWidth: number;
  imageHeight: number;
  publicKey: string;
  createdBy: { id: string; displayName: string } | null;
  createdAt: Date;
  endedAt: Date | null;
}

/** The encrypted private key of a seal, for its signer alone. */
export interface UnitSealKey {
  ciphertext: Buffer;
  keyId: string;
}

export interface NewUnitSeal {
  unitId: string;
  serial: string;
  holderName: string;
  validFrom: string;
  validUntil: string;
  imagePng: Buffer;
  imageSha256: string;
  imageWidth: number;
  imageHeight: number;
  publicKey: string;
  privateKeyCiphertext: Buffer;
  keyId: string;
  createdBy: string | null;
  createdAt: Date;
}

interface RecordRow {
  id: string;
  unit_id: string;
  serial: string;
  holder_name: string;
  valid_from: string;
  valid_until: string;
  status: UnitSealStatus;
  algorithm: 'SM2-with-SM3';
  image_sha256: string;
  image_width: number;
  image_height: number;
  public_key: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  ended_at: Date | null;
}

/** Every column a record answers; the image and the private key are read only by the queries that need them. */
const RECORD_COLUMNS = `s.id, s.unit_id, s.serial, s.holder_name, to_char(s.valid_from, 'YYYY-MM-DD') AS valid_from,
  to_char(s.valid_until, 'YYYY-MM-DD') AS valid_until, s.status, s.algorithm, s.image_sha256, s.image_width, s.image_height,
  s.public_key, s.created_by, u.display_name AS created_by_name, s.created_at, s.ended_at`;

const toRecord = (row: RecordRow): UnitSealRecord => ({
  id: row.id,
  unitId: row.unit_id,
  serial: row.serial,
  holderName: row.holder_name,
  validFrom: row.valid_from,
  validUntil: row.valid_until,
  status: row.status,
  algorithm: row.algorithm,
  imageSha256: row.image_sha256,
  imageWidth: row.image_width,
  imageHeight: row.image_height,
  publicKey: row.public_key,
  createdBy: row.created_by === null ? null : { id: row.created_by, displayName: row.created_by_name ?? '' },
  createdAt: new Date(row.created_at),
  endedAt: row.ended_at === null ? null : new Date(row.ended_at),
});

/**
 * Units' electronic seals (`unit_seals`). At most one is active per unit (a partial unique index);
 * setting up a new one supersedes the old, which stays to verify what it signed.
 */
@Injectable()
export class UnitSealStore {
  /**
   * Locks the unit's row for the rest of the transaction, so two set-ups of one unit's seal run one
   * after the other (the second supersedes the first) instead of one failing on the unique index.
   * Answers the unit's name, or null when no such unit exists.
   */
  async lockUnit(tx: Tx, unitId: string): Promise<{ name: string } | null> {
    const rows = await queryRows<{ name: string }>(tx, `SELECT name FROM organisations WHERE id = $1 AND kind = 'unit' FOR UPDATE`, [unitId]);
    return rows[0] ?? null;
  }

  /** Supersedes the unit's active seal, if any, and stores the new one as active. Call with the unit locked. */
  async replaceActive(tx: Tx, seal: NewUnitSeal): Promise<UnitSealRecord> {
    await queryRows(tx, `UPDATE unit_seals SET status = 'superseded', ended_at = $2 WHERE unit_id = $1 AND status = 'active'`, [seal.unitId, seal.createdAt]);
    // A named statement goes to the driver directly: a failure carries no copy of its parameters
    // (the encrypted key) for an error log to print.
    const rows = await queryRows<{ id: string }>(
      tx,
      `INSERT INTO unit_seals (unit_id, serial, holder_name, valid_from, valid_until, status, algorithm, image_png, image_sha256,
         image_width, image_height, public_key, private_key_ciphertext, key_id, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, 'active', 'SM2-with-SM3', $6, $7, $8, $9, $10, $11, $12, $13, $14)
       RETURNING id`,
      [
        seal.unitId,
        seal.serial,
        seal.holderName,
        seal.validFrom,
        seal.validUntil,
        seal.imagePng,
        seal.imageSha256,
        seal.imageWidth,
        seal.imageHeight,
        seal.publicKey,
        seal.privateKeyCiphertext,
        seal.keyId,
        seal.createdBy,
        seal.createdAt,
      ],
      'unit_seals.insert',
    );
    return (await this.byId(tx, rows[0]!.id))!;
  }

  async active(tx: Tx, unitId: string): Promise<UnitSealRecord | null> {
    const rows = await queryRows<RecordRow>(
      tx,
      `SELECT ${RECORD_COLUMNS} FROM unit_seals s LEFT JOIN users u ON u.id = s.created_by WHERE s.unit_id = $1 AND s.status = 'active'`,
      [unitId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Any seal, active or not: a document signed with a superseded seal still names it. */
  async byId(tx: Tx, sealId: string): Promise<UnitSealRecord | null> {
    const rows = await queryRows<RecordRow>(tx, `SELECT ${RECORD_COLUMNS} FROM unit_seals s LEFT JOIN users u ON u.id = s.created_by WHERE s.id = $1`, [sealId]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Every seal the unit has had, newest first. */
  async history(tx: Tx, unitId: string): Promise<UnitSealRecord[]> {
    const rows = await queryRows<RecordRow>(
      tx,
      `SELECT ${RECORD_COLUMNS} FROM unit_seals s LEFT JOIN users u ON u.id = s.created_by WHERE s.unit_id = $1 ORDER BY s.created_at DESC, s.serial`,
      [unitId],
    );
    return rows.map(toRecord);
  }

  async activeImage(tx: Tx, unitId: string): Promise<{ png: Buffer; sha256: string } | null> {
    const rows = await queryRows<{ image_png: Buffer; image_sha256: string }>(
      tx,
      `SELECT image_png, image_sha256 FROM unit_seals WHERE unit_id = $1 AND status = 'active'`,
      [unitId],
    );
    return rows[0] ? { png: rows[0].image_png, sha256: rows[0].image_sha256 } : null;
  }

  /** The active seal with its encrypted private key, for signing. */
  async activeWithKey(tx: Tx, unitId: string): Promise<{ record: UnitSealRecord; key: UnitSealKey } | null> {
    const rows = await queryRows<RecordRow & { private_key_ciphertext: Buffer; key_id: string }>(
      tx,
      `SELECT ${RECORD_COLUMNS}, s.private_key_ciphertext, s.key_id FROM unit_seals s LEFT JOIN users u ON u.id = s.created_by
       WHERE s.unit_id = $1 AND s.status = 'active'`,
      [unitId],
    );
    const row = rows[0];
    return row ? { record: toRecord(row), key: { ciphertext: row.private_key_ciphertext, keyId: row.key_id } } : null;
  }

  /** The active seal with its key and its image, in one read: the key and the image of one seal. */
  async activeForSealing(tx: Tx, unitId: string): Promise<{ record: UnitSealRecord; key: UnitSealKey; png: Buffer } | null> {
    const rows = await queryRows<RecordRow & { private_key_ciphertext: Buffer; key_id: string; image_png: Buffer }>(
      tx,
      `SELECT ${RECORD_COLUMNS}, s.private_key_ciphertext, s.key_id, s.image_png FROM unit_seals s LEFT JOIN users u ON u.id = s.created_by
       WHERE s.unit_id = $1 AND s.status = 'active'`,
      [unitId],
      // Prepared once per connection: read at every SEAL, where planning it cost 30 times its run.
      'unit-seals.active-for-sealing',
    );
    const row = rows[0];
    return row ? { record: toRecord(row), key: { ciphertext: row.private_key_ciphertext, keyId: row.key_id }, png: row.image_png } : null;
  }
}
