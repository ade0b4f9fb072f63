import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { loadConfig } from '@jixiao/config';
import { PasswordHasher, shanghaiDate, TrackingService, type TrackingRequest } from '@jixiao/evaluation';
import { migrate, trackingPageStatement, type TrackingFilter, type TrackingSort } from '@jixiao/persistence';
import { persistLifecycle, startLifecycle } from '@jixiao/workflow';
import { createApp } from '../../apps/api/src/create-app';
import { bulkWorld, databaseUrlOrExit, dateInDays, percentile } from '../support/bulk-world';
import { BENCH_HISTORY_KEY } from '../history-key';
import { describeCpu, sampleCpu } from '../transitions/cpu';
import { killChildrenOnExit, startService } from '../transitions/service';
import { costPerAnswer, describeCost, snapshotCpu, type CpuCost } from './cpu-cost';
import { describe, HttpClient, run, timedGet, figuresOf, type Figures } from './http';

/**
 * The tracking view of one campaign over 5,000 units with 30 sections each. First in process,
 * through TrackingService.page (the access check, the statement through TypeORM's pool, the working
 * days and the mapping; no HTTP), beside the bare statement it runs sent by `pg`; then through HTTP
 * against the built service in a child process, signed in as the bureau's finance officer, with the
 * same mix, the console's first view, and a few concurrent clients.
 */
const UNITS = 5000;
const SECTIONS = 30;
const WARM_UP = 40;
const ROUNDS = 400;
const TARGET_MS = 100;
const HTTP_TARGET_MS = 50;
/** The console's tracking page asks for 20 rows at first (apps/web/src/pages/TrackingPage.tsx). */
const CONSOLE_PAGE_SIZE = 20;
const FIRST_VIEWS = 200;
const CONCURRENT_CLIENTS = 4;
const BENCH_PASSWORD = 'Bench@Passw0rd';

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

/** The query string the console builds for a request of the mix. */
function trackingPath(campaignId: string, request: TrackingRequest): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(request.filter)) if (value !== undefined) query.set(key, String(value));
  if (request.sort) query.set('sort', request.sort);
  if (request.order) query.set('order', request.order);
  query.set('limit', String(request.limit));
  query.set('offset', String(request.offset));
  return `/api/campaigns/${campaignId}/tracking?${query.toString()}`;
}

