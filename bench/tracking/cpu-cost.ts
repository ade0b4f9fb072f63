import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent by the service process and by the PostgreSQL sessions connected to the bench's
 * database, from /proc (Linux only). Unlike the machine's shares, these do not count what other
 * processes (or other databases on the same server) took, so the cost per answer stays comparable
 * between a quiet run and a busy one, where latencies do not.
 */
export interface CpuCost {
  serviceMs: number;
  databaseMs: number;
}

let tickMs: number | null = null;

function msPerTick(): number {
  if (tickMs === null) {
    try {
      tickMs = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      tickMs = 10; // USER_HZ is 100 on every usual Linux
    }
  }
  return tickMs;
}

/** utime + stime of one process, in ticks; null when it is gone. */
function ticksOf(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** A session's process title is "postgres: <cluster>: <user> <database> <client> <activity>". */
function servesDatabase(pid: string, database: string): boolean {
  try {
    const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return title.startsWith('postgres:') && title.split(' ').includes(database);
  } catch {
    return false;
  }
}

/** Per session, so that a session opened or closed during a phase counts only its own time. */
export interface CpuSnapshot {
  service: number;
  sessions: Map<string, number>;
}

export function snapshotCpu(servicePid: number | undefined, database: string): CpuSnapshot | null {
  if (process.platform !== 'linux' || servicePid === undefined) return null;
  const sessions = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || !servesDatabase(entry, database)) continue;
    const ticks = ticksOf(entry);
    if (ticks !== null) sessions.set(entry, ticks);
  }
  return { service: ticksOf(String(servicePid)) ?? 0, sessions };
}

/** CPU per answer between two snapshots, in milliseconds. */
export function costPerAnswer(before: CpuSnapshot | null, after: CpuSnapshot | null, answers: number): CpuCost | null {
  if (!before || !after || answers === 0) return null;
  let database = 0;
  for (const [pid, ticks] of after.sessions) database += ticks - (before.sessions.get(pid) ?? 0);
  const ms = msPerTick();
  return { serviceMs: ((after.service - before.service) * ms) / answers, databaseMs: (database * ms) / answers };
}

export function describeCost(cost: CpuCost | null): string | null {
  if (!cost) return null;
  return `service ${cost.serviceMs.toFixed(2)} ms, PostgreSQL ${cost.databaseMs.toFixed(2)} ms (the sessions on the bench's database)`;
}
