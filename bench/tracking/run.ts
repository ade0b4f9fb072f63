import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { loadConfig } from '@jixiao/config';
import { shanghaiDate, TrackingService, type TrackingRequest } from '@jixiao/evaluation';
import { migrate, trackingPageStatement, type TrackingFilter, type TrackingSort } from '@jixiao/persistence';
import { persistLifecycle, startLifecycle } from '@jixiao/workflow';
import { createApp } from '../../apps/api/src/create-app';
import { bulkWorld, databaseUrlOrExit, dateInDays, percentile } from '../support/bulk-world';
import { BENCH_HISTORY_KEY } from '../history-key';

/**
 * The tracking view of one campaign over 5,000 units with 30 sections each, measured through
 * TrackingService.page (the access check, the statement through TypeORM's pool, the working days
 * and the mapping; no HTTP), beside the bare statement it runs sent by `pg` on the same database
 * in the same run, over the same mix of filters, sorts and pages.
 */
const UNITS = 5000;
const SECTIONS = 30;
const WARM_UP = 40;
const ROUNDS = 400;
const TARGET_MS = 100;

const STATES = ['notice_issued', 'group_formed', 'self_assessment', 'internal_review', 'sealed', 'submitted.awaiting_acceptance', 'submitted.accepted', 'published'];

const FILTERS: TrackingFilter[] = [{}, { state: 'self_assessment' }, { overdue: true }, { returned: true }, { grade: '良' }, { unit: '0042' }, { state: 'submitted' }];
const SORTS: Array<[TrackingSort, 'asc' | 'desc']> = [['urgency', 'asc'], ['unit', 'asc'], ['state', 'desc'], ['score', 'desc'], ['deadline', 'asc']];
const OFFSETS = [0, 50, 1000, 4950];

function mix(round: number): TrackingRequest {
  const [sort, order] = SORTS[round % SORTS.length]!;
  return { filter: FILTERS[Math.floor(round / SORTS.length) % FILTERS.length]!, sort, order, limit: 50, offset: OFFSETS[round % OFFSETS.length]! };
}

