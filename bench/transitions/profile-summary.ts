import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a service's CPU went, from the V8 profiles `--cpu-prof` writes: the entries with the most
 * self time (time in a function itself, not in what it calls) by function, by file and by package.
 * Several profiles (one per api process) are added up. See bench/README.md.
 *
 *   node dist/bench/transitions/profile-summary.js [--top N] <file.cpuprofile | directory> ...
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** The V8 nodes that are no JavaScript function: time outside JavaScript. */
const SPECIAL = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/**
 * Self time per node in microseconds. As Chrome's DevTools read it: sample i was taken at the sum
 * of the first i + 1 deltas and stands for the time until the next sample (the last one until the
 * profile's end).
 */
export function selfTimes(profile: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let at = profile.startTime;
  const stamps = samples.map((_, i) => (at += deltas[i] ?? 0));
  for (let i = 0; i < samples.length; i += 1) {
    const next = i + 1 < samples.length ? stamps[i + 1]! : profile.endTime;
    const duration = Math.max(0, next - stamps[i]!);
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + duration);
  }
  return self;
}

/** A script's place: its path under the build output (dist/…) or under node_modules, else its URL. */
function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  const dist = path.lastIndexOf('/dist/');
  if (dist >= 0) return path.slice(dist + '/dist/'.length);
  return path;
}

/** The package a script belongs to: an npm package, node's own code, or a part of this project. */
export function packageOf(frame: CallFrame): string {
  if (SPECIAL.has(frame.functionName) && frame.url === '') return `${frame.functionName} (V8)`;
  const url = frame.url.replace(/^file:\/\//, '');
  if (url === '') return '(native code)';
  if (url.startsWith('node:')) return 'node (built-in modules)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const project = /\/dist\/((?:apps|libs|bench|test)\/[^/]+)\//.exec(url);
  if (project) return `jixiao ${project[1]}`;
  return shortUrl(url);
}

function functionOf(frame: CallFrame): string {
  if (SPECIAL.has(frame.functionName) && frame.url === '') return frame.functionName;
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  return frame.url === '' ? `${name} (native)` : `${name} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

function fileOf(frame: CallFrame): string {
  if (SPECIAL.has(frame.functionName) && frame.url === '') return frame.functionName;
  return frame.url === '' ? '(native code)' : shortUrl(frame.url);
}

export interface Summary {
  profiles: number;
  /** Sampled time in ms, and how much of it the process was idle (waiting for I/O). */
  totalMs: number;
  idleMs: number;
  byFunction: Array<[string, number]>;
  byFile: Array<[string, number]>;
  byPackage: Array<[string, number]>;
}

/** Adds up the profiles' self times by function, by file and by package, largest first, in ms. */
export function summarise(profiles: CpuProfile[]): Summary {
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  for (const profile of profiles) {
    const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    for (const [id, us] of selfTimes(profile)) {
      const frame = frames.get(id);
      if (!frame) continue;
      totalUs += us;
      if (frame.functionName === '(idle)' && frame.url === '') {
        idleUs += us;
        continue;
      }
      add(byFunction, functionOf(frame), us);
      add(byFile, fileOf(frame), us);
      add(byPackage, packageOf(frame), us);
    }
  }
  const sorted = (map: Map<string, number>) => [...map].map(([key, us]): [string, number] => [key, us / 1000]).sort((a, b) => b[1] - a[1]);
  return {
    profiles: profiles.length,
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    byFunction: sorted(byFunction),
    byFile: sorted(byFile),
    byPackage: sorted(byPackage),
  };
}

function profilePaths(args: string[]): string[] {
  const paths: string[] = [];
  for (const arg of args) {
    if (statSync(arg).isDirectory()) {
      for (const name of readdirSync(arg).sort()) if (name.endsWith('.cpuprofile')) paths.push(join(arg, name));
    } else {
      paths.push(arg);
    }
  }
  return paths;
}

function describe(summary: Summary, top: number): string[] {
  const busy = summary.totalMs - summary.idleMs;
  const lines = [
    `${summary.profiles} profile(s): ${(summary.totalMs / 1000).toFixed(1)} s sampled, ${(summary.idleMs / 1000).toFixed(1)} s idle, ` +
      `${(busy / 1000).toFixed(1)} s busy; shares below are of the busy time`,
  ];
  const table = (title: string, rows: Array<[string, number]>) => {
    lines.push('', `top ${Math.min(top, rows.length)} by self time, ${title}:`);
    for (const [key, valueMs] of rows.slice(0, top)) {
      lines.push(`  ${valueMs.toFixed(0).padStart(8)} ms ${((valueMs / busy) * 100).toFixed(1).padStart(5)}%  ${key}`);
    }
  };
  table('by package', summary.byPackage);
  table('by file', summary.byFile);
  table('by function', summary.byFunction);
  return lines;
}

function main(argv: string[]): void {
  let top = 20;
  const args: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--top') {
      top = Number(argv[++i]);
      if (!Number.isInteger(top) || top < 1) throw new Error('--top takes a positive whole number.');
    } else {
      args.push(argv[i]!);
    }
  }
  const paths = profilePaths(args);
  if (paths.length === 0) {
    throw new Error('Name one or more .cpuprofile files or directories holding them, e.g. node dist/bench/transitions/profile-summary.js /tmp/prof');
  }
  const profiles = paths.map((path) => JSON.parse(readFileSync(path, 'utf8')) as CpuProfile);
  for (const line of describe(summarise(profiles), top)) console.log(line);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`profile summary failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
