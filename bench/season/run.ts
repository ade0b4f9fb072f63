import { join } from 'node:path';
import { databaseUrlOrExit } from '../support/bulk-world';
import { runSeason } from './season';

/**
 * npm run season: a whole season on the PostgreSQL server that DATABASE_URL names (in a database
 * of its own, dropped at the end). Knobs: SEASON_UNITS (300), SEASON_API_PROCESSES (1),
 * SEASON_WORKERS (1), SEASON_CONCURRENCY (units acting at once, 24), SEASON_SEED (random unless
 * given; printed first, so that a failing season can be replayed), SEASON_KEEP_DATABASE=1.
 */
const knob = (name: string, fallback: number, max: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    console.error(`${name} must be a whole number from 1 to ${max}, not "${process.env[name]}"`);
    process.exit(2);
  }
  return value;
};

async function main(): Promise<void> {
  const serverUrl = databaseUrlOrExit();
  const report = await runSeason({
    serverUrl,
    build: join(__dirname, '..', '..'),
    units: knob('SEASON_UNITS', 300, 5000),
    apiProcesses: knob('SEASON_API_PROCESSES', 1, 16),
    workers: knob('SEASON_WORKERS', 1, 16),
    concurrency: knob('SEASON_CONCURRENCY', 24, 500),
    seed: process.env.SEASON_SEED ? knob('SEASON_SEED', 1, 2 ** 31 - 1) : Math.floor(Math.random() * 2 ** 31),
    keepDatabase: process.env.SEASON_KEEP_DATABASE === '1',
  });
  process.exitCode = report.errors === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
