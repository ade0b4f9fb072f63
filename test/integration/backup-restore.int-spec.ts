import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { Client } from 'pg';
import { loadConfig } from '@jixiao/config';
import {
  backupDatabase,
  BackupError,
  backupKindOf,
  createDataSource,
  HistoryJournal,
  HistoryKeyring,
  migrate,
  restoreDatabase,
  startEmbeddedDatabase,
  type BackupProblem,
} from '@jixiao/persistence';
import { createApp } from '../../apps/api/src/create-app';
import { ApiClient, driveCase, issueCampaign } from '../support/api-client';
import { TestClock } from '../support/clock';
import { freshDatabase, type FreshDatabase } from '../support/fresh-database';
import { TEST_HISTORY_KEY } from '../support/history-key';
import { itOnRealServer, testDatabase } from '../support/test-app';
import { newWorld } from '../support/world';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function refusal(promise: Promise<unknown>): Promise<{ problem: BackupProblem; message: string }> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof BackupError)) throw new Error(`expected a BackupError, got ${String(error)}`);
  return { problem: error.problem, message: error.message };
}

/** Every case's chain on a database, checked with the key, and every sealed document against its digest. */
async function verifyCopy(url: string) {
  const db = createDataSource({ url, poolMax: 1 });
  await db.initialize();
  try {
    const chains = await new HistoryJournal(new HistoryKeyring(Buffer.from(TEST_HISTORY_KEY, 'hex'))).check(db.manager, null);
    const sealed: Array<{ case_id: string; sha256: string; docx: Buffer }> = await db.query(
      `SELECT sv.case_id, sv.sha256, coalesce(sv.docx, d.docx) AS docx
         FROM sealed_versions sv LEFT JOIN sealed_documents d ON d.docx_sha256 = sv.sha256 AND d.pdf_sha256 = sv.pdf_sha256`,
    );
    const cases: Array<{ id: string; state: string }> = await db.query(`SELECT id, state FROM evaluation_cases`);
    return { chains, sealed, cases };
  } finally {
    await db.destroy();
  }
}

