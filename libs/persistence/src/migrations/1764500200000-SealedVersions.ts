import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SealedVersions1764500200000 implements MigrationInterface {
  name = 'SealedVersions1764500200000';

  async up(db: QueryRunner): Promise<void> {
    // One row per sealed content version: the canonical snapshot, the rendered report and the SHA-256 of the .docx.
    await db.query(`
      CREATE TABLE sealed_versions (
        case_id uuid NOT NULL REFERENCES evaluation_cases (id),
        content_version integer NOT NULL CHECK (content_version > 0),
        snapshot jsonb NOT NULL,
        docx bytea NOT NULL,
        html text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        sealed_by uuid NOT NULL REFERENCES users (id),
        sealed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, content_version)
      )`);
    // A sealed version is what was signed and stamped: the database refuses to change or remove it, whoever asks.
    await db.query(`
      CREATE FUNCTION jixiao_sealed_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'sealed_versions is immutable: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER sealed_versions_immutable BEFORE UPDATE OR DELETE ON sealed_versions
        FOR EACH ROW EXECUTE FUNCTION jixiao_sealed_versions_immutable()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sealed_versions`);
    await db.query(`DROP FUNCTION jixiao_sealed_versions_immutable()`);
  }
}