async function build(pool: Pool): Promise<{ campaignId: string; officer: Awaited<ReturnType<typeof bulkWorld>>['officer'] }> {
  const started = performance.now();
  const world = await bulkWorld(pool, UNITS);
  const persisted = persistLifecycle(startLifecycle({ unitId: world.unitIds[0]!, bureauId: world.bureauId }));
  const outline = Array.from({ length: SECTIONS }, (_, i) => ({ code: `${Math.floor(i / 10) + 1}.${(i % 10) + 1}`, title: `第${i + 1}节` }));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const campaign = await client.query<{ id: string }>(
      `INSERT INTO campaigns (bureau_id, document_number, title, fiscal_year, submission_deadline, publication_deadline, approval_mode, outline, status, issued_at, created_by)
       VALUES ($1, $2, '关于开展整体支出绩效自评的通知', 2023, $3, $4, 'single', $5::jsonb, 'issued', now(), $6) RETURNING id`,
      [world.bureauId, `跟踪基准〔2024〕${world.tag}号`, dateInDays(10), dateInDays(25), JSON.stringify(outline), world.officer.userId],
    );
    const campaignId = campaign.rows[0]!.id;
    await client.query(`INSERT INTO campaign_officers (campaign_id, user_id) VALUES ($1, $2)`, [campaignId, world.officer.userId]);
    await client.query(`INSERT INTO campaign_units (campaign_id, unit_id) SELECT $1, unnest($2::uuid[])`, [campaignId, world.unitIds]);
    // Every state in turn; scores, grades, returns, late submissions and extensions spread across the units.
    await client.query(
      `INSERT INTO evaluation_cases (campaign_id, unit_id, state, snapshot, machine_version, self_score, self_grade, recheck_score,
                                     submitted_at, submitted_late, return_count, last_return_reason, last_returned_at, submission_deadline_override)
       SELECT $1, u.id, ($3::text[])[1 + n % 8], $4::jsonb, $5,
              CASE WHEN n % 8 >= 3 THEN 55 + (n * 7) % 45 END,
              CASE WHEN n % 8 >= 3 THEN CASE WHEN 55 + (n * 7) % 45 >= 90 THEN '优' WHEN 55 + (n * 7) % 45 >= 80 THEN '良' WHEN 55 + (n * 7) % 45 >= 60 THEN '中' ELSE '差' END END,
              CASE WHEN n % 8 >= 5 AND n % 3 = 0 THEN 50 + (n * 11) % 50 END,
              CASE WHEN n % 8 >= 5 THEN now() - (n % 20) * interval '1 day' END,
              CASE WHEN n % 8 >= 5 THEN n % 5 = 0 END,
              CASE WHEN n % 13 = 0 THEN 1 + n % 3 ELSE 0 END,
              CASE WHEN n % 13 = 0 THEN '退回原因' || (n % 4) END,
              CASE WHEN n % 13 = 0 THEN now() - interval '3 days' END,
              CASE WHEN n % 11 = 0 THEN $6::date WHEN n % 17 = 0 THEN $7::date END
         FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, n)`,
      [campaignId, world.unitIds, STATES, JSON.stringify(persisted.snapshot), persisted.machineVersion, dateInDays(-3), dateInDays(20)],
    );
    await client.query(
      `INSERT INTO case_sections (case_id, code, title, position, state)
       SELECT e.id, s.code, s.title, s.position,
              CASE WHEN e.state NOT IN ('notice_issued', 'group_formed', 'self_assessment') THEN 'approved'
                   WHEN e.state = 'self_assessment' THEN (ARRAY['assigned', 'drafting', 'submitted', 'approved'])[1 + (s.position + length(e.id::text)) % 4]
                   ELSE 'assigned' END
         FROM evaluation_cases e
        CROSS JOIN jsonb_to_recordset($2::jsonb) AS s(code text, title text, position int)
        WHERE e.campaign_id = $1`,
      [campaignId, JSON.stringify(outline.map((s, i) => ({ ...s, position: i + 1 })))],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE evaluation_cases; ANALYZE case_sections; ANALYZE organisations; ANALYZE campaigns');
    console.log(`setup: ${UNITS} units, ${UNITS * SECTIONS} sections written set-based in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { campaignId, officer: world.officer };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

function summary(label: string, samples: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const figures = { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
  console.log(`${label}: ${samples.length} requests, p50 ${figures.p50.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms (max ${sorted.at(-1)!.toFixed(1)} ms)`);
  return figures;
}

async function main(): Promise<void> {
  const url = databaseUrlOrExit();
  await migrate({ url, poolMax: 1 });
  const pool = new Pool({ connectionString: url, max: 1 });
  const app = await createApp(loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', HISTORY_KEY: BENCH_HISTORY_KEY }), { url, poolMax: 4 });
  try {
    const { campaignId, officer } = await build(pool);
    const tracking = app.get(TrackingService);
    const today = shanghaiDate(new Date());
    const raw = async (round: number) => {
      const request = mix(round);
      const statement = trackingPageStatement({
        campaignId,
        today,
        filter: request.filter,
        sort: request.sort!,
        descending: request.order === 'desc',
        limit: request.limit,
        offset: request.offset,
      });
      await pool.query(statement.text, statement.values);
    };
    const serviceTimes: number[] = [];
    const rawTimes: number[] = [];
    for (let round = 0; round < WARM_UP; round += 1) {
      await tracking.page(officer, campaignId, mix(round));
      await raw(round);
    }
    // Interleaved, so both see the same state of the machine.
    for (let round = 0; round < ROUNDS; round += 1) {
      let started = performance.now();
      const page = await tracking.page(officer, campaignId, mix(round));
      serviceTimes.push(performance.now() - started);
      if (round === 0 && page.total !== UNITS) throw new Error(`the unfiltered view counted ${page.total} units, not ${UNITS}`);
      started = performance.now();
      await raw(round);
      rawTimes.push(performance.now() - started);
    }
    console.log(`bench tracking: ${FILTERS.length} filters × ${SORTS.length} sorts × pages at offsets ${OFFSETS.join('/')} (50 rows), ${WARM_UP} warm-up rounds not counted`);
    const service = summary('service (TrackingService.page, in process, no HTTP)', serviceTimes);
    const bare = summary('raw SQL (the same statement through pg)', rawTimes);
    console.log(`RESULT tracking-p95: ${service.p95.toFixed(1)} ms (baseline ${bare.p95.toFixed(1)} ms, target ${TARGET_MS} ms)`);
  } finally {
    await app.close();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
