import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryLockedError, migrate, startEmbeddedDatabase } from '@jixiao/persistence';
import { Client } from 'pg';

describe('the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-embedded-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its data across restarts and refuses a second process on the same directory', async () => {
    const first = await startEmbeddedDatabase(dir);
    try {
      const client = new Client({ connectionString: first.url });
      await client.connect();
      await client.query('CREATE TABLE kept (value text)');
      await client.query(`INSERT INTO kept VALUES ('保存')`);
      await client.end();
      await expect(startEmbeddedDatabase(dir)).rejects.toBeInstanceOf(DataDirectoryLockedError);
    } finally {
      await first.stop();
    }

    const again = await startEmbeddedDatabase(dir);
    try {
      const client = new Client({ connectionString: again.url });
      await client.connect();
      const rows = await client.query('SELECT value FROM kept');
      await client.end();
      expect(rows.rows).toEqual([{ value: '保存' }]);
    } finally {
      await again.stop();
    }
  }, 60_000);
});

describe('the embedded database between connections', () => {
  // PGlite serves one connection. A pool that has just ended (the migrations' data source) holds its
  // place a moment longer, on Node 22 and 24 long enough for the next client to be turned away
  // ("Connection terminated unexpectedly"). idle() waits for the place to free, as the start does.
  it('serves the next client right after the migrations closed their connection, once idle() resolved', async () => {
    const db = await startEmbeddedDatabase(null);
    try {
      for (let round = 1; round <= 3; round += 1) {
        await migrate({ url: db.url, poolMax: 1 });
        await db.idle();
        const client = new Client({ connectionString: db.url });
        await client.connect();
        expect((await client.query('SELECT $1::int AS round', [round])).rows).toEqual([{ round }]);
        await client.end();
        await db.idle();
      }
    } finally {
      await db.stop();
    }
  }, 120_000);
});
