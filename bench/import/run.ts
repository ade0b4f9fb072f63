import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { loadConfig } from '@jixiao/config';
import { readUnitSheet, type SheetFormat } from '@jixiao/evaluation';
import { createApp } from '../../apps/api/src/create-app';
import { ApiClient, inDays } from '../../test/support/api-client';
import { newWorld } from '../../test/support/world';
import { deflateRepeated, SHEET_HEAD, SHEET_TAIL, sheetXml, workbookAround } from '../../test/support/zip';
import { killChildrenOnExit, startService } from '../transitions/service';

/**
 * bench/import: how long /api/health takes to answer while the service reads hostile unit lists
 * (a zip bomb, a zip whose sizes lie, a 600,000-row CSV, a 6,000-row workbook) and a normal one.
 * Baseline, same run: how long this process's own event loop is blocked when it reads the same
 * files with the same reader on its main thread, i.e. what /api/health would wait for without the
 * worker thread. Prints `RESULT import-health: <max ms> ms (baseline <ms> ms, target 100 ms)`.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MiB = 1024 * 1024;
const TARGET_MS = 100;
/** Pause between two health requests of one sampler; a few samplers run at once. */
const SAMPLE_PAUSE_MS = 10;
const SAMPLERS = 2;
/** The idle phase: /api/health with no import running, for comparison on a busy machine. */
const IDLE_MS = 3000;

interface BenchFile {
  label: string;
  bytes: Buffer;
  format: SheetFormat;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function files(codes: readonly string[]): Promise<BenchFile[]> {
  const bomb = await deflateRepeated(SHEET_HEAD, ' ', 1536 * MiB, SHEET_TAIL);
  const lying = await deflateRepeated(SHEET_HEAD, '<row/>', 256 * MiB, SHEET_TAIL);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('单位名单');
  sheet.addRow(['序号', '单位代码']);
  codes.forEach((code, index) => sheet.addRow([index + 1, code]));
  return [
    { label: 'xlsx bomb (1.5 GiB inflated)', bytes: workbookAround(bomb), format: 'xlsx' },
    { label: 'xlsx declaring 200 bytes, 256 MiB inflated', bytes: workbookAround(lying, { declaredSheetSize: 200 }), format: 'xlsx' },
    { label: 'csv of 600,000 rows', bytes: Buffer.from(`单位代码\n${'x\n'.repeat(600_000)}`, 'utf8'), format: 'csv' },
    { label: 'xlsx of 6,000 rows', bytes: workbookAround(sheetXml([['单位代码'], ...Array.from({ length: 6000 }, (_, i) => [`X${i}`])])), format: 'xlsx' },
    { label: `normal xlsx of ${codes.length} units`, bytes: Buffer.from(await book.xlsx.writeBuffer()), format: 'xlsx' },
  ];
}

function send(agent: Agent, port: number, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, method, path, agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('Set DATABASE_URL to a PostgreSQL database the bench may add data to.');
  killChildrenOnExit();
  // The service migrates the database as it starts; the people are then written through the stores.
  const service = await startService(databaseUrl, { poolMax: 4 });
  try {
    const setupApp = await createApp(loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false' }), { url: databaseUrl, poolMax: 2 });
    const world = await newWorld(setupApp, { unitCount: 20 }).finally(() => setupApp.close());
    const api = new ApiClient(`http://127.0.0.1:${service.port}`);
    const officer = world.bureau.officer;
    const created = await api.post(officer, '/api/campaigns', {
      documentNumber: `压测财〔2024〕${world.tag}号`,
      title: '导入压测',
      fiscalYear: 2023,
      submissionDeadline: inDays(30),
      publicationDeadline: inDays(45),
      unitIds: [world.units[0]!.id],
    });
    if (created.status !== 201) throw new Error(`creating the draft failed: ${created.status} ${JSON.stringify(created.body)}`);
    const token = await api.token(officer);
    const started = performance.now();
    const inputs = await files(world.units.map((_, index) => `U${index + 1}-${world.tag}`));
    console.log(`bench import: service on 127.0.0.1:${service.port}, ${SAMPLERS} health samplers (${SAMPLE_PAUSE_MS} ms pause), files built in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const agent = new Agent({ keepAlive: true, maxSockets: SAMPLERS + 2 });
    const sampling = (latencies: number[], going: () => boolean) =>
      Array.from({ length: SAMPLERS }, async () => {
        while (going()) {
          const sent = performance.now();
          const health = await send(agent, service.port, 'GET', '/api/health');
          if (health.status !== 200) throw new Error(`/api/health answered ${health.status}`);
          latencies.push(performance.now() - sent);
          await new Promise((resolve) => setTimeout(resolve, SAMPLE_PAUSE_MS));
        }
      });
    const idle: number[] = [];
    const idleUntil = performance.now() + IDLE_MS;
    await Promise.all(sampling(idle, () => performance.now() < idleUntil));
    const idleSorted = idle.sort((a, b) => a - b);
    console.log(`idle (no import, ${IDLE_MS / 1000} s): /api/health ${idle.length} answers, p50 ${ms(percentile(idleSorted, 50))}, p99 ${ms(percentile(idleSorted, 99))}, max ${ms(idleSorted.at(-1) ?? 0)}`);
    let worst = 0;
    for (const file of inputs) {
      const latencies: number[] = [];
      let importing = true;
      const samplers = sampling(latencies, () => importing);
      const posted = performance.now();
      const answer = await send(agent, service.port, 'POST', `/api/campaigns/${created.body.id}/units/import`, { Authorization: `Bearer ${token}`, 'Content-Type': file.format === 'xlsx' ? XLSX : 'text/csv' }, file.bytes);
      const took = performance.now() - posted;
      // Keep sampling briefly after the answer, so a stall right at the end is seen too.
      await new Promise((resolve) => setTimeout(resolve, 50));
      importing = false;
      await Promise.all(samplers);
      const parsed = JSON.parse(answer.body) as { code?: string; details?: { problems?: Array<{ code: string }> }; unitCount?: number };
      const outcome = parsed.code ? `${parsed.code}${parsed.details?.problems ? ` ${parsed.details.problems[0]!.code}` : ''}` : `${parsed.unitCount} units`;
      const sorted = [...latencies].sort((a, b) => a - b);
      const max = sorted.at(-1) ?? 0;
      worst = Math.max(worst, max);
      console.log(
        `${file.label} (${(file.bytes.length / 1024).toFixed(0)} KiB): ${answer.status} ${outcome} in ${ms(took)}; /api/health ${latencies.length} answers, p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(max)}`,
      );
    }
    agent.destroy();

    // Baseline: the same reader on this process's main thread; its run time is how long the event loop is blocked.
    let baseline = 0;
    for (const file of inputs) {
      const begun = performance.now();
      const sheet = readUnitSheet(file.bytes, file.format);
      const blocked = performance.now() - begun;
      baseline = Math.max(baseline, blocked);
      console.log(`  main-thread read of ${file.label}: ${sheet.ok ? `${sheet.rows.length} rows` : sheet.problems[0]!.code}, event loop blocked ${ms(blocked)}`);
    }
    console.log(`verdict: ${worst < TARGET_MS ? 'MET' : 'MISSED'} (max /api/health ${ms(worst)} vs ${TARGET_MS} ms)`);
    console.log(`RESULT import-health: ${worst.toFixed(1)} ms (baseline ${baseline.toFixed(1)} ms, target ${TARGET_MS} ms)`);
  } finally {
    await service.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
