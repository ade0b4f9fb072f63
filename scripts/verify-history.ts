import 'reflect-metadata';
import { ConfigError, loadConfig } from '@jixiao/config';
import { createDataSource, HistoryJournal, HistoryKeyring, type HistoryBreak } from '@jixiao/persistence';

const USAGE = 'Usage: npm run verify:history -- [--case <case id>]   (reads DATABASE_URL, HISTORY_KEY and HISTORY_KEYS_OLD)';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EXPLAINED: Record<HistoryBreak, string> = {
  hash: 'its content is not what its link covers (edited, or relinked without the key)',
  prev_hash: 'it does not follow the record before it (a record removed or reordered)',
  seq: 'the numbering has a gap before it (a record removed)',
  key: 'its link names no key given in HISTORY_KEY or HISTORY_KEYS_OLD, or has none after keyed records (written without the key)',
  head: "the case's chain head points past the last record (last records removed)",
};

function parseArguments(args: string[]): { caseId: string | null } | null {
  if (args.length === 0) return { caseId: null };
  if (args.length === 2 && args[0] === '--case' && UUID.test(args[1]!)) return { caseId: args[1]!.toLowerCase() };
  return null;
}

async function main(args: string[]): Promise<number> {
  const parsed = parseArguments(args);
  if (parsed === null) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const url = config.database.url;
  if (url === null) {
    console.error(`DATABASE_URL is not set. ${USAGE}`);
    return 2;
  }
  const keyring = new HistoryKeyring(config.history.key, config.history.oldKeys);
  // The same check as GET /api/cases/:id/history/verify, straight on the journal: no sign-in, every case.
  const dataSource = createDataSource({ url, poolMax: 1, applicationName: 'jixiao-verify-history' });
  await dataSource.initialize();
  try {
    const results = await new HistoryJournal(keyring).check(dataSource.manager, parsed.caseId);
    if (parsed.caseId !== null && results.length === 0) {
      console.error(`There is no case ${parsed.caseId}.`);
      return 2;
    }
    const broken = results.filter((result) => result.firstBroken !== null);
    for (const { caseId, firstBroken } of broken) {
      console.log(`BROKEN case ${caseId}: first broken record seq ${firstBroken!.seq} (${firstBroken!.reason}): ${EXPLAINED[firstBroken!.reason]}`);
    }
    const records = results.reduce((sum, result) => sum + result.records, 0);
    console.log(`${results.length} case(s), ${records} history record(s) checked: ${broken.length === 0 ? 'every chain is intact' : `${broken.length} broken`}.`);
    if (keyring.empty) {
      console.log('HISTORY_KEY is not set: only the structure was checked (numbering, order, head, and the unkeyed links from before the keyed chain); authenticity was NOT checked.');
    } else {
      const unproven = results.filter((result) => result.firstBroken === null && !result.authenticated).length;
      if (unproven > 0) console.log(`${unproven} intact case(s) begin with records from before the keyed chain: those records were checked without the key.`);
    }
    return broken.length === 0 ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `verify-history failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
