import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withClient } from './database';
import { track } from './service';
import { JOURNAL_LOCK_SQL, JOURNAL_WRITE_SQL } from '@jixiao/persistence';

export interface Ceiling {
  tps: number;
  latencyMs: number;
  transactions: number;
  /** Whether every transaction's UPDATE found the version it had read (the case versions grew by exactly that many). */
  allMatched: boolean;
}

/** The link the bench writes: unkeyed SHA-256 in SQL, since pgbench cannot compute the journal's HMAC (its key stays in the service). */
const LINK = `jixiao_history_hash(':head', ':case_id'::uuid, :version + 1, 'BENCH_PGBENCH', ':state', ':state', ':actor'::uuid, NULL, 'pgbench', '{}'::jsonb, :content_version, now())`;

/** The one case's row of the journal's write, as `HistoryJournal.appendMany` builds it in the service. */
const CASE_ROW = `jsonb_build_array(jsonb_build_object('id', ':case_id', 'from_version', :version, 'version', :version + 1, 'prev_hash', ':head', 'head', ${LINK},
  'updated_at', now(), 'state', ':state', 'set_submission', false, 'returns_added', 0))`;

/** The one history record of the journal's write. */
const RECORD_ROW = `jsonb_build_array(jsonb_build_object('case_id', ':case_id', 'seq', :version + 1, 'event', 'BENCH_PGBENCH', 'from_state', ':state', 'to_state', ':state',
  'actor_id', ':actor', 'comment', 'pgbench', 'details', '{}'::jsonb, 'content_version', :content_version, 'created_at', now(), 'prev_hash', ':head', 'hash', ${LINK}))`;

/**
 * The writes of one accepted event without the service around them, in one transaction, with the
 * journal's own two statements (`JOURNAL_LOCK_SQL`, `JOURNAL_WRITE_SQL`): lock the case and read its
 * version and head, then the version-checked UPDATE of the case row and the history INSERT
 * numbered with the new version and chained to the head, in one statement. Only the link differs
 * (see LINK): the bench's rows are unkeyed, so a case they were written to no longer verifies.
 * Each client works on its own case (client_id picks it), as the HTTP clients do. The state is
 * written back unchanged, so the cases stay where the service left them; the history rows are
 * marked BENCH_PGBENCH.
 *
 * pgbench replaces :name anywhere in the text in its default simple protocol, inside quotes too.
 */
const SCRIPT = `
\\set n :client_id % :cases
BEGIN;
SELECT id AS case_id FROM evaluation_cases WHERE campaign_id = ':campaign' ORDER BY id OFFSET :n LIMIT 1 \\gset
${JOURNAL_LOCK_SQL.replace('$1::uuid[]', "ARRAY[':case_id']::uuid[]")} \\gset
${JOURNAL_WRITE_SQL.replace('$1::jsonb', CASE_ROW).replace('$2::jsonb', RECORD_ROW)};
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
