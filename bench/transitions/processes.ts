import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * The service as processes (Linux only, from /proc): with API_PROCESSES above 1 the api is a
 * primary that forks its workers, so "the service" is the primary and every process under it.
 */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number;
}

export function parseStat(pid: number, stat: string): ProcessEntry {
  // The command name is in parentheses and may hold spaces; the fields after it are fixed.
  const close = stat.lastIndexOf(')');
  const comm = stat.slice(stat.indexOf('(') + 1, close);
  const fields = stat.slice(close + 2).split(' ');
  // ppid is field 4 of the line, 1 after the name; utime, stime, cutime, cstime are fields 14 to 17,
  // 11 to 14 after it. The children's times hold processes already reaped: the postmaster's hold
  // the backends that ended, the api primary's the workers that ended.
  const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  return { pid, ppid: Number(fields[1]), comm, ticks };
}

/** Every process the machine runs now; empty where /proc cannot be read. */
export function scanProcesses(): Map<number, ProcessEntry> {
  const all = new Map<number, ProcessEntry>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return all;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      all.set(Number(entry), parseStat(Number(entry), readFileSync(`/proc/${entry}/stat`, 'utf8')));
    } catch {
      // it exited while we looked
    }
  }
  return all;
}

/** `root` and every process below it, root first; empty when root does not run. */
export function processTree(root: number | undefined, all: Map<number, ProcessEntry> = scanProcesses()): number[] {
  if (root === undefined || !all.has(root)) return [];
  const children = new Map<number, number[]>();
  for (const p of all.values()) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) tree.push(...(children.get(tree[i]!) ?? []).sort((a, b) => a - b));
  return tree;
}

/** CPU ticks of the given processes so far; a process that has ended counts nothing. */
export function ticksOf(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      ticks += parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8')).ticks;
    } catch {
      // ended
    }
  }
  return ticks;
}

/** Resident memory of one process in bytes (VmRSS), or null when it cannot be read. */
export function residentBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** VmRSS split as the kernel counts it: anonymous memory (heaps, stacks) and mapped files (the node binary, libraries). */
export function residentParts(pid: number): { anon: number; file: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const anon = /^RssAnon:\s+(\d+)\s+kB/m.exec(status);
    const file = /^RssFile:\s+(\d+)\s+kB/m.exec(status);
    return anon && file ? { anon: Number(anon[1]) * 1024, file: Number(file[1]) * 1024 } : null;
  } catch {
    return null;
  }
}

let ticksPerSecond: number | null = null;

/** The kernel's clock ticks per second for /proc times (CLK_TCK, 100 on common Linux builds). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The processes that serve requests: with a cluster, the primary's workers (its children started
 * with the primary's own command line, as `node:cluster` starts them); otherwise the process itself.
 * Any other child (a helper the api may start) serves nothing itself.
 */
export function servingProcesses(root: number | undefined, all: Map<number, ProcessEntry> = scanProcesses()): number[] {
  if (root === undefined || !all.has(root)) return [];
  const command = commandLine(root);
  const workers = [...all.values()]
    .filter((p) => p.ppid === root && command !== null && commandLine(p.pid) === command)
    .map((p) => p.pid)
    .sort((a, b) => a - b);
  return workers.length > 0 ? workers : [root];
}
