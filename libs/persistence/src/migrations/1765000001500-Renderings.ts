import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Renderings1765000001500 implements MigrationInterface {
  name = 'Renderings1765000001500';

  async up(db: QueryRunner): Promise<void> {
    // The rendered report (.docx and HTML) by the SHA-256 of what it is rendered from: the canonical
    // snapshot without the case and its content version, which the documents do not print. A SEAL
    // renders here before its transaction and copies the row into sealed_versions, so a row is a
    // cache entry and nothing refers to it. The snapshot carries the day's date, so a row is asked
    // for on the day it was rendered only: writing a rendering deletes those rendered two days
    // before or earlier by the database's clock (see RenderingStore).
    await db.query(`
      CREATE TABLE renderings (
        input_sha256 text PRIMARY KEY CHECK (input_sha256 ~ '^[0-9a-f]{64}$'),
        docx bytea NOT NULL,
        html text NOT NULL,
        docx_sha256 text NOT NULL CHECK (docx_sha256 ~ '^[0-9a-f]{64}$'),
        rendered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX renderings_rendered_at_idx ON renderings (rendered_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE renderings`);
  }
}