describe('backups that restore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-backup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('on a PostgreSQL server', () => {
    const realServer = testDatabase().realServer;
    let source: FreshDatabase | null = null;
    let app: INestApplication | null = null;
    let admin: Client | null = null;
    const created: string[] = [];
    let publishedCaseId = '';

    async function emptyDatabase(): Promise<string> {
      const name = `jixiao_ops_restore_${randomUUID().slice(0, 8)}`;
      await admin!.query(`CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(testDatabase().url);
      url.pathname = `/${name}`;
      return url.toString();
    }

    beforeAll(async () => {
      if (!realServer) return;
      admin = new Client({ connectionString: testDatabase().url });
      await admin.connect();
      // A database of its own: the shared test database holds chains other suites break on purpose.
      source = await freshDatabase('ops_backup');
      const config = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', HISTORY_KEY: TEST_HISTORY_KEY });
      app = await createApp(config, { url: source.url, poolMax: 4 }, { clock: new TestClock() });
      await app.listen(0, '127.0.0.1');
      const api = new ApiClient(app.getHttpServer() as Server);
      const world = await newWorld(app);
      const unit = world.units[0]!;
      const { caseIds } = await issueCampaign(api, world.bureau.officer, [unit.id]);
      publishedCaseId = caseIds.get(unit.id)!;
      await driveCase(api, unit, world.bureau.officer, publishedCaseId, 'submitted.accepted');
      const detail = await api.get(unit.publisher, `/api/cases/${publishedCaseId}`);
      const published = await api.post(unit.publisher, `/api/cases/${publishedCaseId}/events`, { type: 'PUBLISH', publishedSha256: detail.body.sealedDigest });
      expect(published.body.case?.state).toBe('published');
    }, 180_000);

    afterAll(async () => {
      await app?.close();
      await source?.drop();
      if (!admin) return;
      for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    });

    itOnRealServer(
      'backs up a database with a sealed and published case, restores it into an empty one, and every chain and sealed digest verifies on the copy',
      async () => {
        const file = join(dir, 'server.backup');
        const done = await backupDatabase({ kind: 'server', url: source!.url }, file);
        expect(done).toMatchObject({ kind: 'server', file });
        expect(backupKindOf(file)).toBe('server');

        const copy = await emptyDatabase();
        const restored = await restoreDatabase({ kind: 'server', url: copy }, file);
        expect(restored).toMatchObject({ kind: 'server', grantsSkipped: false });
        expect(restored.migrations).toBeGreaterThan(0);

        const original = await verifyCopy(source!.url);
        const onCopy = await verifyCopy(copy);
        expect(onCopy.cases).toEqual(expect.arrayContaining([{ id: publishedCaseId, state: 'published' }]));
        expect(onCopy.chains).toEqual(original.chains);
        expect(onCopy.chains.length).toBeGreaterThan(0);
        for (const chain of onCopy.chains) expect(chain).toMatchObject({ firstBroken: null, authenticated: true });
        expect(onCopy.chains.find((chain) => chain.caseId === publishedCaseId)!.records).toBeGreaterThan(5);
        expect(onCopy.sealed.map((s) => s.case_id)).toContain(publishedCaseId);
        for (const sealed of onCopy.sealed) expect(sha256(sealed.docx)).toBe(sealed.sha256);
        expect(onCopy.sealed.map((s) => s.sha256).sort()).toEqual(original.sealed.map((s) => s.sha256).sort());

        // The copy keeps history append-only: the trigger came back with it.
        const client = new Client({ connectionString: copy });
        await client.connect();
        await expect(client.query('DELETE FROM case_history WHERE case_id = $1', [publishedCaseId])).rejects.toThrow();
        await client.end();

        // Restoring again over the copy is refused, unless forced.
        const again = await refusal(restoreDatabase({ kind: 'server', url: copy }, file));
        expect(again.problem).toBe('TARGET_NOT_EMPTY');
        expect(again.message).toMatch(/--force/);
        const forced = await restoreDatabase({ kind: 'server', url: copy }, file, { force: true });
        expect(forced.migrations).toBe(restored.migrations);
        expect((await verifyCopy(copy)).chains).toEqual(original.chains);
      },
      180_000,
    );

    itOnRealServer('refuses, saying what to do: a missing target, a database that is not Jixiao, a missing pg_dump, a file that is not a backup, an existing file', async () => {
      const file = join(dir, 'refusals.backup');
      const missing = new URL(testDatabase().url);
      missing.pathname = '/jixiao_ops_no_such_database';
      const good = join(dir, 'refusals-source.backup');
      await backupDatabase({ kind: 'server', url: source!.url }, good);
      const noDatabase = await refusal(restoreDatabase({ kind: 'server', url: missing.toString() }, good));
      expect(noDatabase.problem).toBe('TARGET_MISSING');
      const unreachable = await refusal(restoreDatabase({ kind: 'server', url: 'postgres://postgres@127.0.0.1:1/jixiao' }, good));
      expect(unreachable.problem).toBe('TARGET_UNREACHABLE');
      const noBackupTarget = await refusal(backupDatabase({ kind: 'server', url: missing.toString() }, file));
      expect(noBackupTarget.problem).toBe('TARGET_MISSING');
      expect(noBackupTarget.message).toMatch(/jixiao_ops_no_such_database does not exist.*createdb/);

      const empty = await emptyDatabase();
      expect((await refusal(backupDatabase({ kind: 'server', url: empty }, file))).problem).toBe('TARGET_NOT_JIXIAO');

      const noTool = await refusal(backupDatabase({ kind: 'server', url: source!.url }, file, { pgDump: join(dir, 'bin/pg_dump'), pgRestore: 'pg_restore' }));
      expect(noTool.problem).toBe('TOOL_MISSING');
      expect(noTool.message).toMatch(/postgresql-client/);

      const text = join(dir, 'notes.txt');
      writeFileSync(text, '这不是备份');
      const notBackup = await refusal(restoreDatabase({ kind: 'server', url: empty }, text));
      expect(notBackup.problem).toBe('NOT_A_BACKUP');
      const gzipOfSomething = join(dir, 'other.tar.gz');
      writeFileSync(gzipOfSomething, Buffer.from('1f8b0800000000000003', 'hex'));
      expect((await refusal(restoreDatabase({ kind: 'embedded', dataDir: join(dir, 'x') }, gzipOfSomething))).problem).toBe('NOT_A_BACKUP');

      const kept = join(dir, 'kept.backup');
      writeFileSync(kept, 'earlier');
      expect((await refusal(backupDatabase({ kind: 'server', url: source!.url }, kept))).problem).toBe('FILE_EXISTS');
    }, 60_000);
  });

  describe('of the embedded database', () => {
    it('refuses while the service holds DATA_DIR, backs up once it stopped, restores into an empty DATA_DIR, and refuses the other kind', async () => {
      const dataDir = join(dir, 'embedded');
      const running = await startEmbeddedDatabase(dataDir);
      let migrations: number;
      try {
        migrations = (await migrate({ url: running.url, poolMax: 1 })).length;
        await running.idle();
        const file = join(dir, 'while-running.backup');
        const inUse = await refusal(backupDatabase({ kind: 'embedded', dataDir }, file));
        expect(inUse.problem).toBe('DATA_DIR_IN_USE');
        expect(inUse.message).toMatch(/Stop the service/);
      } finally {
        await running.stop();
      }

      const file = join(dir, 'embedded.backup');
      await backupDatabase({ kind: 'embedded', dataDir }, file);
      expect(backupKindOf(file)).toBe('embedded');

      const copyDir = join(dir, 'embedded-copy');
      const restored = await restoreDatabase({ kind: 'embedded', dataDir: copyDir }, file);
      expect(restored).toMatchObject({ kind: 'embedded', migrations, replacedMovedTo: null });
      const copy = await startEmbeddedDatabase(copyDir);
      try {
        // Nothing left to apply: the copy is at the same schema version, and it serves.
        expect(await migrate({ url: copy.url, poolMax: 1 })).toEqual([]);
      } finally {
        await copy.stop();
      }

      expect((await refusal(restoreDatabase({ kind: 'embedded', dataDir: copyDir }, file))).problem).toBe('TARGET_NOT_EMPTY');
      const forced = await restoreDatabase({ kind: 'embedded', dataDir: copyDir }, file, { force: true });
      expect(forced.replacedMovedTo).toMatch(/pg\.before-restore-/);
      const wrongKind = await refusal(restoreDatabase({ kind: 'server', url: 'postgres://nobody@127.0.0.1:1/none' }, file));
      expect(wrongKind.problem).toBe('WRONG_KIND');
      expect(wrongKind.message).toMatch(/without DATABASE_URL/);
      expect((await refusal(backupDatabase({ kind: 'embedded', dataDir: join(dir, 'nothing-here') }, join(dir, 'none.backup')))).problem).toBe('TARGET_MISSING');
    }, 180_000);
  });
});
