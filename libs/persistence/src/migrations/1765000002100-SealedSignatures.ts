import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The row compared when a missing PDF is filled: everything but the PDF columns (as in SealedPdf1765000001900). */
const WITHOUT_PDF = `- 'pdf' - 'pdf_sha256'`;

export class SealedSignatures1765000002100 implements MigrationInterface {
  name = 'SealedSignatures1765000002100';

  async up(db: QueryRunner): Promise<void> {
    // Renderings are a cache of at most two days: emptied rather than filled in, so that every
    // stored rendering has the SM3 digest a unit's electronic seal signs.
    await db.query(`DELETE FROM renderings`);
    await db.query(`ALTER TABLE renderings ADD COLUMN pdf_sm3 text NOT NULL CHECK (pdf_sm3 ~ '^[0-9a-f]{64}$')`);
    // A sealed PDF signed with the unit's electronic seal: the seal, the PDF's SM3 it signed (the
    // rendering's, copied with the PDF), the DER-encoded SM2 signature, and the random token of the
    // version's public verification link. All four or none: a unit without a seal seals as before.
    await db.query(`
      ALTER TABLE sealed_versions
        ADD COLUMN seal_id uuid REFERENCES unit_seals (id),
        ADD COLUMN pdf_sm3 text CHECK (pdf_sm3 ~ '^[0-9a-f]{64}$'),
        ADD COLUMN signature text CHECK (signature ~ '^30([0-9a-f]{2}){8,80}$'),
        ADD COLUMN verify_token text UNIQUE CHECK (length(verify_token) >= 32),
        ADD CONSTRAINT sealed_versions_signed_whole CHECK (
          (seal_id IS NULL AND pdf_sm3 IS NULL AND signature IS NULL AND verify_token IS NULL)
          OR (seal_id IS NOT NULL AND pdf_sm3 IS NOT NULL AND signature IS NOT NULL AND verify_token IS NOT NULL AND pdf IS NOT NULL))`);
    // A campaign may keep its sealed versions' public verification links closed (they answer only signed in).
    await db.query(`ALTER TABLE campaigns ADD COLUMN public_seal_verification boolean NOT NULL DEFAULT true`);
    // Verification looks a PDF up by its digest.
    await db.query(`CREATE INDEX sealed_versions_pdf_sha256_idx ON sealed_versions (pdf_sha256) WHERE pdf_sha256 IS NOT NULL`);
    // The trigger still allows only filling an empty PDF, and a version that has one was never signed then.
    await db.query(`
      CREATE OR REPLACE FUNCTION jixiao_sealed_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.pdf IS NULL AND NEW.pdf IS NOT NULL AND NEW.signature IS NULL
           AND to_jsonb(NEW) ${WITHOUT_PDF} = to_jsonb(OLD) ${WITHOUT_PDF} THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'sealed_versions is immutable: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX sealed_versions_pdf_sha256_idx`);
    await db.query(`ALTER TABLE campaigns DROP COLUMN public_seal_verification`);
    await db.query(`ALTER TABLE sealed_versions DROP CONSTRAINT sealed_versions_signed_whole, DROP COLUMN verify_token, DROP COLUMN signature, DROP COLUMN pdf_sm3, DROP COLUMN seal_id`);
    await db.query(`ALTER TABLE renderings DROP COLUMN pdf_sm3`);
  }
}
