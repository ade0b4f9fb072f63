import { readFileSync } from 'node:fs';
import { clockTicksPerSecond, processTree, scanProcesses } from './processes';

/**
 * Where the machine's CPU went during a phase, from /proc (Linux only): this client (or pgbench),
 * the service (the api process and any workers under it), every PostgreSQL process (of any
 * database), and everything else. "Other" is what the rest of the machine took from the benchmark;
 * when it is large, the figures say more about the neighbours than about the service.
 */
export interface CpuSample {
  total: number;
  busy: number;
  bench: number;
  service: number;
  postgres: number;
  /** Interrupt handling (irq + softirq in /proc/stat): on loopback, much of the network's work is here. */
  interrupts: number;
  /** Time the hypervisor gave this VM's CPUs to someone else (steal); counted busy. */
  steal: number;
  /** Every other process's ticks by name (kernel threads' numbers dropped: kworker/1:2 is kworker). */
  others: Map<string, number>;
}

export function sampleCpu(servicePid: number | undefined): CpuSample | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal ...: idle and iowait are not busy.
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    const busy = total - cpu[3]! - cpu[4]!;
    const all = scanProcesses();
    // The service is the api process and, with API_PROCESSES above 1, its workers under it.
    const serviceTree = new Set(processTree(servicePid, all));
    let bench = 0;
    let service = 0;
    let postgres = 0;
    const others = new Map<string, number>();
    for (const { pid, comm, ticks } of all.values()) {
      // pgbench is the client of the ceiling phase.
      if (pid === process.pid || comm === 'pgbench') bench += ticks;
      else if (serviceTree.has(pid)) service += ticks;
      else if (comm === 'postgres' || comm.startsWith('postgres:')) postgres += ticks;
      else {
        const name = comm.replace(/\/.*$/, '');
        others.set(name, (others.get(name) ?? 0) + ticks);
      }
    }
    return { total, busy, bench, service, postgres, interrupts: cpu[5]! + cpu[6]!, steal: cpu[7]!, others };
  } catch {
    return null;
  }
}

/** Shares of one CPU (100% = one core busy) between two samples, as a line of text. */
export function describeCpu(before: CpuSample | null, after: CpuSample | null, cpus: number): string | null {
  if (!before || !after || after.total <= before.total) return null;
  // /proc/stat's aggregate line counts every CPU, so its ticks grow cpus times faster than wall time.
  const wall = (after.total - before.total) / cpus;
  const share = (a: number, b: number) => Math.max(0, Math.round(((a - b) / wall) * 100));
  const busy = share(after.busy, before.busy);
  const bench = share(after.bench, before.bench);
  const service = share(after.service, before.service);
  const postgres = share(after.postgres, before.postgres);
  const other = Math.max(0, busy - service - postgres - bench);
  // What "other" is made of: interrupts, the hypervisor's steal, and the busiest other processes by name.
  const parts = [`interrupts ${share(after.interrupts, before.interrupts)}%`, `steal ${share(after.steal, before.steal)}%`];
  const named = [...after.others]
    .map(([name, ticks]) => ({ name, percent: share(ticks, before.others.get(name) ?? 0) }))
    .filter((p) => p.percent > 0)
    .sort((a, b) => b.percent - a.percent)
    .slice(0, 3);
  for (const p of named) parts.push(`${p.name} ${p.percent}%`);
  return `service ${service}%, postgres ${postgres}%, bench client ${bench}%, other processes ${other}% (of ${cpus * 100}%; other: ${parts.join(', ')})`;
}

/** PostgreSQL's processes' CPU between two samples, in seconds of one core. */
export function postgresSeconds(before: CpuSample | null, after: CpuSample | null): number | null {
  return before && after && after.total > before.total ? (after.postgres - before.postgres) / clockTicksPerSecond() : null;
}

/** A phase's CPU: the `cpu:` line's text, and PostgreSQL's own seconds of CPU over the sampled span. */
export interface PhaseCpu {
  text: string | null;
  postgres: { seconds: number; spanSeconds: number } | null;
}

/**
 * Samples the CPU inside a phase that starts now and lasts `seconds`, leaving a margin at both ends
 * so that processes starting or ending with the phase (pgbench and its connections) are counted.
 */
export function cpuDuring(servicePid: number | undefined, seconds: number, cpus: number): Promise<PhaseCpu> {
  const margin = Math.min(1, seconds * 0.1) * 1000;
  const spanSeconds = seconds - (2 * margin) / 1000;
  return new Promise((resolve) => {
    setTimeout(() => {
      const before = sampleCpu(servicePid);
      setTimeout(() => {
        const after = sampleCpu(servicePid);
        const postgres = postgresSeconds(before, after);
        resolve({ text: describeCpu(before, after, cpus), postgres: postgres === null ? null : { seconds: postgres, spanSeconds } });
      }, spanSeconds * 1000);
    }, margin);
  });
}
