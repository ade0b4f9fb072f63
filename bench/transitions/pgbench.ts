import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withClient } from './database';
import { track } from './service';

export interface Ceiling {
  tps: number;
  latencyMs: number;
  transactions: number;
  /** Whether every transaction's UPDATE found the version it had read (the case versions grew by exactly that many). */
  allMatched: boolean;
}

/**
 * The writes of one accepted event without the service around them, in one transaction: read the
 * case's version, the version-checked UPDATE of the case row, and the history INSERT numbered with
 * the version that UPDATE produced and chained by hash to the one before (as CaseStore.advance does). Each client works on its own
 * case (client_id picks it), as the HTTP clients do. State and snapshot are written back unchanged,
 * so the cases stay where the service left them; the history rows are marked BENCH_PGBENCH. An
 * UPDATE that missed its version returns no row, and \gset then fails the client loudly.
 *
 * pgbench replaces :name anywhere in the text in its default simple protocol, inside quotes too.
 */
const SCRIPT = `
\\set n :client_id % :cases
BEGIN;
SELECT id AS case_id, state, version FROM evaluation_cases WHERE campaign_id = ':campaign' ORDER BY id OFFSET :n LIMIT 1 \\gset
UPDATE evaluation_cases
   SET state = ':state', snapshot = snapshot, machine_version = machine_version, version = version + 1, updated_at = now(),
       history_prev_hash = history_hash,
       history_hash = jixiao_history_hash(history_hash, id, version + 1, 'BENCH_PGBENCH', ':state', ':state', ':actor', NULL, 'pgbench', '{}'::jsonb, 1, now())
 WHERE id = ':case_id' AND version = :version
RETURNING version AS new_version, history_prev_hash AS prev_hash, history_hash AS hash \\gset
INSERT INTO case_history (case_id, seq, event, from_state, to_state, actor_id, comment, details, content_version, created_at, prev_hash, hash)
VALUES (':case_id', :new_version, 'BENCH_PGBENCH', ':state', ':state', ':actor', 'pgbench', '{}'::jsonb, 1, now(), ':prev_hash', ':hash');
END;
`;

function pgbenchBinary(): string {
  if (process.env.PGBENCH) return process.env.PGBENCH;
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'pgbench'))) return join(dir, 'pgbench');
  for (const version of ['15', '16', '17', '14']) {
    const candidate = `/usr/lib/postgresql/${version}/bin/pgbench`;
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('pgbench was not found: install postgresql-client or set PGBENCH to its path.');
}

function versionSum(databaseUrl: string, campaignId: string): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const result = await client.query<{ sum: string }>('SELECT coalesce(sum(version), 0)::bigint AS sum FROM evaluation_cases WHERE campaign_id = $1', [campaignId]);
    return Number(result.rows[0]!.sum);
  });
}

export async function measureCeiling(
  databaseUrl: string,
  input: { campaignId: string; actorId: string; cases: number; clients: number; seconds: number },
): Promise<Ceiling> {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-bench-'));
  try {
    const script = join(dir, 'transition.sql');
    writeFileSync(script, SCRIPT);
    const before = await versionSum(databaseUrl, input.campaignId);
    const args = [
      '-n', // no VACUUM of the pgbench_* tables: there are none
      '-c', String(input.clients),
      '-j', '2',
      '-T', String(input.seconds),
      '-D', `campaign=${input.campaignId}`,
      '-D', `actor=${input.actorId}`,
      '-D', `cases=${input.cases}`,
      '-f', script,
      databaseUrl,
    ];
    const output = await new Promise<string>((resolve, reject) => {
      const child = track(spawn(pgbenchBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] }));
      let text = '';
      child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`pgbench exited with code ${code}:\n${text}`))));
    });
    const number = (pattern: RegExp) => {
      const match = pattern.exec(output);
      if (!match) throw new Error(`pgbench output has no ${pattern}:\n${output}`);
      return Number(match[1]);
    };
    const transactions = number(/number of transactions actually processed: (\d+)/);
    const after = await versionSum(databaseUrl, input.campaignId);
    return {
      tps: number(/tps = ([\d.]+)/),
      latencyMs: number(/latency average = ([\d.]+) ms/),
      transactions,
      allMatched: after - before === transactions,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
