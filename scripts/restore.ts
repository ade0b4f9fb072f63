import 'reflect-metadata';
import { restoreDatabase } from '@jixiao/persistence';
import { backupTarget, reportFailure } from './backup';

const USAGE = 'Usage: npm run restore -- <file> [--force]   (restores into the database of DATABASE_URL, or without it into DATA_DIR; --force replaces a database that is not empty)';

async function main(args: string[]): Promise<number> {
  const force = args.includes('--force');
  const files = args.filter((arg) => arg !== '--force');
  if (files.length !== 1 || files[0]!.startsWith('-')) {
    console.error(USAGE);
    return 2;
  }
  const target = backupTarget();
  const done = await restoreDatabase(target, files[0]!, { force });
  console.log(`Restored ${files[0]} into the ${done.kind === 'server' ? 'PostgreSQL database' : 'embedded database'}: ${done.migrations} migrations recorded; the service applies newer ones at its next start.`);
  if (done.replacedMovedTo) console.log(`The database it replaced was moved to ${done.replacedMovedTo}; delete it once the restored one is checked.`);
  if (done.grantsSkipped) console.log('The role jixiao_app does not exist and could not be created: the grants were left out. Create it and run the grants as in docs/operations.md.');
  console.log(
    done.kind === 'server'
      ? 'Check the history on the copy: npm run verify:history (with DATABASE_URL and HISTORY_KEY).'
      : "Start the service on it with the key it was linked with (DATA_DIR/history.key or HISTORY_KEY); each case's history page verifies its chain.",
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(reportFailure('restore', error)),
);
