import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import { Client } from 'pg';
import { DataDirectoryLockedError, lockDataDirectory } from './embedded-database';

/**
 * Backups of the two databases the service runs on: a PostgreSQL server through pg_dump and
 * pg_restore (custom format), the embedded PGlite through its own dump of the data directory
 * (a gzipped tar). Both refuse, with a message a person can act on, rather than guess.
 */
export type BackupTarget = { kind: 'server'; url: string } | { kind: 'embedded'; dataDir: string };

export type BackupProblem =
  | 'TARGET_UNREACHABLE'
  | 'TARGET_MISSING'
  | 'TARGET_NOT_JIXIAO'
  | 'TARGET_NOT_EMPTY'
  | 'DATA_DIR_IN_USE'
  | 'TOOL_MISSING'
  | 'TOOL_FAILED'
  | 'NOT_A_BACKUP'
  | 'WRONG_KIND'
  | 'FILE_EXISTS'
  | 'FILE_MISSING';

/** What the operator reads first (Chinese), before the technical detail of the message. */
export const BACKUP_PROBLEM_TEXT: Record<BackupProblem, string> = {
  TARGET_UNREACHABLE: '连接不到数据库，请检查数据库地址、端口、用户名和密码。',
  TARGET_MISSING: '目标数据库或数据目录不存在，请先创建，或检查配置是否写错。',
  TARGET_NOT_JIXIAO: '这个数据库里没有本系统的数据，请检查配置是否指向了正确的数据库。',
  TARGET_NOT_EMPTY: '目标数据库不是空的，为防止覆盖已有数据，恢复已停止。确需覆盖时请加 --force。',
  DATA_DIR_IN_USE: '内置数据库正被运行中的服务使用，请先停止服务再备份或恢复。',
  TOOL_MISSING: '找不到备份工具，请安装与数据库服务器同版本或更新版本的 PostgreSQL 客户端工具。',
  TOOL_FAILED: '备份工具执行失败，详情见下方说明。',
  NOT_A_BACKUP: '这个文件不是本系统的备份文件，请检查文件名。',
  WRONG_KIND: '备份文件与目标数据库的类型不符（内置数据库与数据库服务器的备份不能互相恢复）。',
  FILE_EXISTS: '备份文件已存在，为防止覆盖，请换一个文件名。',
  FILE_MISSING: '找不到这个备份文件，请检查路径。',
};

