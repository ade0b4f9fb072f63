import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { Principal } from '@jixiao/evaluation';

/** A bureau with one finance officer and `unitCount` budget units, written set-based straight into the database. */
export interface BulkWorld {
  tag: string;
  bureauId: string;
  officer: Principal;
  unitIds: string[];
}

export function databaseUrlOrExit(): string {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    console.error('Set DATABASE_URL to the PostgreSQL server to measure, e.g. postgres://postgres@127.0.0.1:5432/jixiao_bench6');
    process.exit(2);
  }
  return url;
}

export async function bulkWorld(pool: Pool, unitCount: number): Promise<BulkWorld> {
  const tag = randomUUID().slice(0, 8);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const bureau = await client.query<{ id: string }>(`INSERT INTO organisations (kind, name, code) VALUES ('finance_bureau', $1, $2) RETURNING id`, [`基准财政局 ${tag}`, `BB-${tag}`]);
    const bureauId = bureau.rows[0]!.id;
    // Nobody signs in as this officer: the benchmark calls the services with a principal.
    const officer = await client.query<{ id: string }>(
      `INSERT INTO users (organisation_id, username, display_name, password_hash) VALUES ($1, $2, $3, 'not-a-password-hash') RETURNING id`,
      [bureauId, `bench.officer.${tag}`, `基准科员 ${tag}`],
    );
    const officerId = officer.rows[0]!.id;
    await client.query(`INSERT INTO role_assignments (user_id, organisation_id, role) VALUES ($1, $2, 'finance_officer')`, [officerId, bureauId]);
    const units = await client.query<{ id: string }>(
      `INSERT INTO organisations (kind, name, code)
       SELECT 'unit', '基准预算单位' || lpad(i::text, 5, '0') || ' ' || $2, 'BU' || i || '-' || $2 FROM generate_series(1, $1::int) AS i
       RETURNING id`,
      [unitCount, tag],
    );
    await client.query('COMMIT');
    return {
      tag,
      bureauId,
      unitIds: units.rows.map((r) => r.id),
      officer: {
        sessionId: randomUUID(),
        userId: officerId,
        username: `bench.officer.${tag}`,
        displayName: `基准科员 ${tag}`,
        organisationId: bureauId,
        organisationKind: 'finance_bureau',
        organisationName: `基准财政局 ${tag}`,
        roles: ['finance_officer'],
      },
    };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function dateInDays(days: number): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
