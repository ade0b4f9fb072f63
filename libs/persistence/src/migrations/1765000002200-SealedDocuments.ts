import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The row compared when a missing PDF is filled: everything but the PDF columns (as in SealedSignatures1765000002100). */
const WITHOUT_PDF = `- 'pdf' - 'pdf_sha256'`;

/** sealed_versions' trigger: refuses every change but filling a missing, unsigned PDF of a row that `oldMayFill` admits. */
const versionsImmutable = (oldMayFill: string) => `
      CREATE OR REPLACE FUNCTION jixiao_sealed_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND ${oldMayFill} AND NEW.pdf IS NOT NULL AND NEW.signature IS NULL
           AND to_jsonb(NEW) ${WITHOUT_PDF} = to_jsonb(OLD) ${WITHOUT_PDF} THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'sealed_versions is immutable: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
      END
      $$`;

/**
 * A sealed version's documents (.docx, HTML, PDF) stored once per content, keyed by their digests.
 * Every SEAL copied its rendering's documents (about 90 kB) into its own row, so a report returned
 * and sealed again unchanged stored them again, and each SEAL wrote them to the write-ahead log: a
 * SEAL cost the database about five times a plain event. A sealed version now names its documents
 * by its `sha256` (the .docx) and `pdf_sha256`; the row that holds them is written by the first SEAL
 * of those bytes and never changed or dropped.
 */
export class SealedDocuments1765000002200 implements MigrationInterface {
  name = 'SealedDocuments1765000002200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sealed_documents (
        docx_sha256 text NOT NULL CHECK (docx_sha256 ~ '^[0-9a-f]{64}$'),
        pdf_sha256 text NOT NULL,
        docx bytea NOT NULL,
        html text NOT NULL,
        pdf bytea NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (docx_sha256, pdf_sha256),
        CHECK (pdf_sha256 = encode(sha256(pdf), 'hex')),
        CHECK (docx_sha256 = encode(sha256(docx), 'hex'))
      )`);
    // A .docx and a PDF are compressed already: PostgreSQL's own compression would only spend CPU trying.
    await db.query(`ALTER TABLE sealed_documents ALTER COLUMN docx SET STORAGE EXTERNAL, ALTER COLUMN pdf SET STORAGE EXTERNAL`);
    await db.query(`
      CREATE FUNCTION jixiao_sealed_documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'sealed_documents is immutable: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER sealed_documents_immutable BEFORE UPDATE OR DELETE ON sealed_documents
        FOR EACH ROW EXECUTE FUNCTION jixiao_sealed_documents_immutable()`);
    // Versions sealed so far keep their own copies, and their documents are also stored here, so that
    // every version with a PDF names a stored row.
    await db.query(`
      INSERT INTO sealed_documents (docx_sha256, pdf_sha256, docx, html, pdf)
      SELECT DISTINCT ON (sha256, pdf_sha256) sha256, pdf_sha256, docx, html, pdf
        FROM sealed_versions WHERE pdf IS NOT NULL
       ORDER BY sha256, pdf_sha256, sealed_at
      ON CONFLICT DO NOTHING`);
    // A version holds its documents itself (sealed before this table; its PDF may still be missing)
    // or names them, and then holds none.
    await db.query(`
      ALTER TABLE sealed_versions
        ALTER COLUMN docx DROP NOT NULL,
        ALTER COLUMN html DROP NOT NULL,
        ADD CONSTRAINT sealed_versions_documents_held_or_named CHECK (
          (docx IS NOT NULL AND html IS NOT NULL)
          OR (docx IS NULL AND html IS NULL AND pdf IS NULL AND pdf_sha256 IS NOT NULL)),
        ADD CONSTRAINT sealed_versions_documents_fkey FOREIGN KEY (sha256, pdf_sha256) REFERENCES sealed_documents (docx_sha256, pdf_sha256),
        DROP CONSTRAINT sealed_versions_signed_whole,
        ADD CONSTRAINT sealed_versions_signed_whole CHECK (
          (seal_id IS NULL AND pdf_sm3 IS NULL AND signature IS NULL AND verify_token IS NULL)
          OR (seal_id IS NOT NULL AND pdf_sm3 IS NOT NULL AND signature IS NOT NULL AND verify_token IS NOT NULL AND pdf_sha256 IS NOT NULL))`);
    // Filling a missing PDF stays the one change allowed, and only to a version that holds its documents.
    await db.query(versionsImmutable('OLD.pdf IS NULL AND OLD.pdf_sha256 IS NULL AND OLD.docx IS NOT NULL'));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sealed_versions DISABLE TRIGGER sealed_versions_immutable`);
    await db.query(`
      UPDATE sealed_versions sv SET docx = d.docx, html = d.html, pdf = d.pdf
        FROM sealed_documents d
       WHERE sv.docx IS NULL AND d.docx_sha256 = sv.sha256 AND d.pdf_sha256 = sv.pdf_sha256`);
    await db.query(`ALTER TABLE sealed_versions ENABLE TRIGGER sealed_versions_immutable`);
    await db.query(`
      ALTER TABLE sealed_versions
        DROP CONSTRAINT sealed_versions_documents_fkey,
        DROP CONSTRAINT sealed_versions_documents_held_or_named,
        DROP CONSTRAINT sealed_versions_signed_whole,
        ADD CONSTRAINT sealed_versions_signed_whole CHECK (
          (seal_id IS NULL AND pdf_sm3 IS NULL AND signature IS NULL AND verify_token IS NULL)
          OR (seal_id IS NOT NULL AND pdf_sm3 IS NOT NULL AND signature IS NOT NULL AND verify_token IS NOT NULL AND pdf IS NOT NULL)),
        ALTER COLUMN docx SET NOT NULL,
        ALTER COLUMN html SET NOT NULL`);
    await db.query(versionsImmutable('OLD.pdf IS NULL'));
    await db.query(`DROP TABLE sealed_documents`);
    await db.query(`DROP FUNCTION jixiao_sealed_documents_immutable()`);
  }
}
