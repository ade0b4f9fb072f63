import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { loadConfig } from '@jixiao/config';
import { CampaignService, DomainError } from '@jixiao/evaluation';
import { migrate } from '@jixiao/persistence';
import { persistLifecycle, startLifecycle } from '@jixiao/workflow';
import { createApp } from '../../apps/api/src/create-app';
import { bulkWorld, databaseUrlOrExit, dateInDays, percentile } from '../support/bulk-world';
import { BENCH_HISTORY_KEY } from '../history-key';

/**
 * Issuing a campaign to 1,000 units through CampaignService.issue (one transaction: the cases,
 * their sections, their first history records, the campaign marked issued), beside the bare
 * INSERT of 1,000 case rows in one transaction on the same database in the same run.
 */
const UNITS = 1000;
const RUNS = 5;
const TARGET_MS = 2000;

async function main(): Promise<void> {
  const url = databaseUrlOrExit();
  await migrate({ url, poolMax: 1 });
  const pool = new Pool({ connectionString: url, max: 2 });
  const app = await createApp(loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', HISTORY_KEY: BENCH_HISTORY_KEY }), { url, poolMax: 4 });
  try {
    const world = await bulkWorld(pool, UNITS);
    const campaigns = app.get(CampaignService);
    const draft = (run: number) =>
      campaigns.create(world.officer, {
        documentNumber: `基准财〔2024〕${world.tag}-${run}号`,
        title: '关于开展整体支出绩效自评的通知',
        fiscalYear: 2023,
        submissionDeadline: dateInDays(30),
        publicationDeadline: dateInDays(45),
        unitIds: world.unitIds,
      });
    const service: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const campaign = await draft(run);
      const started = performance.now();
      await campaigns.issue(world.officer, campaign.id, null);
      service.push(performance.now() - started);
      if (run === 0) {
        const refused = await campaigns.issue(world.officer, campaign.id, null).then(
          () => 'accepted (WRONG)',
          (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
        );
        console.log(`issuing the same campaign again: ${refused}`);
      }
    }
    const raw: number[] = [];
    const persisted = persistLifecycle(startLifecycle({ unitId: world.unitIds[0]!, bureauId: world.bureauId }));
    for (let run = 0; run < RUNS; run += 1) {
      const campaign = await draft(RUNS + run);
      const client = await pool.connect();
      try {
        const started = performance.now();
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO evaluation_cases (campaign_id, unit_id, state, snapshot, machine_version)
           SELECT $1, unnest($2::uuid[]), 'notice_issued', $3::jsonb, $4`,
          [campaign.id, world.unitIds, JSON.stringify(persisted.snapshot), persisted.machineVersion],
        );
        await client.query('COMMIT');
        raw.push(performance.now() - started);
      } finally {
        client.release();
      }
    }
    const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
    console.log(`bench issue: ${UNITS} units, ${RUNS} runs each, outline of the default report`);
    console.log(`service issue (cases + sections + history + campaign, one transaction): ${service.map((v) => v.toFixed(0)).join(', ')} ms; median ${median(service).toFixed(1)} ms`);
    console.log(`raw INSERT of ${UNITS} case rows in one transaction: ${raw.map((v) => v.toFixed(1)).join(', ')} ms; median ${median(raw).toFixed(1)} ms`);
    console.log(`RESULT issue-${UNITS}-units: ${median(service).toFixed(1)} ms (baseline ${median(raw).toFixed(1)} ms, target ${TARGET_MS} ms)`);
  } finally {
    await app.close();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
