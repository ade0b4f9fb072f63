/**
 * Start-up time of `npm start`'s service on the embedded database: the first start on an empty
 * data directory (initdb, migrations, demo data) and a later start on the same directory, each
 * from spawning the process to the first 200 from /api/health. The baseline is a bare `node`
 * process on this machine, the floor under both.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve(__dirname, '../../apps/api/src/main.js');

async function healthy(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no healthy answer from ${url}`);
}

async function timedStart(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, DATABASE_URL: '', API_PROCESSES: '1', DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await healthy(`http://127.0.0.1:${port}/api/health`, Date.now() + 120_000);
    return (performance.now() - started) / 1000;
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jixiao-startup-'));
  const port = 3900 + Math.floor(Math.random() * 90);
  try {
    const bare = performance.now();
    spawnSync(process.execPath, ['-e', '']);
    const baseline = (performance.now() - bare) / 1000;
    const first = await timedStart(dataDir, port);
    const later = [await timedStart(dataDir, port), await timedStart(dataDir, port)];
    const laterBest = Math.min(...later);
    console.log(`bare node process:      ${baseline.toFixed(2)} s`);
    console.log(`first start (empty dir): ${first.toFixed(2)} s   target < 15 s`);
    console.log(`later starts:           ${later.map((s) => s.toFixed(2)).join(' s, ')} s   target < 5 s`);
    console.log(`RESULT startup-first: ${first.toFixed(2)} s (baseline ${baseline.toFixed(2)} s, target 15 s)`);
    console.log(`RESULT startup-later: ${laterBest.toFixed(2)} s (baseline ${baseline.toFixed(2)} s, target 5 s)`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