export class BackupError extends Error {
  constructor(
    readonly problem: BackupProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface BackupTools {
  /** Commands or paths; by default found on PATH. */
  pgDump: string;
  pgRestore: string;
}

const DEFAULT_TOOLS: BackupTools = { pgDump: 'pg_dump', pgRestore: 'pg_restore' };

export interface BackupSummary {
  kind: BackupTarget['kind'];
  file: string;
  bytes: number;
}

export interface RestoreSummary {
  kind: BackupTarget['kind'];
  /** Migrations recorded in the restored database: the schema version it came back at. */
  migrations: number;
  /** Where a forced embedded restore moved the database it replaced. */
  replacedMovedTo: string | null;
  /** A server restore without the grants to the application role (it could not be created). */
  grantsSkipped: boolean;
}

/** Answers which kind of backup a file is, or refuses it when it is none. */
export function backupKindOf(file: string): BackupTarget['kind'] {
  if (!existsSync(file)) throw new BackupError('FILE_MISSING', `There is no file ${resolve(file)}.`);
  if (!statSync(file).isFile()) throw new BackupError('NOT_A_BACKUP', `${resolve(file)} is not a file.`);
  const head = readHead(file, 64 * 1024);
  // pg_dump's custom format begins with its magic; PGlite's dump is a gzipped tar of the data directory.
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'server';
  if (head[0] === 0x1f && head[1] === 0x8b) {
    let tar = Buffer.alloc(0);
    try {
      tar = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch {
      // Not gzip after all: answered below.
    }
    const name = tar.subarray(0, 100).toString('latin1').replace(/\0.*$/s, '');
    if (name.replace(/^\/+/, '') === 'PG_VERSION') return 'embedded';
  }
  throw new BackupError(
    'NOT_A_BACKUP',
    `${resolve(file)} is not a Jixiao backup: neither a pg_dump archive in custom format (made by npm run backup on a server) nor a dump of the embedded database.`,
  );
}

export async function backupDatabase(target: BackupTarget, file: string, tools: BackupTools = DEFAULT_TOOLS): Promise<BackupSummary> {
  const out = resolve(file);
  if (existsSync(out)) throw new BackupError('FILE_EXISTS', `${out} already exists; a backup never overwrites a file.`);
  // Written beside its final name and renamed when complete, so a file under that name is always whole.
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  try {
    if (target.kind === 'server') {
      await checkServerTarget(target.url, 'backup');
      await run(tools.pgDump, ['--format=custom', '--file', partial], connectionEnvironment(target.url));
    } else {
      writeFileSync(partial, await dumpEmbedded(target.dataDir));
    }
    renameSync(partial, out);
  } finally {
    rmSync(partial, { force: true });
  }
  return { kind: target.kind, file: out, bytes: statSync(out).size };
}

export async function restoreDatabase(
  target: BackupTarget,
  file: string,
  options: { force?: boolean; tools?: BackupTools } = {},
): Promise<RestoreSummary> {
  const kind = backupKindOf(file);
  if (kind !== target.kind) {
    throw new BackupError(
      'WRONG_KIND',
      kind === 'embedded'
        ? `${resolve(file)} is a backup of the embedded database: restore it without DATABASE_URL, into DATA_DIR.`
        : `${resolve(file)} is a backup of a PostgreSQL server: restore it with DATABASE_URL naming an empty database.`,
    );
  }
  return target.kind === 'server'
    ? restoreServer(target.url, resolve(file), options.force ?? false, options.tools ?? DEFAULT_TOOLS)
    : restoreEmbedded(target.dataDir, resolve(file), options.force ?? false);
}

async function restoreServer(url: string, file: string, force: boolean, tools: BackupTools): Promise<RestoreSummary> {
  const tables = await checkServerTarget(url, 'restore');
  if (tables > 0 && !force) {
    throw new BackupError(
      'TARGET_NOT_EMPTY',
      `The database ${databaseName(url)} already holds ${tables} table(s). Restore into an empty database (createdb), or pass --force to replace what it holds.`,
    );
  }
  const grantsSkipped = !(await ensureApplicationRole(url));
  // One transaction: a restore that fails leaves the target as it was.
  const args = ['--no-owner', '--single-transaction', '--exit-on-error', '--dbname', databaseName(url)];
  if (tables > 0) args.push('--clean', '--if-exists');
  if (grantsSkipped) args.push('--no-acl');
  await run(tools.pgRestore, [...args, file], connectionEnvironment(url));
  const migrations = await withClient(url, async (client) => Number((await client.query('SELECT count(*) AS n FROM schema_migrations')).rows[0].n));
  return { kind: 'server', migrations, replacedMovedTo: null, grantsSkipped };
}

async function restoreEmbedded(dataDir: string, file: string, force: boolean): Promise<RestoreSummary> {
  const root = resolve(dataDir);
  if (existsSync(root) && !statSync(root).isDirectory()) throw new BackupError('TARGET_MISSING', `DATA_DIR ${root} is a file, not a directory.`);
  mkdirSync(root, { recursive: true });
  const release = await lockEmbedded(root);
  const pgDir = join(root, 'pg');
  let replacedMovedTo: string | null = null;
  try {
    if (existsSync(pgDir) && readdirSync(pgDir).length > 0) {
      if (!force) {
        throw new BackupError('TARGET_NOT_EMPTY', `${pgDir} already holds a database. Restore into an empty DATA_DIR, or pass --force: the current database is then moved aside, not deleted.`);
      }
      replacedMovedTo = `${pgDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(pgDir, replacedMovedTo);
    }
    const { PGlite } = await import('@electric-sql/pglite');
    let migrations: number;
    try {
      const db = await PGlite.create({ dataDir: pgDir, loadDataDir: new Blob([await readFile(file)]) });
      try {
        migrations = Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations')).rows[0]!.n);
      } finally {
        await db.close();
      }
    } catch (error) {
      rmSync(pgDir, { recursive: true, force: true });
      if (replacedMovedTo) renameSync(replacedMovedTo, pgDir);
      throw error;
    }
    return { kind: 'embedded', migrations, replacedMovedTo, grantsSkipped: false };
  } finally {
    await release();
  }
}

async function dumpEmbedded(dataDir: string): Promise<Buffer> {
  const root = resolve(dataDir);
  const pgDir = join(root, 'pg');
  if (!existsSync(join(pgDir, 'PG_VERSION'))) {
    throw new BackupError('TARGET_MISSING', `DATA_DIR ${root} holds no embedded database (no ${pgDir}): is DATA_DIR right?`);
  }
  const release = await lockEmbedded(root);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create({ dataDir: pgDir });
    try {
      const tables = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'schema_migrations'`);
      if (tables.rows[0]!.n === 0) throw new BackupError('TARGET_NOT_JIXIAO', `The embedded database in ${root} holds no Jixiao tables (no schema_migrations).`);
      return Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await db.close();
    }
  } finally {
    await release();
  }
}

async function lockEmbedded(root: string): Promise<() => Promise<void>> {
  try {
    return await lockDataDirectory(root);
  } catch (error) {
    if (error instanceof DataDirectoryLockedError) {
      throw new BackupError(
        'DATA_DIR_IN_USE',
        `The embedded database in ${root} is in use by a running Jixiao process (it holds ${join(root, '.lock')}). ` +
          'Stop the service, run the backup or restore (it takes seconds), then start the service again. ' +
          'To back up while serving, run on a PostgreSQL server (DATABASE_URL).',
      );
    }
    throw error;
  }
}

/**
 * Connects to the target as the tools will and answers how many tables it holds outside the
 * system schemas. A backup needs a Jixiao database; a restore needs the database to exist.
 */
async function checkServerTarget(url: string, purpose: 'backup' | 'restore'): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ tables: number; jixiao: boolean }>(
      `SELECT count(*)::int AS tables, bool_or(tablename = 'schema_migrations') AS jixiao
         FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    if (purpose === 'backup' && !rows[0]!.jixiao) {
      throw new BackupError('TARGET_NOT_JIXIAO', `The database ${databaseName(url)} holds no Jixiao tables (no schema_migrations): is DATABASE_URL right?`);
    }
    return rows[0]!.tables;
  });
}

/** The application role the migrations grant to; a dump's grants name it. Answers whether it exists. */
async function ensureApplicationRole(url: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const exists = async () => (await client.query(`SELECT 1 FROM pg_roles WHERE rolname = 'jixiao_app'`)).rowCount === 1;
    if (await exists()) return true;
    await client.query('CREATE ROLE jixiao_app NOLOGIN').catch(() => undefined);
    return exists();
  });
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'jixiao-backup' });
  try {
    await client.connect();
  } catch (error) {
    const code = (error as { code?: string }).code;
    const where = describeServer(url);
    if (code === '3D000') throw new BackupError('TARGET_MISSING', `The database ${databaseName(url)} does not exist on ${where}. Create it first (createdb ${databaseName(url)}), or correct DATABASE_URL.`);
    throw new BackupError('TARGET_UNREACHABLE', `Could not connect to ${where} as given in DATABASE_URL: ${(error as Error).message}`);
  }
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** libpq's environment for a URL, so that the password never appears in a process list. */
function connectionEnvironment(url: string): NodeJS.ProcessEnv {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env, PGDATABASE: databaseName(url), PGAPPNAME: 'jixiao-backup' };
  if (parsed.hostname) env.PGHOST = decodeURIComponent(parsed.hostname);
  if (parsed.port) env.PGPORT = parsed.port;
  if (parsed.username) env.PGUSER = decodeURIComponent(parsed.username);
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

function describeServer(url: string): string {
  const parsed = new URL(url);
  return `the PostgreSQL server ${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.once('error', (error: NodeJS.ErrnoException) => {
      fail(
        error.code === 'ENOENT'
          ? new BackupError(
              'TOOL_MISSING',
              `${command} was not found. Install the PostgreSQL client tools of the server's major version or newer (Debian: apt-get install postgresql-client-15) and make sure ${command} is on PATH.`,
            )
          : error,
      );
    });
    child.once('close', (code) => {
      if (code === 0) return done();
      const hint = /server version mismatch/.test(errors) ? ` Install the PostgreSQL client tools of the server's major version or newer.` : '';
      fail(new BackupError('TOOL_FAILED', `${command} exited with ${code}: ${errors.trim()}${hint}`));
    });
  });
}

function readHead(file: string, size: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(size);
    return buffer.subarray(0, readSync(fd, buffer, 0, size, 0));
  } finally {
    closeSync(fd);
  }
}
