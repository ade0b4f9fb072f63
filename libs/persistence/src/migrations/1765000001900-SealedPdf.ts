import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The row compared, less the PDF columns: everything a sealed version already was. */
const WITHOUT_PDF = `- 'pdf' - 'pdf_sha256'`;

export class SealedPdf1765000001900 implements MigrationInterface {
  name = 'SealedPdf1765000001900';

  async up(db: QueryRunner): Promise<void> {
    // The report as a PDF beside the .docx and HTML, rendered from the same snapshot. NULL in rows
    // written before PDFs were rendered; the database itself holds each digest to its bytes.
    for (const table of ['renderings', 'sealed_versions']) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN pdf bytea, ADD COLUMN pdf_sha256 text`);
      await db.query(`
        ALTER TABLE ${table} ADD CONSTRAINT ${table}_pdf_sha256_check
          CHECK ((pdf IS NULL AND pdf_sha256 IS NULL) OR pdf_sha256 = encode(sha256(pdf), 'hex'))`);
    }
    // A version sealed before PDFs existed gets its PDF once, rendered from its stored snapshot on
    // its first download: the one change allowed, filling the empty PDF and touching nothing else.
    await db.query(`
      CREATE OR REPLACE FUNCTION jixiao_sealed_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.pdf IS NULL AND NEW.pdf IS NOT NULL
           AND to_jsonb(NEW) ${WITHOUT_PDF} = to_jsonb(OLD) ${WITHOUT_PDF} THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'sealed_versions is immutable: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION jixiao_sealed_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'sealed_versions is immutable: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
      END
      $$`);
    for (const table of ['renderings', 'sealed_versions']) {
      await db.query(`ALTER TABLE ${table} DROP COLUMN pdf_sha256, DROP COLUMN pdf`);
    }
  }
}
