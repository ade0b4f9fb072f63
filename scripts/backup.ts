import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '@jixiao/config';
import { BACKUP_PROBLEM_TEXT, BackupError, backupDatabase, type BackupTarget } from '@jixiao/persistence';

const USAGE = 'Usage: npm run backup -- [file]   (backs up the database of DATABASE_URL, or without it the embedded one in DATA_DIR)';

/** The database the service would run on, from the same variables. */
export function backupTarget(): BackupTarget {
  const { database } = loadConfig();
  return database.url !== null ? { kind: 'server', url: database.url } : { kind: 'embedded', dataDir: database.dataDir };
}

/** Prints a refusal for a person: what to do in Chinese, then the detail. */
export function reportFailure(command: string, error: unknown): number {
  if (error instanceof BackupError) {
    console.error(`${command}: ${BACKUP_PROBLEM_TEXT[error.problem]}\n${error.problem}: ${error.message}`);
    return 1;
  }
  console.error(error instanceof ConfigError ? error.message : `${command} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 2;
}

async function main(args: string[]): Promise<number> {
  if (args.length > 1 || args[0]?.startsWith('-')) {
    console.error(USAGE);
    return 2;
  }
  const target = backupTarget();
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = args[0] ?? `jixiao-${target.kind === 'server' ? 'server' : 'embedded'}-${stamp}.backup`;
  const done = await backupDatabase(target, file);
  console.log(`Backed up the ${done.kind === 'server' ? 'PostgreSQL database' : `embedded database in ${resolve(target.kind === 'embedded' ? target.dataDir : '')}`} to ${done.file} (${done.bytes} bytes).`);
  console.log(
    target.kind === 'embedded'
      ? `The history key (${join(resolve(target.dataDir), 'history.key')}, or HISTORY_KEY) is not in the backup: keep a copy of it apart from the backups.`
      : 'HISTORY_KEY is not in the backup: keep it apart from the backups (without it the history cannot be proven).',
  );
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => process.exit(reportFailure('backup', error)),
  );
}
