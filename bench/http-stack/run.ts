import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';

/**
 * CPU of the API process per request through the HTTP stack (see bench/README.md): process.cpuUsage
 * of each application over many keep-alive requests, several applications interleaved round by round
 * so that the machine's speed of the moment touches each alike. Traffic goes to 127.0.0.1 only.
 *
 *   node dist/bench/http-stack/run.js [app | /path/to/compiled/module.js ...]
 */
interface Server {
  name: string;
  child: ChildProcess;
  port: number;
}

interface Probe {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  status: number;
}

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const REQUESTS = Number(process.env.REQUESTS ?? 3000);
const WARM_UP = 2000;
const CONCURRENCY = 8;
// A token of the right form: the events route looks its session up in the (stubbed) use case.
const TOKEN = 'a'.repeat(43);

const PROBES: Probe[] = [
  {
    name: 'POST /api/cases/:id/events (stub use case)',
    method: 'POST',
    path: '/api/cases/0b0f8a56-3f6c-4d8e-9a51-2f6b4f0c9d21/events',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'APPROVE', comment: '同意' }),
    status: 200,
  },
  { name: 'GET /api/health (one database round trip)', method: 'GET', path: '/api/health', headers: {}, status: 200 },
];

const children: ChildProcess[] = [];

function start(name: string): Promise<Server> {
  const child = fork(join(__dirname, 'server.js'), [name], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ name, child, port: message.port }));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}

function cpuMicros(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.child.once('message', (message: { cpu: NodeJS.CpuUsage }) => resolve(message.cpu.user + message.cpu.system));
    server.child.send('cpu');
  });
}

function send(agent: Agent, port: number, probe: Probe): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method: probe.method, path: probe.path, headers: probe.headers, agent }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === probe.status ? resolve() : reject(new Error(`${probe.name}: status ${response.statusCode}`))));
    });
    outgoing.on('error', reject);
    outgoing.end(probe.body);
  });
}

async function load(server: Server, probe: Probe, count: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let left = count;
  const lane = async () => {
    while (left > 0) {
      left -= 1;
      await send(agent, server.port, probe);
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  } finally {
    agent.destroy();
  }
}

async function main(): Promise<void> {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['app'];
  const servers: Server[] = [];
  for (const name of names) servers.push(await start(name));
  for (const server of servers) for (const probe of PROBES) await load(server, probe, WARM_UP);
  const results = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const probe of PROBES) {
      // Alternate the order, so that no application always runs first after a pause.
      for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
        const before = await cpuMicros(server);
        await load(server, probe, REQUESTS);
        const after = await cpuMicros(server);
        const key = `${probe.name} | ${server.name}`;
        results.set(key, [...(results.get(key) ?? []), (after - before) / REQUESTS]);
      }
    }
  }
  for (const [key, values] of results) {
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    process.stdout.write(`${key}: median ${median.toFixed(0)} µs CPU/request (rounds: ${values.map((v) => v.toFixed(0)).join(', ')})\n`);
  }
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) child.kill('SIGTERM');
  });
