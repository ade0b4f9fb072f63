import type { INestApplication } from '@nestjs/common';
import { WorkingCalendar } from '@jixiao/calendar';
import { loadConfig } from '@jixiao/config';
import { ReminderSweep } from '@jixiao/evaluation';
import { migrate, Transactor } from '@jixiao/persistence';
import { createApp } from '../../apps/api/src/create-app';
import { ApiClient, issueCampaign } from '../../test/support/api-client';
import { newWorld } from '../../test/support/world';
import { BENCH_HISTORY_KEY } from '../history-key';

/**
 * How fast the reminder sweep fills the outbox: 100,000 open due items, each reaching one rung of
 * the default ladder on the sweep's day, against one INSERT ... SELECT of as many bare rows into
 * mail_outbox on the same database in the same run. See bench/README.md.
 */
const TARGET_PER_SECOND = 5000;
const UNITS = 20;
/** The sweep's day: an ordinary Wednesday; the items are due on days that each reach one rung. */
const DAY = '2024-03-06';

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}".`);
  return value;
}

const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000));

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('Set DATABASE_URL to the PostgreSQL server to measure, e.g. postgres://postgres@127.0.0.1:5432/jixiao_bench');
  }
  const items = positiveInteger('BENCH_ITEMS', 100_000);
  await migrate({ url: databaseUrl, poolMax: 1 });
  const app = await createApp(loadConfig({ LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent', DEMO_DATA: 'false', HISTORY_KEY: BENCH_HISTORY_KEY }), { url: databaseUrl, poolMax: 4 });
  try {
    await app.listen(0, '127.0.0.1');
    await measure(app, items);
  } finally {
    await app.close();
  }
}

async function measure(app: INestApplication, items: number): Promise<void> {
  const db = app.get(Transactor).manager;
  const [{ version }] = await db.query(`SELECT current_setting('server_version') AS version`);
  console.log(`bench reminders: ${items} open due items, one sweep, PostgreSQL ${version}`);

  const setupStarted = Date.now();
  const world = await newWorld(app, { unitCount: UNITS });
  const api = new ApiClient(app.getHttpServer());
  const { campaignId, caseIds } = await issueCampaign(api, world.bureau.officer, world.units.map((u) => u.id));
  const calendar = new WorkingCalendar();
  // One quarter each: three working days left, one left, due today, one working day overdue.
  const dueDates = [calendar.addWorkingDays(DAY, 3), calendar.addWorkingDays(DAY, 1), DAY, calendar.previousWorkingDay(DAY)];
  const cases = world.units.map((u) => caseIds.get(u.id)!);
  const members = world.units.map((u) => u.member.id);
  // Items are written straight into the table: driving 100,000 sections through the API would measure the API.
  await db.query(
    `INSERT INTO due_items (item_key, case_id, campaign_id, kind, section_code, recipient_id, due_date)
     SELECT ($2::uuid[])[1 + g % $4] || ':draft_section:B' || g, ($2::uuid[])[1 + g % $4], $1, 'draft_section', NULL,
            ($3::uuid[])[1 + g % $4], ($5::date[])[1 + g % 4]
       FROM generate_series(1, $6) AS g`,
    [campaignId, cases, members, UNITS, dueDates, items],
  );
  await db.query(`ANALYZE due_items`);
  await db.query(`ANALYZE mail_outbox`);
  console.log(`setup: ${UNITS} units, campaign issued, ${items} due items written (due ${dueDates.join(', ')}) in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);

  const sweepStarted = process.hrtime.bigint();
  const result = await app.get(ReminderSweep).run(new Date(`${DAY}T10:00:00+08:00`), { campaignId });
  const sweepMs = Number(process.hrtime.bigint() - sweepStarted) / 1e6;
  const [{ count: enqueued }] = await db.query(`SELECT count(*)::int AS count FROM mail_outbox WHERE campaign_id = $1 AND status = 'pending'`, [campaignId]);
  if (enqueued !== items || result.total !== items) throw new Error(`the sweep enqueued ${result.total} (outbox holds ${enqueued}), expected ${items}`);
  console.log(
    `sweep: ${result.total} reminders enqueued (${Object.entries(result.enqueued).map(([kind, n]) => `${kind} ${n}`).join(', ')}) in ${result.batches} transactions in ${(sweepMs / 1000).toFixed(2)} s: ${perSecond(result.total, sweepMs)} per s`,
  );
  const again = process.hrtime.bigint();
  const second = await app.get(ReminderSweep).run(new Date(`${DAY}T10:05:00+08:00`), { campaignId });
  console.log(`second sweep the same day: ${second.total} enqueued in ${(Number(process.hrtime.bigint() - again) / 1e9).toFixed(2)} s (every row exists already)`);

  // The baseline: the same number of outbox rows, with a payload of the same shape, in one statement and nothing else.
  const rawStarted = process.hrtime.bigint();
  await db.query(
    `INSERT INTO mail_outbox (dedupe_key, kind, recipient_id, campaign_id, case_id, item_key, due_date, rule, payload, send_after, next_attempt_at)
     SELECT 'bench-raw|' || $1::text || '|' || g, 'reminder', ($3::uuid[])[1 + g % $4], $1::uuid, ($2::uuid[])[1 + g % $4], 'bench-raw:' || g, $5::date, 'before-1',
            jsonb_build_object('taskKind', 'draft_section', 'caseId', ($2::uuid[])[1 + g % $4], 'unitName', '单位', 'documentNumber', '测试财〔2024〕1号',
                               'campaignTitle', '关于开展整体支出绩效自评的通知', 'sectionCode', NULL, 'sectionTitle', NULL, 'dueDate', $5::text,
                               'workingDaysLeft', 1, 'assigneeName', NULL, 'urgedByName', NULL, 'message', NULL,
                               'link', '/cases/' || ($2::uuid[])[1 + g % $4], 'window', jsonb_build_object('start', '08:30', 'end', '17:30')),
            now(), now()
       FROM generate_series(1, $6) AS g`,
    [campaignId, cases, members, UNITS, DAY, items],
  );
  const rawMs = Number(process.hrtime.bigint() - rawStarted) / 1e6;
  console.log(`baseline: ${items} rows into mail_outbox in one INSERT ... SELECT in ${(rawMs / 1000).toFixed(2)} s: ${perSecond(items, rawMs)} per s`);

  // Nothing of this run may ever be mailed, nor swept again.
  await db.query(`UPDATE mail_outbox SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'bench' WHERE campaign_id = $1 AND status = 'pending'`, [campaignId]);
  await db.query(`UPDATE due_items SET closed_at = now() WHERE campaign_id = $1 AND closed_at IS NULL`, [campaignId]);

  const rate = perSecond(result.total, sweepMs);
  console.log(`verdict: ${rate >= TARGET_PER_SECOND ? 'MET' : 'MISSED'} (${rate} vs ${TARGET_PER_SECOND} reminders per s)`);
  console.log(`RESULT reminders-enqueued: ${rate} per s (baseline ${perSecond(items, rawMs)} per s, target ${TARGET_PER_SECOND} per s)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench reminders failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
