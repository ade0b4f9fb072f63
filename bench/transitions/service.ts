import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { QUERY_STATS_LINE, type LoopDelay, type QueryStats } from '@jixiao/persistence';
import { BENCH_HISTORY_KEY } from '../history-key';
import { processTree, servingProcesses } from './processes';

/** The real service, started from its build output as a child process. */
export interface RunningService {
  port: number;
  pid: number | undefined;
  /** The api process and every process under it (the cluster workers), pid first. */
  processes(): number[];
  /** The processes that serve requests: the cluster's workers, or the api process itself. */
  serving(): number[];
  /**
   * What the serving processes have sent to PostgreSQL since they started, summed, with each
   * process's own counts; null if one of them did not answer SIGUSR2 within `timeoutMs`. `serving`
   * is what `serving()` gave, to spare a look through /proc on every call.
   */
  queryStats(serving?: number[], timeoutMs?: number): Promise<ServiceQueryStats | null>;
  /** Log lines at warn level or above the service wrote while it ran. */
  warnings(): string[];
  /** How the service ended, with the last lines it wrote; null if it still runs after `waitMs`. */
  ended(waitMs: number): Promise<string | null>;
  stop(): Promise<void>;
}

export interface ServiceQueryStats extends QueryStats {
  byProcess: Array<QueryStats & { pid: number; memory: NodeJS.MemoryUsage | null; loop: LoopDelay | null }>;
}

const children = new Set<ChildProcess>();

/**
 * Kills every child still running. Registered once on 'exit' so the service never outlives the
 * benchmark, whatever way the benchmark ends; 'exit' handlers must be synchronous, hence SIGKILL.
 */
export function killChildrenOnExit(): void {
  process.once('exit', () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
}

/** Tracks a child process so that it is killed when the benchmark exits. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export async function startService(
  databaseUrl: string,
  options: { poolMax: number; apiProcesses?: number; timeoutMs?: number; env?: Record<string, string> },
): Promise<RunningService> {
  const main = join(__dirname, '..', '..', 'apps', 'api', 'src', 'main.js');
  // e.g. BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the service spends its time.
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const child = track(
    spawn(process.execPath, [...nodeArgs, main], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        HISTORY_KEY: BENCH_HISTORY_KEY,
        // Port 0: the system picks a free port, and the start banner tells us which.
        PORT: '0',
        PUBLIC_URL: '',
        DEMO_DATA: 'false',
        DATABASE_POOL_MAX: String(options.poolMax),
        // Per process: N api processes hold up to N × the pool. A build without API_PROCESSES ignores it.
        API_PROCESSES: String(options.apiProcesses ?? 1),
        DATABASE_LOG_QUERIES: 'false',
        // As the Docker image sets it (apps/api/src/heap.ts); a run can set another in its own environment.
        MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072',
        LOG_LEVEL: 'warn',
        LOG_PRETTY: 'false',
        // One finance officer's token drives all 16 cases (~36 requests a second), far past what
        // one person sends; the per-session ceiling is for people, not for this load.
        API_MAX_REQUESTS_PER_MINUTE: '1000000',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const warnings: string[] = [];
  const tail: string[] = [];
  // The statement counts each api process writes on SIGUSR2, the latest per pid, numbered in order of arrival.
  const stats = new Map<number, { seq: number; stats: QueryStats & { memory: NodeJS.MemoryUsage | null; loop: LoopDelay | null } }>();
  let statsSeq = 0;
  const statsWaiters = new Set<() => void>();
  // BENCH_SERVICE_LOG=file keeps everything the service writes, e.g. with BENCH_SERVICE_NODE_ARGS=--trace-gc.
  const log = process.env.BENCH_SERVICE_LOG ? createWriteStream(process.env.BENCH_SERVICE_LOG) : null;
  const remember = (line: string) => {
    log?.write(`${line}\n`);
    if (line.startsWith(QUERY_STATS_LINE)) {
      let reported: QueryStats & { pid: number; memory?: NodeJS.MemoryUsage; loop?: LoopDelay };
      try {
        reported = JSON.parse(line.slice(QUERY_STATS_LINE.length)) as QueryStats & { pid: number; memory?: NodeJS.MemoryUsage; loop?: LoopDelay };
      } catch {
        return; // not a whole line; the wait for it times out and the figures read as unknown
      }
      statsSeq += 1;
      stats.set(reported.pid, {
        seq: statsSeq,
        stats: { queries: reported.queries, bytesSent: reported.bytesSent, bytesReceived: reported.bytesReceived, memory: reported.memory ?? null, loop: reported.loop ?? null },
      });
      for (const wake of statsWaiters) wake();
      return;
    }
    tail.push(line);
    if (tail.length > 50) tail.shift();
    // pino writes JSON lines; level 40 is warn, 50 error, 60 fatal.
    const level = /^\{"level":(\d+)/.exec(line);
    if (level && Number(level[1]) >= 40) warnings.push(line);
  };
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => fail(new Error(`the service did not start within ${(options.timeoutMs ?? 60_000) / 1000} s`)), options.timeoutMs ?? 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(new Error(`${error.message}\n--- service output ---\n${tail.join('\n')}`));
    };
    // Both pipes are read until the end: a full pipe would block the service.
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        remember(line);
        const ready = /Jixiao is ready .* at https?:\/\/[^:/]+:(\d+)\//.exec(line);
        if (ready) {
          clearTimeout(timer);
          resolve(Number(ready[1]));
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => fail(new Error(`the service exited during start (code ${code}, signal ${signal})`)));
    child.once('error', fail);
  });
  const ended = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(`the service ended (code ${code}, signal ${signal}); its last output:\n${tail.join('\n')}`)),
  );
  const processes = () => processTree(child.pid);
  const serving = () => servingProcesses(child.pid);
  /**
   * Asks the processes that serve requests: the api process itself, or with a cluster its workers
   * (not the primary, which would forward the signal and make a worker answer twice).
   */
  const queryStats = async (asked = serving(), timeoutMs = 3000): Promise<ServiceQueryStats | null> => {
    if (asked.length === 0) return null;
    const since = statsSeq;
    const answered = () => asked.every((pid) => (stats.get(pid)?.seq ?? 0) > since);
    const done = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => finish(false), timeoutMs);
      const check = () => {
        if (answered()) finish(true);
      };
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        statsWaiters.delete(check);
        resolve(ok);
      };
      statsWaiters.add(check);
    });
    for (const pid of asked) {
      try {
        process.kill(pid, 'SIGUSR2');
      } catch {
        // it ended; the wait below says so
      }
    }
    if (!(await done)) return null;
    const byProcess = asked.map((pid) => ({ pid, ...stats.get(pid)!.stats }));
    return {
      queries: byProcess.reduce((sum, p) => sum + p.queries, 0),
      bytesSent: byProcess.reduce((sum, p) => sum + p.bytesSent, 0),
      bytesReceived: byProcess.reduce((sum, p) => sum + p.bytesReceived, 0),
      byProcess,
    };
  };
  return {
    port,
    pid: child.pid,
    processes,
    serving,
    queryStats,
    warnings: () => [...warnings],
    ended: (waitMs) => Promise.race([ended, new Promise<null>((resolve) => setTimeout(() => resolve(null), waitMs).unref())]),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