function summary(label: string, samples: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const figures = { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
  console.log(`${label}: ${samples.length} requests, p50 ${figures.p50.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms (max ${sorted.at(-1)!.toFixed(1)} ms)`);
  return figures;
}

interface HttpFigures {
  firstView: { tracking: Figures; campaign: Figures; both: Figures };
  serial: Figures;
  concurrent: { figures: Figures; perSecond: number };
}

/** Where the CPU went during a phase: the machine's shares, and the service's and the database's time per answer. */
function phaseCpu(servicePid: number | undefined, database: string, cpuCount: number) {
  const machine = sampleCpu(servicePid);
  const own = snapshotCpu(servicePid, database);
  return (answers: number, unit: string): CpuCost | null => {
    printCpu(describeCpu(machine, sampleCpu(servicePid), cpuCount));
    const cost = costPerAnswer(own, snapshotCpu(servicePid, database), answers);
    const line = describeCost(cost);
    if (line) console.log(`  cpu per ${unit}: ${line}`);
    return cost;
  };
}

/**
 * The view through HTTP: the built service as a child process (one api process), the finance
 * officer signed in through POST /api/auth/login, every answer JSON-encoded and read in full over
 * keep-alive connections.
 */
async function overHttp(url: string, campaignId: string, username: string): Promise<HttpFigures> {
  // One api process, so the figures are one process's (API_PROCESSES is read by later versions of the service).
  const service = await startService(url, { poolMax: 10, env: { API_PROCESSES: '1' } });
  const clients = Array.from({ length: CONCURRENT_CLIENTS }, () => new HttpClient(service.port));
  const cpuCount = cpus().length;
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  try {
    for (const client of clients) await client.signIn(username, BENCH_PASSWORD);
    const [serialClient] = clients as [HttpClient, ...HttpClient[]];
    console.log(`http: service on 127.0.0.1:${service.port} (pid ${service.pid}, pool 10), finance officer signed in through POST /api/auth/login, ${cpuCount} CPUs shared by the service, PostgreSQL and this client`);
    const first = await timedGet(serialClient, trackingPath(campaignId, mix(0)));
    const total = (JSON.parse(first.answer.body) as { total: number }).total;
    if (total !== UNITS) throw new Error(`the unfiltered view counted ${total} units over HTTP, not ${UNITS}`);
    for (let round = 0; round < WARM_UP; round += 1) await timedGet(serialClient, trackingPath(campaignId, mix(round)));

    // The console's first view: its campaign and its first page of 20 rows, both asked for at once.
    const consolePath = trackingPath(campaignId, { filter: {}, limit: CONSOLE_PAGE_SIZE, offset: 0 });
    const tracking: number[] = [];
    const trackingBytes: number[] = [];
    const campaign: number[] = [];
    const campaignBytes: number[] = [];
    const both: number[] = [];
    let cpu = phaseCpu(service.pid, database, cpuCount);
    for (let round = 0; round < FIRST_VIEWS; round += 1) {
      const started = performance.now();
      const [page, detail] = await Promise.all([timedGet(clients[0]!, consolePath), timedGet(clients[1]!, `/api/campaigns/${campaignId}`)]);
      both.push(performance.now() - started);
      tracking.push(page.ms);
      trackingBytes.push(page.answer.bytes);
      campaign.push(detail.ms);
      campaignBytes.push(detail.answer.bytes);
    }
    const firstView = { tracking: figuresOf(tracking, trackingBytes), campaign: figuresOf(campaign, campaignBytes), both: figuresOf(both, []) };
    console.log(`console's first view (GET ${consolePath.replace(campaignId, ':id')} beside GET /api/campaigns/:id, ${FIRST_VIEWS} times):`);
    console.log(`  tracking page: ${describe(firstView.tracking)}`);
    console.log(`  campaign: ${describe(firstView.campaign)}`);
    console.log(`  both answered: p50 ${firstView.both.p50.toFixed(1)} ms, p95 ${firstView.both.p95.toFixed(1)} ms, p99 ${firstView.both.p99.toFixed(1)} ms`);
    cpu(FIRST_VIEWS, 'first view (both requests)');

    cpu = phaseCpu(service.pid, database, cpuCount);
    const serial = await run([serialClient], ROUNDS, (n) => trackingPath(campaignId, mix(n)));
    console.log(`serial (the mix above through HTTP, one client): ${describe(serial.figures)}`);
    cpu(ROUNDS, 'answer');

    cpu = phaseCpu(service.pid, database, cpuCount);
    const concurrent = await run(clients, ROUNDS, (n) => trackingPath(campaignId, mix(n)));
    const perSecond = concurrent.figures.count / concurrent.seconds;
    console.log(`concurrent (the same mix, ${CONCURRENT_CLIENTS} clients, closed loop): ${describe(concurrent.figures)}, ${perSecond.toFixed(1)} answers/s`);
    cpu(ROUNDS, 'answer');
    const warnings = service.warnings();
    if (warnings.length > 0) console.log(`  the service logged ${warnings.length} warnings; the first: ${warnings[0]!.slice(0, 300)}`);
    return { firstView, serial: serial.figures, concurrent: { figures: concurrent.figures, perSecond } };
  } finally {
    for (const client of clients) client.close();
    await service.stop();
  }
}

function printCpu(line: string | null): void {
  if (line) console.log(`  cpu: ${line}`);
}

async function main(): Promise<void> {
  const url = databaseUrlOrExit();
  killChildrenOnExit();
  await migrate({ url, poolMax: 1 });
  const pool = new Pool({ connectionString: url, max: 1 });
  const app = await createApp(loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', HISTORY_KEY: BENCH_HISTORY_KEY }), { url, poolMax: 4 });
  let campaignId: string;
  let username: string;
  let inProcess: { p95: number };
  try {
    const built = await build(pool);
    campaignId = built.campaignId;
    const officer = built.officer;
    username = officer.username;
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
    inProcess = summary('in process (TrackingService.page, no HTTP)', serviceTimes);
    const bare = summary('raw SQL (the same statement through pg)', rawTimes);
    console.log(`in process: p95 ${inProcess.p95.toFixed(1)} ms (raw SQL ${bare.p95.toFixed(1)} ms, target ${TARGET_MS} ms)`);
    // The officer signs in through the API like a person: give the account a password.
    await pool.query('UPDATE users SET password_hash = $1 WHERE id = $2', [await app.get(PasswordHasher).hash(BENCH_PASSWORD), officer.userId]);
  } finally {
    await app.close();
  }
  try {
    const http = await overHttp(url, campaignId, username);
    const worst = Math.max(http.serial.p95, http.firstView.tracking.p95, http.concurrent.figures.p95);
    console.log(
      `verdict: serial p95 ${http.serial.p95.toFixed(1)} ms, first view ${http.firstView.tracking.p95.toFixed(1)} ms, ${CONCURRENT_CLIENTS} clients ${http.concurrent.figures.p95.toFixed(1)} ms: ` +
        `${worst < HTTP_TARGET_MS ? 'MET' : 'MISSED'} (every p95 under ${HTTP_TARGET_MS} ms: ${worst < HTTP_TARGET_MS ? 'yes' : 'no'})`,
    );
    console.log(`RESULT tracking_http: ${http.serial.p95.toFixed(1)} ms (baseline ${inProcess.p95.toFixed(1)} ms, target ${HTTP_TARGET_MS} ms)`);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
