import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { assertHistoryKey, ConfigError, loadConfig } from '@jixiao/config';
import { DEMO_BUREAU, DEMO_CAMPAIGN, DemoModule, DemoSeeder } from '@jixiao/demo';
import { Clock, consoleUrl, EvaluationModule, shanghaiDate } from '@jixiao/evaluation';
import { CalendarOverrideStore, HistoryKeyring, migrate, PersistenceModule, ReminderStore, Transactor } from '@jixiao/persistence';

const USAGE = `Usage: node dist/scripts/load-demo.js [--mail-any-time]   (reads DATABASE_URL, DEMO_PASSWORD)

Migrates the database at DATABASE_URL and loads the demo organisations, people and the issued
notice ${DEMO_CAMPAIGN.documentNumber} into it when it has no users yet (as \`npm start\` does on the embedded
database). A production start never loads demo data; this is how a test or a trial database gets it.

--mail-any-time   for the production-install check only: the Shanghai days from yesterday to the day
                  after tomorrow become working days (calendar overrides) and the demo notice's mail
                  window becomes 00:00-24:00, so a 催办 leaves at once whatever the hour or day.`;

const DAY_MS = 24 * 3600_000;

async function main(args: string[]): Promise<number> {
  const mailAnyTime = args.includes('--mail-any-time');
  if (args.some((arg) => arg !== '--mail-any-time')) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  if (config.database.url === null) {
    console.error(`DATABASE_URL is not set.\n\n${USAGE}`);
    return 2;
  }
  // The demo's cases start with history records, keyed like the service's: both must use one HISTORY_KEY.
  assertHistoryKey(config);
  const database = { url: config.database.url, poolMax: 1 };
  await migrate(database);

  @Module({
    imports: [PersistenceModule.forRoot({ ...database, logQueries: false, applicationName: 'jixiao-load-demo' }, new HistoryKeyring(config.history.key, config.history.oldKeys)), EvaluationModule.forRoot({ auth: config.auth, consoleUrl: consoleUrl(config.http) }), DemoModule],
  })
  class LoadDemoModule {}

  const app = await NestFactory.createApplicationContext(LoadDemoModule, { logger: ['error', 'warn'] });
  try {
    const seeded = await app.get(DemoSeeder).seedIfEmpty(config.demo.password);
    console.log(seeded.created ? `Demo data loaded: ${seeded.accounts.length} accounts, password ${config.demo.password}.` : 'The database already has users: nothing loaded.');
    if (mailAnyTime) await openMailWindow(app.get(Transactor), app.get(CalendarOverrideStore), app.get(ReminderStore), app.get(Clock).now());
    return 0;
  } finally {
    await app.close();
  }
}

/** Makes the days around now working days and the demo notice's mail window the whole day. */
async function openMailWindow(transactor: Transactor, overrides: CalendarOverrideStore, reminders: ReminderStore, now: Date): Promise<void> {
  await transactor.run(async (tx) => {
    const [officer] = (await tx.query(`SELECT id FROM users WHERE username = $1`, [DEMO_BUREAU.users[0]!.username])) as Array<{ id: string }>;
    const [campaign] = (await tx.query(`SELECT id FROM campaigns WHERE document_number = $1`, [DEMO_CAMPAIGN.documentNumber])) as Array<{ id: string }>;
    if (!officer || !campaign) throw new Error('The demo data is not in this database.');
    const days = [-1, 0, 1, 2].map((offset) => shanghaiDate(new Date(now.getTime() + offset * DAY_MS)));
    for (const date of days) {
      await overrides.put(tx, { date, working: true, reason: 'production-install check: mail may leave on any day', updatedBy: officer.id });
    }
    const ladder = { beforeWorkingDays: [3, 1], onDueDate: true, overdueEveryWorkingDay: true, escalateAfterWorkingDays: 2, workingHours: { start: '00:00', end: '24:00' } };
    await reminders.setLadder(tx, campaign.id, ladder);
    console.log(`Mail may leave at any hour: working days ${days.join(', ')}, window 00:00-24:00 for ${DEMO_CAMPAIGN.documentNumber}.`);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `load-demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
