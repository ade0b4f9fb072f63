import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryLockedError, startEmbeddedDatabase } from '@jixiao/persistence';
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
