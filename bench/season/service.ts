import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** One process of the service (the api, with its cluster workers, or a worker), started from a build. */
export interface SeasonProcess {
  name: string;
  child: ChildProcess;
  /** Lines the process wrote at error level or above (pino 50/60), and anything on stderr that is not JSON. */
  errors: string[];
  /** The last lines it wrote, for a failure's message. */
  tail: string[];
  /** Resolves with the first line that matches. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Its peak resident memory (VmHWM) and that of every process under it, in bytes, read from /proc. */
  peakMemory(): Array<{ pid: number; bytes: number }>;
  stop(): Promise<void>;
}

/** A port free on the loopback now, for a process that must be told its port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
let exitHookSet = false;

/** Starts `main` (a built entry point) with `env`; every process started here is killed if this one exits. */
export function startProcess(name: string, main: string, env: Record<string, string>): SeasonProcess {
  if (!exitHookSet) {
    exitHookSet = true;
    process.once('exit', () => {
      for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
  }
  const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const errors: string[] = [];
  const tail: string[] = [];
  /** Every line so far (the first thousand): a wait looks through them before it waits for more. */
  const seen: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (match: RegExpExecArray) => void }>();
  const read = (stream: NodeJS.ReadableStream, stderr: boolean) => {
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        tail.push(line);
        if (tail.length > 40) tail.shift();
        if (seen.length < 1000) seen.push(line);
        const level = /^\{"level":(\d+)/.exec(line);
        if ((level && Number(level[1]) >= 50) || (stderr && !level && line.trim() !== '')) errors.push(line);
        for (const waiter of waiters) {
          const match = waiter.pattern.exec(line);
          if (match) {
            waiters.delete(waiter);
            waiter.resolve(match);
          }
        }
      }
    });
  };
  read(child.stdout!, false);
  read(child.stderr!, true);
  return {
    name,
    child,
    errors,
    tail,
    waitFor: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        for (const line of seen) {
          const match = pattern.exec(line);
          if (match) return resolve(match);
        }
        const waiter = {
          pattern,
          resolve: (match: RegExpExecArray) => {
            clearTimeout(timer);
            resolve(match);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${name} wrote no line matching ${pattern} within ${timeoutMs / 1000} s; its last lines:\n${tail.join('\n')}`));
        }, timeoutMs);
        waiters.add(waiter);
        child.once('exit', (code, signal) => {
          if (!waiters.has(waiter)) return;
          waiters.delete(waiter);
          clearTimeout(timer);
          reject(new Error(`${name} exited (code ${code}, signal ${signal}); its last lines:\n${tail.join('\n')}`));
        });
      }),
    peakMemory: () => processTree(child.pid).map((pid) => ({ pid, bytes: peakResident(pid) })),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `pid` and its descendants, from /proc (Linux); just `pid` where /proc cannot be read. */
function processTree(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const found = [pid];
  try {
    for (let i = 0; i < found.length; i++) {
      const children = readFileSync(`/proc/${found[i]}/task/${found[i]}/children`, 'utf8').trim();
      if (children !== '') found.push(...children.split(/\s+/).map(Number));
    }
  } catch {
    // a process ended while we looked, or no /proc: what was found stands
  }
  return found;
}

function peakResident(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
