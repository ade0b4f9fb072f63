import 'reflect-metadata';
import { ConfigError, loadConfig } from '@jixiao/config';
import { CaseStore, createDataSource, type HistoryBreak } from '@jixiao/persistence';

const USAGE = 'Usage: npm run verify:history -- [--case <case id>]   (reads DATABASE_URL)';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EXPLAINED: Record<HistoryBreak, string> = {
  hash: 'its content is not what was recorded (edited)',
  prev_hash: 'it does not follow the record before it (a record removed or reordered)',
  seq: 'the numbering has a gap before it (a record removed)',
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
  const url = loadConfig().database.url;
  if (url === null) {
    console.error(`DATABASE_URL is not set. ${USAGE}`);
    return 2;
  }
  // The same check as GET /api/cases/:id/history/verify, straight on the store: no sign-in, every case.
  const dataSource = createDataSource({ url, poolMax: 1, applicationName: 'jixiao-verify-history' });
  await dataSource.initialize();
  try {
    const results = await new CaseStore().checkHistoryChains(dataSource.manager, parsed.caseId);
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
