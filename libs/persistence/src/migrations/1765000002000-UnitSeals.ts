import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UnitSeals1765000002000 implements MigrationInterface {
  name = 'UnitSeals1765000002000';

  async up(db: QueryRunner): Promise<void> {
    // A unit's electronic seal: its image and an SM2 key pair with a certificate-like record. Rows
    // are never deleted: a superseded seal still verifies the documents it signed. The private key
    // is stored only encrypted (AES-256-GCM under SEAL_KEY_ENCRYPTION_KEY, named by key_id, bound to
    // the serial); the key that opens it is never in the database.
    await db.query(`
      CREATE TABLE unit_seals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES organisations (id),
        serial text NOT NULL UNIQUE CHECK (serial ~ '^[0-9A-F]{16,40}$'),
        holder_name text NOT NULL,
        valid_from date NOT NULL,
        valid_until date NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'revoked', 'superseded')),
        algorithm text NOT NULL CHECK (algorithm = 'SM2-with-SM3'),
        image_png bytea NOT NULL,
        image_sha256 text NOT NULL CHECK (image_sha256 ~ '^[0-9a-f]{64}$'),
        image_width integer NOT NULL CHECK (image_width > 0),
        image_height integer NOT NULL CHECK (image_height > 0),
        public_key text NOT NULL CHECK (public_key ~ '^04[0-9a-f]{128}$'),
        private_key_ciphertext bytea NOT NULL,
        key_id text NOT NULL,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL,
        ended_at timestamptz,
        CHECK (valid_until >= valid_from),
        CHECK ((status = 'active') = (ended_at IS NULL)),
        CHECK (ended_at IS NULL OR ended_at >= created_at)
      )`);
    // One active seal per unit, whatever the writers race: the index refuses a second.
    await db.query(`CREATE UNIQUE INDEX unit_seals_one_active_idx ON unit_seals (unit_id) WHERE status = 'active'`);
    await db.query(`CREATE INDEX unit_seals_unit_idx ON unit_seals (unit_id, created_at DESC)`);
    await db.query(`COMMENT ON COLUMN unit_seals.private_key_ciphertext IS 'The SM2 private key, AES-256-GCM under the key-encryption key named by key_id; never logged, exported or answered.'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE unit_seals`);
  }
}
